from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberView")


@_attrs_define
class MemberView:
    """
    Attributes:
        node_id (str):
        reachable (bool):
        region (str):
        ring_share (float): Fraction of keys this member owns on the current ring.
        live_actors (int | None | Unset): Coupon actors alive on the member; absent when it did not answer.
    """

    node_id: str
    reachable: bool
    region: str
    ring_share: float
    live_actors: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node_id = self.node_id

        reachable = self.reachable

        region = self.region

        ring_share = self.ring_share

        live_actors: int | None | Unset
        if isinstance(self.live_actors, Unset):
            live_actors = UNSET
        else:
            live_actors = self.live_actors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node_id": node_id,
                "reachable": reachable,
                "region": region,
                "ring_share": ring_share,
            }
        )
        if live_actors is not UNSET:
            field_dict["live_actors"] = live_actors

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        node_id = d.pop("node_id")

        reachable = d.pop("reachable")

        region = d.pop("region")

        ring_share = d.pop("ring_share")

        def _parse_live_actors(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        live_actors = _parse_live_actors(d.pop("live_actors", UNSET))

        member_view = cls(
            node_id=node_id,
            reachable=reachable,
            region=region,
            ring_share=ring_share,
            live_actors=live_actors,
        )

        member_view.additional_properties = d
        return member_view

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
