from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MembersChanged")


@_attrs_define
class MembersChanged:
    """What an import or removal of explicit members changed.

    Attributes:
        changed (int): Users whose membership changed.
        member_count (int):
        unchanged (int): Users already in (import) or already out (removal).
    """

    changed: int
    member_count: int
    unchanged: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        changed = self.changed

        member_count = self.member_count

        unchanged = self.unchanged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "changed": changed,
                "member_count": member_count,
                "unchanged": unchanged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        changed = d.pop("changed")

        member_count = d.pop("member_count")

        unchanged = d.pop("unchanged")

        members_changed = cls(
            changed=changed,
            member_count=member_count,
            unchanged=unchanged,
        )

        members_changed.additional_properties = d
        return members_changed

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
