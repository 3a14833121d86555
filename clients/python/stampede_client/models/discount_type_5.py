from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discount_type_5_type import DiscountType5Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bundle_component import BundleComponent
    from ..models.off import Off


T = TypeVar("T", bound="DiscountType5")


@_attrs_define
class DiscountType5:
    """A set of products at a fixed price (`off.amounts` is the bundle price) or with
    `off.percent` off.

        Attributes:
            components (list[BundleComponent]):
            off (Off): How much comes off the selected items of a BOGO, a bundle or a tier: exactly one
                of `percent` or per-currency `amounts`.
            type_ (DiscountType5Type):
            repeat_limit (int | None | Unset):
    """

    components: list[BundleComponent]
    off: Off
    type_: DiscountType5Type
    repeat_limit: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        components = []
        for components_item_data in self.components:
            components_item = components_item_data.to_dict()
            components.append(components_item)

        off = self.off.to_dict()

        type_ = self.type_.value

        repeat_limit: int | None | Unset
        if isinstance(self.repeat_limit, Unset):
            repeat_limit = UNSET
        else:
            repeat_limit = self.repeat_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "components": components,
                "off": off,
                "type": type_,
            }
        )
        if repeat_limit is not UNSET:
            field_dict["repeat_limit"] = repeat_limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.bundle_component import BundleComponent
        from ..models.off import Off

        d = dict(src_dict)
        components = []
        _components = d.pop("components")
        for components_item_data in _components:
            components_item = BundleComponent.from_dict(components_item_data)

            components.append(components_item)

        off = Off.from_dict(d.pop("off"))

        type_ = DiscountType5Type(d.pop("type"))

        def _parse_repeat_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        repeat_limit = _parse_repeat_limit(d.pop("repeat_limit", UNSET))

        discount_type_5 = cls(
            components=components,
            off=off,
            type_=type_,
            repeat_limit=repeat_limit,
        )

        discount_type_5.additional_properties = d
        return discount_type_5

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
