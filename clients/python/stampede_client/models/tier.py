from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.money import Money
    from ..models.off import Off


T = TypeVar("T", bound="Tier")


@_attrs_define
class Tier:
    """One spend threshold of a tiered promotion.

    Attributes:
        min_subtotal (list[Money]): Eligible subtotal needed, per currency.
        off (Off): How much comes off the selected items of a BOGO, a bundle or a tier: exactly one
            of `percent` or per-currency `amounts`.
    """

    min_subtotal: list[Money]
    off: Off

    def to_dict(self) -> dict[str, Any]:
        min_subtotal = []
        for min_subtotal_item_data in self.min_subtotal:
            min_subtotal_item = min_subtotal_item_data.to_dict()
            min_subtotal.append(min_subtotal_item)

        off = self.off.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "min_subtotal": min_subtotal,
                "off": off,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.money import Money
        from ..models.off import Off

        d = dict(src_dict)
        min_subtotal = []
        _min_subtotal = d.pop("min_subtotal")
        for min_subtotal_item_data in _min_subtotal:
            min_subtotal_item = Money.from_dict(min_subtotal_item_data)

            min_subtotal.append(min_subtotal_item)

        off = Off.from_dict(d.pop("off"))

        tier = cls(
            min_subtotal=min_subtotal,
            off=off,
        )

        return tier
