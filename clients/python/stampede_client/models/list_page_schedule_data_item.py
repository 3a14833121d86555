from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.schedule_action import ScheduleAction
from ..models.schedule_status import ScheduleStatus
from ..models.schedule_target import ScheduleTarget
from ..types import UNSET, Unset

T = TypeVar("T", bound="ListPageScheduleDataItem")


@_attrs_define
class ListPageScheduleDataItem:
    """A schedule as stored and returned.

    Attributes:
        created_at (datetime.datetime):
        id (str):
        status (ScheduleStatus):
        target (ScheduleTarget): What a schedule drives.
        target_id (str):
        updated_at (datetime.datetime):
        version (int):
        duration_secs (int | None | Unset): With a recurrence: how long each occurrence stays active.
        end (datetime.datetime | None | Unset):
        last_error (None | str | Unset):
        last_run_at (datetime.datetime | None | Unset):
        next_action (None | ScheduleAction | Unset):
        next_run_at (datetime.datetime | None | Unset): The next event, if any.
        pause_due_at (datetime.datetime | None | Unset): A pause owed by the last occurrence (recurring schedules with a
            duration).
        recurrence (None | str | Unset): Cron expression: 5 fields (min hour dom mon dow), 6 with seconds first, or
            7 with a year; `cron(…)` is accepted.
        runs (int | Unset):
        start (datetime.datetime | None | Unset):
        time_zone (None | str | Unset): IANA zone the recurrence is read in; default UTC.
    """

    created_at: datetime.datetime
    id: str
    status: ScheduleStatus
    target: ScheduleTarget
    target_id: str
    updated_at: datetime.datetime
    version: int
    duration_secs: int | None | Unset = UNSET
    end: datetime.datetime | None | Unset = UNSET
    last_error: None | str | Unset = UNSET
    last_run_at: datetime.datetime | None | Unset = UNSET
    next_action: None | ScheduleAction | Unset = UNSET
    next_run_at: datetime.datetime | None | Unset = UNSET
    pause_due_at: datetime.datetime | None | Unset = UNSET
    recurrence: None | str | Unset = UNSET
    runs: int | Unset = UNSET
    start: datetime.datetime | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        status = self.status.value

        target = self.target.value

        target_id = self.target_id

        updated_at = self.updated_at.isoformat()

        version = self.version

        duration_secs: int | None | Unset
        if isinstance(self.duration_secs, Unset):
            duration_secs = UNSET
        else:
            duration_secs = self.duration_secs

        end: None | str | Unset
        if isinstance(self.end, Unset):
            end = UNSET
        elif isinstance(self.end, datetime.datetime):
            end = self.end.isoformat()
        else:
            end = self.end

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        last_run_at: None | str | Unset
        if isinstance(self.last_run_at, Unset):
            last_run_at = UNSET
        elif isinstance(self.last_run_at, datetime.datetime):
            last_run_at = self.last_run_at.isoformat()
        else:
            last_run_at = self.last_run_at

        next_action: None | str | Unset
        if isinstance(self.next_action, Unset):
            next_action = UNSET
        elif isinstance(self.next_action, ScheduleAction):
            next_action = self.next_action.value
        else:
            next_action = self.next_action

        next_run_at: None | str | Unset
        if isinstance(self.next_run_at, Unset):
            next_run_at = UNSET
        elif isinstance(self.next_run_at, datetime.datetime):
            next_run_at = self.next_run_at.isoformat()
        else:
            next_run_at = self.next_run_at

        pause_due_at: None | str | Unset
        if isinstance(self.pause_due_at, Unset):
            pause_due_at = UNSET
        elif isinstance(self.pause_due_at, datetime.datetime):
            pause_due_at = self.pause_due_at.isoformat()
        else:
            pause_due_at = self.pause_due_at

        recurrence: None | str | Unset
        if isinstance(self.recurrence, Unset):
            recurrence = UNSET
        else:
            recurrence = self.recurrence

        runs = self.runs

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.datetime):
            start = self.start.isoformat()
        else:
            start = self.start

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "status": status,
                "target": target,
                "target_id": target_id,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if duration_secs is not UNSET:
            field_dict["duration_secs"] = duration_secs
        if end is not UNSET:
            field_dict["end"] = end
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if last_run_at is not UNSET:
            field_dict["last_run_at"] = last_run_at
        if next_action is not UNSET:
            field_dict["next_action"] = next_action
        if next_run_at is not UNSET:
            field_dict["next_run_at"] = next_run_at
        if pause_due_at is not UNSET:
            field_dict["pause_due_at"] = pause_due_at
        if recurrence is not UNSET:
            field_dict["recurrence"] = recurrence
        if runs is not UNSET:
            field_dict["runs"] = runs
        if start is not UNSET:
            field_dict["start"] = start
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        status = ScheduleStatus(d.pop("status"))

        target = ScheduleTarget(d.pop("target"))

        target_id = d.pop("target_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_duration_secs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_secs = _parse_duration_secs(d.pop("duration_secs", UNSET))

        def _parse_end(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.datetime.fromisoformat(data)

                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        end = _parse_end(d.pop("end", UNSET))

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("last_error", UNSET))

        def _parse_last_run_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_run_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_run_at = _parse_last_run_at(d.pop("last_run_at", UNSET))

        def _parse_next_action(data: object) -> None | ScheduleAction | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_action_type_1 = ScheduleAction(data)

                return next_action_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduleAction | Unset, data)

        next_action = _parse_next_action(d.pop("next_action", UNSET))

        def _parse_next_run_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_run_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_run_at = _parse_next_run_at(d.pop("next_run_at", UNSET))

        def _parse_pause_due_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pause_due_at_type_0 = datetime.datetime.fromisoformat(data)

                return pause_due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        pause_due_at = _parse_pause_due_at(d.pop("pause_due_at", UNSET))

        def _parse_recurrence(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recurrence = _parse_recurrence(d.pop("recurrence", UNSET))

        runs = d.pop("runs", UNSET)

        def _parse_start(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.datetime.fromisoformat(data)

                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start = _parse_start(d.pop("start", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        list_page_schedule_data_item = cls(
            created_at=created_at,
            id=id,
            status=status,
            target=target,
            target_id=target_id,
            updated_at=updated_at,
            version=version,
            duration_secs=duration_secs,
            end=end,
            last_error=last_error,
            last_run_at=last_run_at,
            next_action=next_action,
            next_run_at=next_run_at,
            pause_due_at=pause_due_at,
            recurrence=recurrence,
            runs=runs,
            start=start,
            time_zone=time_zone,
        )

        list_page_schedule_data_item.additional_properties = d
        return list_page_schedule_data_item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
