from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HomeRegionView")


@_attrs_define
class HomeRegionView:
    """The tenant's home region and where this node stands.

    Attributes:
        node_region (str): The region of the node that answered.
        regions (list[str]): The regions that have a live member, as this node sees them.
        tenant_id (str):
        home_region (None | str | Unset): Absent: the tenant's keys are placed on the whole ring.
    """

    node_region: str
    regions: list[str]
    tenant_id: str
    home_region: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node_region = self.node_region

        regions = self.regions

        tenant_id = self.tenant_id

        home_region: None | str | Unset
        if isinstance(self.home_region, Unset):
            home_region = UNSET
        else:
            home_region = self.home_region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node_region": node_region,
                "regions": regions,
                "tenant_id": tenant_id,
            }
        )
        if home_region is not UNSET:
            field_dict["home_region"] = home_region

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        node_region = d.pop("node_region")

        regions = cast(list[str], d.pop("regions"))

        tenant_id = d.pop("tenant_id")

        def _parse_home_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        home_region = _parse_home_region(d.pop("home_region", UNSET))

        home_region_view = cls(
            node_region=node_region,
            regions=regions,
            tenant_id=tenant_id,
            home_region=home_region,
        )

        home_region_view.additional_properties = d
        return home_region_view

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
