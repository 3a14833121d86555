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
        leased (Quota): An amount of campaign quota: redemptions and money per currency.
        spent (Quota): An amount of campaign quota: redemptions and money per currency.
        coupons (int): Coupons holding a lease.
    """

    leased: Quota
    spent: Quota
    coupons: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        leased = self.leased.to_dict()

        spent = self.spent.to_dict()

        coupons = self.coupons

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "leased": leased,
                "spent": spent,
                "coupons": coupons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.quota import Quota

        d = dict(src_dict)
        leased = Quota.from_dict(d.pop("leased"))

        spent = Quota.from_dict(d.pop("spent"))

        coupons = d.pop("coupons")

        campaign_usage = cls(
            leased=leased,
            spent=spent,
            coupons=coupons,
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
