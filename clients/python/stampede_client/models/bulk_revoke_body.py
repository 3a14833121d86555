from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.revoke_filters import RevokeFilters


T = TypeVar("T", bound="BulkRevokeBody")


@_attrs_define
class BulkRevokeBody:
    """Body of `POST /coupons/bulk-revoke`: a list (`coupon_ids` or `codes`) or
    `filters`; kept as the job's spec (the list as its rows).

        Attributes:
            codes (list[str] | Unset):
            coupon_ids (list[str] | Unset):
            filters (None | RevokeFilters | Unset):
            reason (None | str | Unset):
            release_reserved (bool | Unset): Release the revoked coupons' pending reservations.
    """

    codes: list[str] | Unset = UNSET
    coupon_ids: list[str] | Unset = UNSET
    filters: None | RevokeFilters | Unset = UNSET
    reason: None | str | Unset = UNSET
    release_reserved: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.revoke_filters import RevokeFilters

        codes: list[str] | Unset = UNSET
        if not isinstance(self.codes, Unset):
            codes = self.codes

        coupon_ids: list[str] | Unset = UNSET
        if not isinstance(self.coupon_ids, Unset):
            coupon_ids = self.coupon_ids

        filters: dict[str, Any] | None | Unset
        if isinstance(self.filters, Unset):
            filters = UNSET
        elif isinstance(self.filters, RevokeFilters):
            filters = self.filters.to_dict()
        else:
            filters = self.filters

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        release_reserved = self.release_reserved

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if codes is not UNSET:
            field_dict["codes"] = codes
        if coupon_ids is not UNSET:
            field_dict["coupon_ids"] = coupon_ids
        if filters is not UNSET:
            field_dict["filters"] = filters
        if reason is not UNSET:
            field_dict["reason"] = reason
        if release_reserved is not UNSET:
            field_dict["release_reserved"] = release_reserved

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.revoke_filters import RevokeFilters

        d = dict(src_dict)
        codes = cast(list[str], d.pop("codes", UNSET))

        coupon_ids = cast(list[str], d.pop("coupon_ids", UNSET))

        def _parse_filters(data: object) -> None | RevokeFilters | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                filters_type_1 = RevokeFilters.from_dict(data)

                return filters_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RevokeFilters | Unset, data)

        filters = _parse_filters(d.pop("filters", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        release_reserved = d.pop("release_reserved", UNSET)

        bulk_revoke_body = cls(
            codes=codes,
            coupon_ids=coupon_ids,
            filters=filters,
            reason=reason,
            release_reserved=release_reserved,
        )

        return bulk_revoke_body
