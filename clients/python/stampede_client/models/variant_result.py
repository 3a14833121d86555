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
        allocation (float):
        conversions (int): Distinct customers who redeemed the variant's coupon in the window,
            counted up to the exposures.
        exposures (int): Subjects assigned (each counted once).
        redeem_rate (float): `conversions / exposures` (0 with no exposure).
        revenue (str): Order value of those redemptions in the reported currency.
        revenue_by_currency (VariantResultRevenueByCurrency): Order value per currency, as redeemed.
        revenue_per_exposure (str):
        variant_id (str):
    """

    allocation: float
    conversions: int
    exposures: int
    redeem_rate: float
    revenue: str
    revenue_by_currency: VariantResultRevenueByCurrency
    revenue_per_exposure: str
    variant_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocation = self.allocation

        conversions = self.conversions

        exposures = self.exposures

        redeem_rate = self.redeem_rate

        revenue = self.revenue

        revenue_by_currency = self.revenue_by_currency.to_dict()

        revenue_per_exposure = self.revenue_per_exposure

        variant_id = self.variant_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocation": allocation,
                "conversions": conversions,
                "exposures": exposures,
                "redeem_rate": redeem_rate,
                "revenue": revenue,
                "revenue_by_currency": revenue_by_currency,
                "revenue_per_exposure": revenue_per_exposure,
                "variant_id": variant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.variant_result_revenue_by_currency import (
            VariantResultRevenueByCurrency,
        )

        d = dict(src_dict)
        allocation = d.pop("allocation")

        conversions = d.pop("conversions")

        exposures = d.pop("exposures")

        redeem_rate = d.pop("redeem_rate")

        revenue = d.pop("revenue")

        revenue_by_currency = VariantResultRevenueByCurrency.from_dict(
            d.pop("revenue_by_currency")
        )

        revenue_per_exposure = d.pop("revenue_per_exposure")

        variant_id = d.pop("variant_id")

        variant_result = cls(
            allocation=allocation,
            conversions=conversions,
            exposures=exposures,
            redeem_rate=redeem_rate,
            revenue=revenue,
            revenue_by_currency=revenue_by_currency,
            revenue_per_exposure=revenue_per_exposure,
            variant_id=variant_id,
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
