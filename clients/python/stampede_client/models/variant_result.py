from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.variant_result_revenue_by_currency import (
        VariantResultRevenueByCurrency,
    )


T = TypeVar("T", bound="VariantResult")


@_attrs_define
class VariantResult:
    """One variant's numbers.

    Attributes:
        variant_id (str):
        allocation (float):
        exposures (int): Subjects assigned (each counted once).
        conversions (int): Distinct customers who redeemed the variant's coupon in the window,
            counted up to the exposures.
        redeem_rate (float): `conversions / exposures` (0 with no exposure).
        revenue (str): Order value of those redemptions in the reported currency.
        revenue_per_exposure (str):
        revenue_by_currency (VariantResultRevenueByCurrency): Order value per currency, as redeemed.
    """

    variant_id: str
    allocation: float
    exposures: int
    conversions: int
    redeem_rate: float
    revenue: str
    revenue_per_exposure: str
    revenue_by_currency: VariantResultRevenueByCurrency
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        variant_id = self.variant_id

        allocation = self.allocation

        exposures = self.exposures

        conversions = self.conversions

        redeem_rate = self.redeem_rate

        revenue = self.revenue

        revenue_per_exposure = self.revenue_per_exposure

        revenue_by_currency = self.revenue_by_currency.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "variant_id": variant_id,
                "allocation": allocation,
                "exposures": exposures,
                "conversions": conversions,
                "redeem_rate": redeem_rate,
                "revenue": revenue,
                "revenue_per_exposure": revenue_per_exposure,
                "revenue_by_currency": revenue_by_currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.variant_result_revenue_by_currency import (
            VariantResultRevenueByCurrency,
        )

        d = dict(src_dict)
        variant_id = d.pop("variant_id")

        allocation = d.pop("allocation")

        exposures = d.pop("exposures")

        conversions = d.pop("conversions")

        redeem_rate = d.pop("redeem_rate")

        revenue = d.pop("revenue")

        revenue_per_exposure = d.pop("revenue_per_exposure")

        revenue_by_currency = VariantResultRevenueByCurrency.from_dict(
            d.pop("revenue_by_currency")
        )

        variant_result = cls(
            variant_id=variant_id,
            allocation=allocation,
            exposures=exposures,
            conversions=conversions,
            redeem_rate=redeem_rate,
            revenue=revenue,
            revenue_per_exposure=revenue_per_exposure,
            revenue_by_currency=revenue_by_currency,
        )

        variant_result.additional_properties = d
        return variant_result

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
