from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.coupon_status import CouponStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AddCodes")


@_attrs_define
class AddCodes:
    """Body of `POST /coupons/{id}/codes`: explicit `codes`, or `count` random ones.

    Attributes:
        codes (list[str] | Unset):
        count (int | None | Unset):
        length (int | None | Unset):
        prefix (None | str | Unset):
        status (CouponStatus | None | Unset):
        user_ids (list[str] | Unset): One code per listed customer, bound to them: anyone else is refused
            `not_eligible` (seed 002's bulk generation for users).
    """

    codes: list[str] | Unset = UNSET
    count: int | None | Unset = UNSET
    length: int | None | Unset = UNSET
    prefix: None | str | Unset = UNSET
    status: CouponStatus | None | Unset = UNSET
    user_ids: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        codes: list[str] | Unset = UNSET
        if not isinstance(self.codes, Unset):
            codes = self.codes

        count: int | None | Unset
        if isinstance(self.count, Unset):
            count = UNSET
        else:
            count = self.count

        length: int | None | Unset
        if isinstance(self.length, Unset):
            length = UNSET
        else:
            length = self.length

        prefix: None | str | Unset
        if isinstance(self.prefix, Unset):
            prefix = UNSET
        else:
            prefix = self.prefix

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, CouponStatus):
            status = self.status.value
        else:
            status = self.status

        user_ids: list[str] | Unset = UNSET
        if not isinstance(self.user_ids, Unset):
            user_ids = self.user_ids

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if codes is not UNSET:
            field_dict["codes"] = codes
        if count is not UNSET:
            field_dict["count"] = count
        if length is not UNSET:
            field_dict["length"] = length
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if status is not UNSET:
            field_dict["status"] = status
        if user_ids is not UNSET:
            field_dict["user_ids"] = user_ids

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        codes = cast(list[str], d.pop("codes", UNSET))

        def _parse_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        count = _parse_count(d.pop("count", UNSET))

        def _parse_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        length = _parse_length(d.pop("length", UNSET))

        def _parse_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prefix = _parse_prefix(d.pop("prefix", UNSET))

        def _parse_status(data: object) -> CouponStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = CouponStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CouponStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        user_ids = cast(list[str], d.pop("user_ids", UNSET))

        add_codes = cls(
            codes=codes,
            count=count,
            length=length,
            prefix=prefix,
            status=status,
            user_ids=user_ids,
        )

        return add_codes
