from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.top_coupon_discount import TopCouponDiscount
    from ..models.top_coupon_revenue import TopCouponRevenue


T = TypeVar("T", bound="TopCoupon")


@_attrs_define
class TopCoupon:
    """
    Attributes:
        coupon_id (str):
        discount (TopCouponDiscount):
        redemptions (int):
        revenue (TopCouponRevenue):
        unique_customers (int):
    """

    coupon_id: str
    discount: TopCouponDiscount
    redemptions: int
    revenue: TopCouponRevenue
    unique_customers: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coupon_id = self.coupon_id

        discount = self.discount.to_dict()

        redemptions = self.redemptions

        revenue = self.revenue.to_dict()

        unique_customers = self.unique_customers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coupon_id": coupon_id,
                "discount": discount,
                "redemptions": redemptions,
                "revenue": revenue,
                "unique_customers": unique_customers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.top_coupon_discount import TopCouponDiscount
        from ..models.top_coupon_revenue import TopCouponRevenue

        d = dict(src_dict)
        coupon_id = d.pop("coupon_id")

        discount = TopCouponDiscount.from_dict(d.pop("discount"))

        redemptions = d.pop("redemptions")

        revenue = TopCouponRevenue.from_dict(d.pop("revenue"))

        unique_customers = d.pop("unique_customers")

        top_coupon = cls(
            coupon_id=coupon_id,
            discount=discount,
            redemptions=redemptions,
            revenue=revenue,
            unique_customers=unique_customers,
        )

        top_coupon.additional_properties = d
        return top_coupon

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
