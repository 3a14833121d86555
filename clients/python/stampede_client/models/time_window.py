from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.day import Day
from ..types import UNSET, Unset

T = TypeVar("T", bound="TimeWindow")


@_attrs_define
class TimeWindow:
    """When redemptions are allowed: on `days` (every day when empty), from `start`
    (inclusive) to `end` (exclusive) local time. `end` before `start` spans
    midnight.

        Attributes:
            end (str):  Example: 17:30:00.
            start (str):  Example: 09:00:00.
            days (list[Day] | Unset):
    """

    end: str
    start: str
    days: list[Day] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        start = self.start

        days: list[str] | Unset = UNSET
        if not isinstance(self.days, Unset):
            days = []
            for days_item_data in self.days:
                days_item = days_item_data.value
                days.append(days_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end": end,
                "start": start,
            }
        )
        if days is not UNSET:
            field_dict["days"] = days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        end = d.pop("end")

        start = d.pop("start")

        _days = d.pop("days", UNSET)
        days: list[Day] | Unset = UNSET
        if _days is not UNSET:
            days = []
            for days_item_data in _days:
                days_item = Day(days_item_data)

                days.append(days_item)

        time_window = cls(
            end=end,
            start=start,
            days=days,
        )

        return time_window
