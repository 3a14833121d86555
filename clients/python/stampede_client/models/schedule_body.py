from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.schedule_status import ScheduleStatus
from ..models.schedule_target import ScheduleTarget
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduleBody")


@_attrs_define
class ScheduleBody:
    """Body of `POST /schedule` (and the fields of `PATCH`).

    Attributes:
        duration_secs (int | None | Unset):
        end (datetime.datetime | None | Unset):
        recurrence (None | str | Unset): Cron: `0 9 * * Mon-Fri`, 6 fields with seconds, or `cron(…)`.
        start (datetime.datetime | None | Unset):
        status (None | ScheduleStatus | Unset):
        target (None | ScheduleTarget | Unset):
        target_id (None | str | Unset):
        time_zone (None | str | Unset):
        version (int | None | Unset): PATCH only: the version read.
    """

    duration_secs: int | None | Unset = UNSET
    end: datetime.datetime | None | Unset = UNSET
    recurrence: None | str | Unset = UNSET
    start: datetime.datetime | None | Unset = UNSET
    status: None | ScheduleStatus | Unset = UNSET
    target: None | ScheduleTarget | Unset = UNSET
    target_id: None | str | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        recurrence: None | str | Unset
        if isinstance(self.recurrence, Unset):
            recurrence = UNSET
        else:
            recurrence = self.recurrence

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.datetime):
            start = self.start.isoformat()
        else:
            start = self.start

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ScheduleStatus):
            status = self.status.value
        else:
            status = self.status

        target: None | str | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        elif isinstance(self.target, ScheduleTarget):
            target = self.target.value
        else:
            target = self.target

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        else:
            target_id = self.target_id

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if duration_secs is not UNSET:
            field_dict["duration_secs"] = duration_secs
        if end is not UNSET:
            field_dict["end"] = end
        if recurrence is not UNSET:
            field_dict["recurrence"] = recurrence
        if start is not UNSET:
            field_dict["start"] = start
        if status is not UNSET:
            field_dict["status"] = status
        if target is not UNSET:
            field_dict["target"] = target
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

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

        def _parse_recurrence(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recurrence = _parse_recurrence(d.pop("recurrence", UNSET))

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

        def _parse_status(data: object) -> None | ScheduleStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = ScheduleStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduleStatus | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_target(data: object) -> None | ScheduleTarget | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_type_1 = ScheduleTarget(data)

                return target_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduleTarget | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        def _parse_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_id = _parse_target_id(d.pop("target_id", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        schedule_body = cls(
            duration_secs=duration_secs,
            end=end,
            recurrence=recurrence,
            start=start,
            status=status,
            target=target,
            target_id=target_id,
            time_zone=time_zone,
            version=version,
        )

        return schedule_body
