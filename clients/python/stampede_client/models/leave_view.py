from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LeaveView")


@_attrs_define
class LeaveView:
    """What leaving took.

    Attributes:
        node_id (str):
        remaining_actors (int): Actors still alive when the wait ended: 0 means every key was handed
            off; more means the timeout passed and the shutdown drains the rest.
        took_ms (int): From the call to the last actor handed off (or the timeout), in ms.
    """

    node_id: str
    remaining_actors: int
    took_ms: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node_id = self.node_id

        remaining_actors = self.remaining_actors

        took_ms = self.took_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node_id": node_id,
                "remaining_actors": remaining_actors,
                "took_ms": took_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        node_id = d.pop("node_id")

        remaining_actors = d.pop("remaining_actors")

        took_ms = d.pop("took_ms")

        leave_view = cls(
            node_id=node_id,
            remaining_actors=remaining_actors,
            took_ms=took_ms,
        )

        leave_view.additional_properties = d
        return leave_view

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
