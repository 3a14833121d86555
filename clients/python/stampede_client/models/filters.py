from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Filters")


@_attrs_define
class Filters:
    """Which rows a query sums; every list empty means all. Values within a list
    are alternatives (OR); lists combine (AND).

        Attributes:
            campaign_ids (list[str] | Unset):
            channels (list[str] | Unset): Channels as sent in `context.channel`; `""` is "no channel".
            coupon_ids (list[str] | Unset): Coupons by id (a code of a coupon counts as its coupon).
            currencies (list[str] | Unset): ISO currency codes; `""` is "no currency".
    """

    campaign_ids: list[str] | Unset = UNSET
    channels: list[str] | Unset = UNSET
    coupon_ids: list[str] | Unset = UNSET
    currencies: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        campaign_ids: list[str] | Unset = UNSET
        if not isinstance(self.campaign_ids, Unset):
            campaign_ids = self.campaign_ids

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels

        coupon_ids: list[str] | Unset = UNSET
        if not isinstance(self.coupon_ids, Unset):
            coupon_ids = self.coupon_ids

        currencies: list[str] | Unset = UNSET
        if not isinstance(self.currencies, Unset):
            currencies = self.currencies

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if campaign_ids is not UNSET:
            field_dict["campaign_ids"] = campaign_ids
        if channels is not UNSET:
            field_dict["channels"] = channels
        if coupon_ids is not UNSET:
            field_dict["coupon_ids"] = coupon_ids
        if currencies is not UNSET:
            field_dict["currencies"] = currencies

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        campaign_ids = cast(list[str], d.pop("campaign_ids", UNSET))

        channels = cast(list[str], d.pop("channels", UNSET))

        coupon_ids = cast(list[str], d.pop("coupon_ids", UNSET))

        currencies = cast(list[str], d.pop("currencies", UNSET))

        filters = cls(
            campaign_ids=campaign_ids,
            channels=channels,
            coupon_ids=coupon_ids,
            currencies=currencies,
        )

        return filters
