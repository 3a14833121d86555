from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.targeting import Targeting


T = TypeVar("T", bound="BundleComponent")


@_attrs_define
class BundleComponent:
    """One component of a bundle: `quantity` units of lines matching `target`.

    Attributes:
        quantity (int):
        target (Targeting): Which cart lines a promotion applies to. A line is eligible when no include list
            is given or it matches any include entry, and it matches no exclude entry:
            excludes always win.
    """

    quantity: int
    target: Targeting

    def to_dict(self) -> dict[str, Any]:
        quantity = self.quantity

        target = self.target.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "quantity": quantity,
                "target": target,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.targeting import Targeting

        d = dict(src_dict)
        quantity = d.pop("quantity")

        target = Targeting.from_dict(d.pop("target"))

        bundle_component = cls(
            quantity=quantity,
            target=target,
        )

        return bundle_component
