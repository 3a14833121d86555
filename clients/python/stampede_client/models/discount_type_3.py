from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discount_type_3_type import DiscountType3Type

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="DiscountType3")


@_attrs_define
class DiscountType3:
    """`amounts` off every eligible unit.

    Attributes:
        amounts (list[Money]):
        type_ (DiscountType3Type):
    """

    amounts: list[Money]
    type_: DiscountType3Type
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amounts = []
        for amounts_item_data in self.amounts:
            amounts_item = amounts_item_data.to_dict()
            amounts.append(amounts_item)

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amounts": amounts,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.money import Money

        d = dict(src_dict)
        amounts = []
        _amounts = d.pop("amounts")
        for amounts_item_data in _amounts:
            amounts_item = Money.from_dict(amounts_item_data)

            amounts.append(amounts_item)

        type_ = DiscountType3Type(d.pop("type"))

        discount_type_3 = cls(
            amounts=amounts,
            type_=type_,
        )

        discount_type_3.additional_properties = d
        return discount_type_3

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
