from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.channel_figures import ChannelFigures
    from ..models.overview_discount_by_currency import OverviewDiscountByCurrency
    from ..models.overview_refusals_by_reason import OverviewRefusalsByReason
    from ..models.overview_revenue_by_currency import OverviewRevenueByCurrency
    from ..models.top_coupon import TopCoupon


T = TypeVar("T", bound="Overview")


@_attrs_define
class Overview:
    """Tenant-level KPIs over a range.

    Attributes:
        by_channel (list[ChannelFigures]):
        discount_by_currency (OverviewDiscountByCurrency):
        end (datetime.datetime):
        fraud_suspicions (int): Refusals whose reason suggests abuse: a customer past their own limit,
            a revoked code (`FRAUD_SIGNAL_REASONS`).
        refusals (int):
        refusals_by_reason (OverviewRefusalsByReason):
        revenue_by_currency (OverviewRevenueByCurrency):
        start (datetime.datetime):
        time_zone (str):
        top_coupons (list[TopCoupon]): Coupons with the most redemptions, most first.
        total_redemptions (int):
        unique_customers (int):
        valid_validations (int):
        validations (int):
        voids (int):
        discount_given (float | None | Unset): Discount given, when it is all in one currency.
        redeem_rate (float | None | Unset): `redemptions ÷ (redemptions + refusals)`; `null` without attempts.
        revenue_impact (float | None | Unset): Order value of the redemptions, when they are all in one currency.
    """

    by_channel: list[ChannelFigures]
    discount_by_currency: OverviewDiscountByCurrency
    end: datetime.datetime
    fraud_suspicions: int
    refusals: int
    refusals_by_reason: OverviewRefusalsByReason
    revenue_by_currency: OverviewRevenueByCurrency
    start: datetime.datetime
    time_zone: str
    top_coupons: list[TopCoupon]
    total_redemptions: int
    unique_customers: int
    valid_validations: int
    validations: int
    voids: int
    discount_given: float | None | Unset = UNSET
    redeem_rate: float | None | Unset = UNSET
    revenue_impact: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_channel = []
        for by_channel_item_data in self.by_channel:
            by_channel_item = by_channel_item_data.to_dict()
            by_channel.append(by_channel_item)

        discount_by_currency = self.discount_by_currency.to_dict()

        end = self.end.isoformat()

        fraud_suspicions = self.fraud_suspicions

        refusals = self.refusals

        refusals_by_reason = self.refusals_by_reason.to_dict()

        revenue_by_currency = self.revenue_by_currency.to_dict()

        start = self.start.isoformat()

        time_zone = self.time_zone

        top_coupons = []
        for top_coupons_item_data in self.top_coupons:
            top_coupons_item = top_coupons_item_data.to_dict()
            top_coupons.append(top_coupons_item)

        total_redemptions = self.total_redemptions

        unique_customers = self.unique_customers

        valid_validations = self.valid_validations

        validations = self.validations

        voids = self.voids

        discount_given: float | None | Unset
        if isinstance(self.discount_given, Unset):
            discount_given = UNSET
        else:
            discount_given = self.discount_given

        redeem_rate: float | None | Unset
        if isinstance(self.redeem_rate, Unset):
            redeem_rate = UNSET
        else:
            redeem_rate = self.redeem_rate

        revenue_impact: float | None | Unset
        if isinstance(self.revenue_impact, Unset):
            revenue_impact = UNSET
        else:
            revenue_impact = self.revenue_impact

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_channel": by_channel,
                "discount_by_currency": discount_by_currency,
                "end": end,
                "fraud_suspicions": fraud_suspicions,
                "refusals": refusals,
                "refusals_by_reason": refusals_by_reason,
                "revenue_by_currency": revenue_by_currency,
                "start": start,
                "time_zone": time_zone,
                "top_coupons": top_coupons,
                "total_redemptions": total_redemptions,
                "unique_customers": unique_customers,
                "valid_validations": valid_validations,
                "validations": validations,
                "voids": voids,
            }
        )
        if discount_given is not UNSET:
            field_dict["discount_given"] = discount_given
        if redeem_rate is not UNSET:
            field_dict["redeem_rate"] = redeem_rate
        if revenue_impact is not UNSET:
            field_dict["revenue_impact"] = revenue_impact

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.channel_figures import ChannelFigures
        from ..models.overview_discount_by_currency import OverviewDiscountByCurrency
        from ..models.overview_refusals_by_reason import OverviewRefusalsByReason
        from ..models.overview_revenue_by_currency import OverviewRevenueByCurrency
        from ..models.top_coupon import TopCoupon

        d = dict(src_dict)
        by_channel = []
        _by_channel = d.pop("by_channel")
        for by_channel_item_data in _by_channel:
            by_channel_item = ChannelFigures.from_dict(by_channel_item_data)

            by_channel.append(by_channel_item)

        discount_by_currency = OverviewDiscountByCurrency.from_dict(
            d.pop("discount_by_currency")
        )

        end = datetime.datetime.fromisoformat(d.pop("end"))

        fraud_suspicions = d.pop("fraud_suspicions")

        refusals = d.pop("refusals")

        refusals_by_reason = OverviewRefusalsByReason.from_dict(
            d.pop("refusals_by_reason")
        )

        revenue_by_currency = OverviewRevenueByCurrency.from_dict(
            d.pop("revenue_by_currency")
        )

        start = datetime.datetime.fromisoformat(d.pop("start"))

        time_zone = d.pop("time_zone")

        top_coupons = []
        _top_coupons = d.pop("top_coupons")
        for top_coupons_item_data in _top_coupons:
            top_coupons_item = TopCoupon.from_dict(top_coupons_item_data)

            top_coupons.append(top_coupons_item)

        total_redemptions = d.pop("total_redemptions")

        unique_customers = d.pop("unique_customers")

        valid_validations = d.pop("valid_validations")

        validations = d.pop("validations")

        voids = d.pop("voids")

        def _parse_discount_given(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        discount_given = _parse_discount_given(d.pop("discount_given", UNSET))

        def _parse_redeem_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        redeem_rate = _parse_redeem_rate(d.pop("redeem_rate", UNSET))

        def _parse_revenue_impact(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        revenue_impact = _parse_revenue_impact(d.pop("revenue_impact", UNSET))

        overview = cls(
            by_channel=by_channel,
            discount_by_currency=discount_by_currency,
            end=end,
            fraud_suspicions=fraud_suspicions,
            refusals=refusals,
            refusals_by_reason=refusals_by_reason,
            revenue_by_currency=revenue_by_currency,
            start=start,
            time_zone=time_zone,
            top_coupons=top_coupons,
            total_redemptions=total_redemptions,
            unique_customers=unique_customers,
            valid_validations=valid_validations,
            validations=validations,
            voids=voids,
            discount_given=discount_given,
            redeem_rate=redeem_rate,
            revenue_impact=revenue_impact,
        )

        overview.additional_properties = d
        return overview

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
