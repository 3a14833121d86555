from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.context import Context


T = TypeVar("T", bound="CheckBody")


@_attrs_define
class CheckBody:
    """Body of `POST /limits/check`.

    Attributes:
        coupon_code (str):
        context (Context | Unset): The checkout context of a validate or redeem request.
    """

    coupon_code: str
    context: Context | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        coupon_code = self.coupon_code

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "coupon_code": coupon_code,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.context import Context

        d = dict(src_dict)
        coupon_code = d.pop("coupon_code")

        _context = d.pop("context", UNSET)
        context: Context | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = Context.from_dict(_context)

        check_body = cls(
            coupon_code=coupon_code,
            context=context,
        )

        return check_body
