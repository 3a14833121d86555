from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discount_type_9_type import DiscountType9Type

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="DiscountType9")


@_attrs_define
class DiscountType9:
    """Pays from a balance, goods first, then shipping.

    Attributes:
        balance (list[Money]):
        type_ (DiscountType9Type):
    """

    balance: list[Money]
    type_: DiscountType9Type
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance = []
        for balance_item_data in self.balance:
            balance_item = balance_item_data.to_dict()
            balance.append(balance_item)

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance": balance,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.money import Money

        d = dict(src_dict)
        balance = []
        _balance = d.pop("balance")
        for balance_item_data in _balance:
            balance_item = Money.from_dict(balance_item_data)

            balance.append(balance_item)

        type_ = DiscountType9Type(d.pop("type"))

        discount_type_9 = cls(
            balance=balance,
            type_=type_,
        )

        discount_type_9.additional_properties = d
        return discount_type_9

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
