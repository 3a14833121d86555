from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.charset_name import CharsetName
from ..models.coupon_status import CouponStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="GenerateBody")


@_attrs_define
class GenerateBody:
    """Body of `POST /coupons/generate` (and `POST /coupons/{id}/generate`).

    Attributes:
        charset (CharsetName | None | Unset):
        count (int | None | Unset): Codes to make; with `user_ids`, one per customer.
        coupon_id (None | str | Unset): The coupon whose codes these are (seed 000 calls it `template_id`).
        custom_charset (None | str | Unset): The symbols of a `custom` charset.
        custom_codes (list[str] | Unset): The codes to add instead of generated ones (seed 002).
        length (int | None | Unset): Random characters when there is no pattern (default 8).
        pattern (None | str | Unset): Literal characters and `{RAND:n}` placeholders, e.g. `SUMMER-{RAND:8}`.
        postfix (None | str | Unset):
        prefix (None | str | Unset):
        status (CouponStatus | None | Unset):
        unique (bool | None | Unset): Codes are always unique within the tenant; `false` is refused.
        user_ids (list[str] | Unset): One code per customer, bound to them (seed 002).
    """

    charset: CharsetName | None | Unset = UNSET
    count: int | None | Unset = UNSET
    coupon_id: None | str | Unset = UNSET
    custom_charset: None | str | Unset = UNSET
    custom_codes: list[str] | Unset = UNSET
    length: int | None | Unset = UNSET
    pattern: None | str | Unset = UNSET
    postfix: None | str | Unset = UNSET
    prefix: None | str | Unset = UNSET
    status: CouponStatus | None | Unset = UNSET
    unique: bool | None | Unset = UNSET
    user_ids: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        charset: None | str | Unset
        if isinstance(self.charset, Unset):
            charset = UNSET
        elif isinstance(self.charset, CharsetName):
            charset = self.charset.value
        else:
            charset = self.charset

        count: int | None | Unset
        if isinstance(self.count, Unset):
            count = UNSET
        else:
            count = self.count

        coupon_id: None | str | Unset
        if isinstance(self.coupon_id, Unset):
            coupon_id = UNSET
        else:
            coupon_id = self.coupon_id

        custom_charset: None | str | Unset
        if isinstance(self.custom_charset, Unset):
            custom_charset = UNSET
        else:
            custom_charset = self.custom_charset

        custom_codes: list[str] | Unset = UNSET
        if not isinstance(self.custom_codes, Unset):
            custom_codes = self.custom_codes

        length: int | None | Unset
        if isinstance(self.length, Unset):
            length = UNSET
        else:
            length = self.length

        pattern: None | str | Unset
        if isinstance(self.pattern, Unset):
            pattern = UNSET
        else:
            pattern = self.pattern

        postfix: None | str | Unset
        if isinstance(self.postfix, Unset):
            postfix = UNSET
        else:
            postfix = self.postfix

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

        unique: bool | None | Unset
        if isinstance(self.unique, Unset):
            unique = UNSET
        else:
            unique = self.unique

        user_ids: list[str] | Unset = UNSET
        if not isinstance(self.user_ids, Unset):
            user_ids = self.user_ids

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if charset is not UNSET:
            field_dict["charset"] = charset
        if count is not UNSET:
            field_dict["count"] = count
        if coupon_id is not UNSET:
            field_dict["coupon_id"] = coupon_id
        if custom_charset is not UNSET:
            field_dict["custom_charset"] = custom_charset
        if custom_codes is not UNSET:
            field_dict["custom_codes"] = custom_codes
        if length is not UNSET:
            field_dict["length"] = length
        if pattern is not UNSET:
            field_dict["pattern"] = pattern
        if postfix is not UNSET:
            field_dict["postfix"] = postfix
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if status is not UNSET:
            field_dict["status"] = status
        if unique is not UNSET:
            field_dict["unique"] = unique
        if user_ids is not UNSET:
            field_dict["user_ids"] = user_ids

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_charset(data: object) -> CharsetName | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                charset_type_1 = CharsetName(data)

                return charset_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CharsetName | None | Unset, data)

        charset = _parse_charset(d.pop("charset", UNSET))

        def _parse_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        count = _parse_count(d.pop("count", UNSET))

        def _parse_coupon_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coupon_id = _parse_coupon_id(d.pop("coupon_id", UNSET))

        def _parse_custom_charset(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        custom_charset = _parse_custom_charset(d.pop("custom_charset", UNSET))

        custom_codes = cast(list[str], d.pop("custom_codes", UNSET))

        def _parse_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        length = _parse_length(d.pop("length", UNSET))

        def _parse_pattern(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pattern = _parse_pattern(d.pop("pattern", UNSET))

        def _parse_postfix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postfix = _parse_postfix(d.pop("postfix", UNSET))

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

        def _parse_unique(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        unique = _parse_unique(d.pop("unique", UNSET))

        user_ids = cast(list[str], d.pop("user_ids", UNSET))

        generate_body = cls(
            charset=charset,
            count=count,
            coupon_id=coupon_id,
            custom_charset=custom_charset,
            custom_codes=custom_codes,
            length=length,
            pattern=pattern,
            postfix=postfix,
            prefix=prefix,
            status=status,
            unique=unique,
            user_ids=user_ids,
        )

        return generate_body
