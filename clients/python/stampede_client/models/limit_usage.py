from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.limit_usage_counters import LimitUsageCounters


T = TypeVar("T", bound="LimitUsage")


@_attrs_define
class LimitUsage:
    """
    Attributes:
        counters (LimitUsageCounters):
        today (int):
    """

    counters: LimitUsageCounters
    today: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counters = self.counters.to_dict()

        today = self.today

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counters": counters,
                "today": today,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limit_usage_counters import LimitUsageCounters

        d = dict(src_dict)
        counters = LimitUsageCounters.from_dict(d.pop("counters"))

        today = d.pop("today")

        limit_usage = cls(
            counters=counters,
            today=today,
        )

        limit_usage.additional_properties = d
        return limit_usage

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
