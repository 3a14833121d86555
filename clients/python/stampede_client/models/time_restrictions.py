from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hours_of_day import HoursOfDay


T = TypeVar("T", bound="TimeRestrictions")


@_attrs_define
class TimeRestrictions:
    """Seed 001 `schedule.time_restrictions`.

    Attributes:
        days_of_week (list[str] | Unset):
        hours_of_day (HoursOfDay | None | Unset):
        time_zone (None | str | Unset): IANA zone the days and hours are read in; UTC when absent.
    """

    days_of_week: list[str] | Unset = UNSET
    hours_of_day: HoursOfDay | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.hours_of_day import HoursOfDay

        days_of_week: list[str] | Unset = UNSET
        if not isinstance(self.days_of_week, Unset):
            days_of_week = self.days_of_week

        hours_of_day: dict[str, Any] | None | Unset
        if isinstance(self.hours_of_day, Unset):
            hours_of_day = UNSET
        elif isinstance(self.hours_of_day, HoursOfDay):
            hours_of_day = self.hours_of_day.to_dict()
        else:
            hours_of_day = self.hours_of_day

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if days_of_week is not UNSET:
            field_dict["days_of_week"] = days_of_week
        if hours_of_day is not UNSET:
            field_dict["hours_of_day"] = hours_of_day
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hours_of_day import HoursOfDay

        d = dict(src_dict)
        days_of_week = cast(list[str], d.pop("days_of_week", UNSET))

        def _parse_hours_of_day(data: object) -> HoursOfDay | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hours_of_day_type_1 = HoursOfDay.from_dict(data)

                return hours_of_day_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HoursOfDay | None | Unset, data)

        hours_of_day = _parse_hours_of_day(d.pop("hours_of_day", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        time_restrictions = cls(
            days_of_week=days_of_week,
            hours_of_day=hours_of_day,
            time_zone=time_zone,
        )

        return time_restrictions
