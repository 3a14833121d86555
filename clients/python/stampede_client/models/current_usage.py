from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CurrentUsage")


@_attrs_define
class CurrentUsage:
    """Seed 001 `usage_limits.current_usage`.

    Attributes:
        today_used (int):
        total_used (int):
        remaining_uses (int | None | Unset):
    """

    today_used: int
    total_used: int
    remaining_uses: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        today_used = self.today_used

        total_used = self.total_used

        remaining_uses: int | None | Unset
        if isinstance(self.remaining_uses, Unset):
            remaining_uses = UNSET
        else:
            remaining_uses = self.remaining_uses

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "today_used": today_used,
                "total_used": total_used,
            }
        )
        if remaining_uses is not UNSET:
            field_dict["remaining_uses"] = remaining_uses

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        today_used = d.pop("today_used")

        total_used = d.pop("total_used")

        def _parse_remaining_uses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        remaining_uses = _parse_remaining_uses(d.pop("remaining_uses", UNSET))

        current_usage = cls(
            today_used=today_used,
            total_used=total_used,
            remaining_uses=remaining_uses,
        )

        current_usage.additional_properties = d
        return current_usage

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
