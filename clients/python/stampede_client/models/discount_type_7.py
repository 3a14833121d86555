from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discount_type_7_type import DiscountType7Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="DiscountType7")


@_attrs_define
class DiscountType7:
    """`percent` (default 100) of shipping, at most `max_amount`.

    Attributes:
        type_ (DiscountType7Type):
        max_amount (list[Money] | Unset):
        percent (float | None | Unset):
    """

    type_: DiscountType7Type
    max_amount: list[Money] | Unset = UNSET
    percent: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        max_amount: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.max_amount, Unset):
            max_amount = []
            for max_amount_item_data in self.max_amount:
                max_amount_item = max_amount_item_data.to_dict()
                max_amount.append(max_amount_item)

        percent: float | None | Unset
        if isinstance(self.percent, Unset):
            percent = UNSET
        else:
            percent = self.percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if max_amount is not UNSET:
            field_dict["max_amount"] = max_amount
        if percent is not UNSET:
            field_dict["percent"] = percent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.money import Money

        d = dict(src_dict)
        type_ = DiscountType7Type(d.pop("type"))

        _max_amount = d.pop("max_amount", UNSET)
        max_amount: list[Money] | Unset = UNSET
        if _max_amount is not UNSET:
            max_amount = []
            for max_amount_item_data in _max_amount:
                max_amount_item = Money.from_dict(max_amount_item_data)

                max_amount.append(max_amount_item)

        def _parse_percent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        percent = _parse_percent(d.pop("percent", UNSET))

        discount_type_7 = cls(
            type_=type_,
            max_amount=max_amount,
            percent=percent,
        )

        discount_type_7.additional_properties = d
        return discount_type_7

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
