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
            coupon_ids (list[str] | Unset): Coupons by id (a code of a coupon counts as its coupon).
            campaign_ids (list[str] | Unset):
            channels (list[str] | Unset): Channels as sent in `context.channel`; `""` is "no channel".
            currencies (list[str] | Unset): ISO currency codes; `""` is "no currency".
    """

    coupon_ids: list[str] | Unset = UNSET
    campaign_ids: list[str] | Unset = UNSET
    channels: list[str] | Unset = UNSET
    currencies: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        coupon_ids: list[str] | Unset = UNSET
        if not isinstance(self.coupon_ids, Unset):
            coupon_ids = self.coupon_ids

        campaign_ids: list[str] | Unset = UNSET
        if not isinstance(self.campaign_ids, Unset):
            campaign_ids = self.campaign_ids

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels

        currencies: list[str] | Unset = UNSET
        if not isinstance(self.currencies, Unset):
            currencies = self.currencies

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if coupon_ids is not UNSET:
            field_dict["coupon_ids"] = coupon_ids
        if campaign_ids is not UNSET:
            field_dict["campaign_ids"] = campaign_ids
        if channels is not UNSET:
            field_dict["channels"] = channels
        if currencies is not UNSET:
            field_dict["currencies"] = currencies

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        coupon_ids = cast(list[str], d.pop("coupon_ids", UNSET))

        campaign_ids = cast(list[str], d.pop("campaign_ids", UNSET))

        channels = cast(list[str], d.pop("channels", UNSET))

        currencies = cast(list[str], d.pop("currencies", UNSET))

        filters = cls(
            coupon_ids=coupon_ids,
            campaign_ids=campaign_ids,
            channels=channels,
            currencies=currencies,
        )

        return filters
