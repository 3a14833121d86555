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
        start (datetime.datetime):
        end (datetime.datetime):
        time_zone (str):
        total_redemptions (int):
        refusals (int):
        refusals_by_reason (OverviewRefusalsByReason):
        voids (int):
        validations (int):
        valid_validations (int):
        unique_customers (int):
        revenue_by_currency (OverviewRevenueByCurrency):
        discount_by_currency (OverviewDiscountByCurrency):
        top_coupons (list[TopCoupon]): Coupons with the most redemptions, most first.
        fraud_suspicions (int): Refusals whose reason suggests abuse: a customer past their own limit,
            a revoked code (`FRAUD_SIGNAL_REASONS`).
        by_channel (list[ChannelFigures]):
        redeem_rate (float | None | Unset): `redemptions ÷ (redemptions + refusals)`; `null` without attempts.
        revenue_impact (float | None | Unset): Order value of the redemptions, when they are all in one currency.
        discount_given (float | None | Unset): Discount given, when it is all in one currency.
    """

    start: datetime.datetime
    end: datetime.datetime
    time_zone: str
    total_redemptions: int
    refusals: int
    refusals_by_reason: OverviewRefusalsByReason
    voids: int
    validations: int
    valid_validations: int
    unique_customers: int
    revenue_by_currency: OverviewRevenueByCurrency
    discount_by_currency: OverviewDiscountByCurrency
    top_coupons: list[TopCoupon]
    fraud_suspicions: int
    by_channel: list[ChannelFigures]
    redeem_rate: float | None | Unset = UNSET
    revenue_impact: float | None | Unset = UNSET
    discount_given: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        end = self.end.isoformat()

        time_zone = self.time_zone

        total_redemptions = self.total_redemptions

        refusals = self.refusals

        refusals_by_reason = self.refusals_by_reason.to_dict()

        voids = self.voids

        validations = self.validations

        valid_validations = self.valid_validations

        unique_customers = self.unique_customers

        revenue_by_currency = self.revenue_by_currency.to_dict()

        discount_by_currency = self.discount_by_currency.to_dict()

        top_coupons = []
        for top_coupons_item_data in self.top_coupons:
            top_coupons_item = top_coupons_item_data.to_dict()
            top_coupons.append(top_coupons_item)

        fraud_suspicions = self.fraud_suspicions

        by_channel = []
        for by_channel_item_data in self.by_channel:
            by_channel_item = by_channel_item_data.to_dict()
            by_channel.append(by_channel_item)

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

        discount_given: float | None | Unset
        if isinstance(self.discount_given, Unset):
            discount_given = UNSET
        else:
            discount_given = self.discount_given

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "time_zone": time_zone,
                "total_redemptions": total_redemptions,
                "refusals": refusals,
                "refusals_by_reason": refusals_by_reason,
                "voids": voids,
                "validations": validations,
                "valid_validations": valid_validations,
                "unique_customers": unique_customers,
                "revenue_by_currency": revenue_by_currency,
                "discount_by_currency": discount_by_currency,
                "top_coupons": top_coupons,
                "fraud_suspicions": fraud_suspicions,
                "by_channel": by_channel,
            }
        )
        if redeem_rate is not UNSET:
            field_dict["redeem_rate"] = redeem_rate
        if revenue_impact is not UNSET:
            field_dict["revenue_impact"] = revenue_impact
        if discount_given is not UNSET:
            field_dict["discount_given"] = discount_given

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.channel_figures import ChannelFigures
        from ..models.overview_discount_by_currency import OverviewDiscountByCurrency
        from ..models.overview_refusals_by_reason import OverviewRefusalsByReason
        from ..models.overview_revenue_by_currency import OverviewRevenueByCurrency
        from ..models.top_coupon import TopCoupon

        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        time_zone = d.pop("time_zone")

        total_redemptions = d.pop("total_redemptions")

        refusals = d.pop("refusals")

        refusals_by_reason = OverviewRefusalsByReason.from_dict(
            d.pop("refusals_by_reason")
        )

        voids = d.pop("voids")

        validations = d.pop("validations")

        valid_validations = d.pop("valid_validations")

        unique_customers = d.pop("unique_customers")

        revenue_by_currency = OverviewRevenueByCurrency.from_dict(
            d.pop("revenue_by_currency")
        )

        discount_by_currency = OverviewDiscountByCurrency.from_dict(
            d.pop("discount_by_currency")
        )

        top_coupons = []
        _top_coupons = d.pop("top_coupons")
        for top_coupons_item_data in _top_coupons:
            top_coupons_item = TopCoupon.from_dict(top_coupons_item_data)

            top_coupons.append(top_coupons_item)

        fraud_suspicions = d.pop("fraud_suspicions")

        by_channel = []
        _by_channel = d.pop("by_channel")
        for by_channel_item_data in _by_channel:
            by_channel_item = ChannelFigures.from_dict(by_channel_item_data)

            by_channel.append(by_channel_item)

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

        def _parse_discount_given(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        discount_given = _parse_discount_given(d.pop("discount_given", UNSET))

        overview = cls(
            start=start,
            end=end,
            time_zone=time_zone,
            total_redemptions=total_redemptions,
            refusals=refusals,
            refusals_by_reason=refusals_by_reason,
            voids=voids,
            validations=validations,
            valid_validations=valid_validations,
            unique_customers=unique_customers,
            revenue_by_currency=revenue_by_currency,
            discount_by_currency=discount_by_currency,
            top_coupons=top_coupons,
            fraud_suspicions=fraud_suspicions,
            by_channel=by_channel,
            redeem_rate=redeem_rate,
            revenue_impact=revenue_impact,
            discount_given=discount_given,
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
