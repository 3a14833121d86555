from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.quota import Quota


T = TypeVar("T", bound="CampaignUsage")


@_attrs_define
class CampaignUsage:
    """How much of the budget is used.

    Attributes:
        coupons (int): Coupons holding a lease.
        leased (Quota): An amount of campaign quota: redemptions and money per currency.
        spent (Quota): An amount of campaign quota: redemptions and money per currency.
    """

    coupons: int
    leased: Quota
    spent: Quota
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coupons = self.coupons

        leased = self.leased.to_dict()

        spent = self.spent.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coupons": coupons,
                "leased": leased,
                "spent": spent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.quota import Quota

        d = dict(src_dict)
        coupons = d.pop("coupons")

        leased = Quota.from_dict(d.pop("leased"))

        spent = Quota.from_dict(d.pop("spent"))

        campaign_usage = cls(
            coupons=coupons,
            leased=leased,
            spent=spent,
        )

        campaign_usage.additional_properties = d
        return campaign_usage

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
