from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.coupon_status import CouponStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CodeView")


@_attrs_define
class CodeView:
    """One code of a template.

    Attributes:
        code (str):
        coupon_id (str):
        status (CouponStatus): Lifecycle status as stored. `expired` is also reported for an active coupon
            whose `valid_until` has passed (see [`Coupon::effective_status`]).
        uses_count (int):
        max_uses (int | None | Unset):
        user_id (None | str | Unset): The customer the code is bound to, if any.
    """

    code: str
    coupon_id: str
    status: CouponStatus
    uses_count: int
    max_uses: int | None | Unset = UNSET
    user_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        coupon_id = self.coupon_id

        status = self.status.value

        uses_count = self.uses_count

        max_uses: int | None | Unset
        if isinstance(self.max_uses, Unset):
            max_uses = UNSET
        else:
            max_uses = self.max_uses

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "coupon_id": coupon_id,
                "status": status,
                "uses_count": uses_count,
            }
        )
        if max_uses is not UNSET:
            field_dict["max_uses"] = max_uses
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        coupon_id = d.pop("coupon_id")

        status = CouponStatus(d.pop("status"))

        uses_count = d.pop("uses_count")

        def _parse_max_uses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses = _parse_max_uses(d.pop("max_uses", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        code_view = cls(
            code=code,
            coupon_id=coupon_id,
            status=status,
            uses_count=uses_count,
            max_uses=max_uses,
            user_id=user_id,
        )

        code_view.additional_properties = d
        return code_view

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
