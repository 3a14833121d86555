from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClassRates")


@_attrs_define
class ClassRates:
    """Requests per minute for each scope class; `None` is the node's default.

    Attributes:
        admin (int | None | Unset): Everything else.
        redeem (int | None | Unset): Redemptions, reservations, confirm, release and void.
        validate (int | None | Unset): `validate`, `preview`, `eligibility/check`, `limits/check`, `coupons/lookup`
            and the sandbox's validate and preview.
    """

    admin: int | None | Unset = UNSET
    redeem: int | None | Unset = UNSET
    validate: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        admin: int | None | Unset
        if isinstance(self.admin, Unset):
            admin = UNSET
        else:
            admin = self.admin

        redeem: int | None | Unset
        if isinstance(self.redeem, Unset):
            redeem = UNSET
        else:
            redeem = self.redeem

        validate: int | None | Unset
        if isinstance(self.validate, Unset):
            validate = UNSET
        else:
            validate = self.validate

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if admin is not UNSET:
            field_dict["admin"] = admin
        if redeem is not UNSET:
            field_dict["redeem"] = redeem
        if validate is not UNSET:
            field_dict["validate"] = validate

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_admin(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        admin = _parse_admin(d.pop("admin", UNSET))

        def _parse_redeem(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        redeem = _parse_redeem(d.pop("redeem", UNSET))

        def _parse_validate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        validate = _parse_validate(d.pop("validate", UNSET))

        class_rates = cls(
            admin=admin,
            redeem=redeem,
            validate=validate,
        )

        return class_rates
