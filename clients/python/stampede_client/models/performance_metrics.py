from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.performance_metrics_discount_by_currency import (
        PerformanceMetricsDiscountByCurrency,
    )


T = TypeVar("T", bound="PerformanceMetrics")


@_attrs_define
class PerformanceMetrics:
    """Seed 001 `performance_metrics`.

    Attributes:
        conversion_rate (float): Uses per valid check of the code (`/validate`): `total_uses /
            max(validations, total_uses)`.
        total_discount_given (float):
        total_uses (int):
        unique_customers (int):
        discount_by_currency (PerformanceMetricsDiscountByCurrency | Unset): The discount given, per currency
            (`total_discount_given` is the
            promotion's currency, or the only one used).
    """

    conversion_rate: float
    total_discount_given: float
    total_uses: int
    unique_customers: int
    discount_by_currency: PerformanceMetricsDiscountByCurrency | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversion_rate = self.conversion_rate

        total_discount_given = self.total_discount_given

        total_uses = self.total_uses

        unique_customers = self.unique_customers

        discount_by_currency: dict[str, Any] | Unset = UNSET
        if not isinstance(self.discount_by_currency, Unset):
            discount_by_currency = self.discount_by_currency.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversion_rate": conversion_rate,
                "total_discount_given": total_discount_given,
                "total_uses": total_uses,
                "unique_customers": unique_customers,
            }
        )
        if discount_by_currency is not UNSET:
            field_dict["discount_by_currency"] = discount_by_currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.performance_metrics_discount_by_currency import (
            PerformanceMetricsDiscountByCurrency,
        )

        d = dict(src_dict)
        conversion_rate = d.pop("conversion_rate")

        total_discount_given = d.pop("total_discount_given")

        total_uses = d.pop("total_uses")

        unique_customers = d.pop("unique_customers")

        _discount_by_currency = d.pop("discount_by_currency", UNSET)
        discount_by_currency: PerformanceMetricsDiscountByCurrency | Unset
        if isinstance(_discount_by_currency, Unset):
            discount_by_currency = UNSET
        else:
            discount_by_currency = PerformanceMetricsDiscountByCurrency.from_dict(
                _discount_by_currency
            )

        performance_metrics = cls(
            conversion_rate=conversion_rate,
            total_discount_given=total_discount_given,
            total_uses=total_uses,
            unique_customers=unique_customers,
            discount_by_currency=discount_by_currency,
        )

        performance_metrics.additional_properties = d
        return performance_metrics

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
