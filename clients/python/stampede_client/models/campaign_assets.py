from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.campaign_assets_promotions_item import CampaignAssetsPromotionsItem
    from ..models.campaign_assets_rules_item import CampaignAssetsRulesItem
    from ..models.campaign_assets_segments_item import CampaignAssetsSegmentsItem
    from ..models.coupon import Coupon
    from ..models.creative import Creative


T = TypeVar("T", bound="CampaignAssets")


@_attrs_define
class CampaignAssets:
    """What is attached to a campaign.

    Attributes:
        campaign_id (str):
        coupons (list[Coupon]):
        creatives (list[Creative]): The campaign's creatives (`/campaigns/{id}/creatives`).
        promotions (list[CampaignAssetsPromotionsItem]): The campaign's promotions (seed 001).
        rules (list[CampaignAssetsRulesItem]): Rules the promotions' eligibility criteria reference.
        segments (list[CampaignAssetsSegmentsItem]): Segments the promotions' eligibility criteria reference.
        truncated (bool): True when the coupon scan stopped at its bound before seeing every coupon.
    """

    campaign_id: str
    coupons: list[Coupon]
    creatives: list[Creative]
    promotions: list[CampaignAssetsPromotionsItem]
    rules: list[CampaignAssetsRulesItem]
    segments: list[CampaignAssetsSegmentsItem]
    truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        campaign_id = self.campaign_id

        coupons = []
        for coupons_item_data in self.coupons:
            coupons_item = coupons_item_data.to_dict()
            coupons.append(coupons_item)

        creatives = []
        for creatives_item_data in self.creatives:
            creatives_item = creatives_item_data.to_dict()
            creatives.append(creatives_item)

        promotions = []
        for promotions_item_data in self.promotions:
            promotions_item = promotions_item_data.to_dict()
            promotions.append(promotions_item)

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        segments = []
        for segments_item_data in self.segments:
            segments_item = segments_item_data.to_dict()
            segments.append(segments_item)

        truncated = self.truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "campaign_id": campaign_id,
                "coupons": coupons,
                "creatives": creatives,
                "promotions": promotions,
                "rules": rules,
                "segments": segments,
                "truncated": truncated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.campaign_assets_promotions_item import (
            CampaignAssetsPromotionsItem,
        )
        from ..models.campaign_assets_rules_item import CampaignAssetsRulesItem
        from ..models.campaign_assets_segments_item import CampaignAssetsSegmentsItem
        from ..models.coupon import Coupon
        from ..models.creative import Creative

        d = dict(src_dict)
        campaign_id = d.pop("campaign_id")

        coupons = []
        _coupons = d.pop("coupons")
        for coupons_item_data in _coupons:
            coupons_item = Coupon.from_dict(coupons_item_data)

            coupons.append(coupons_item)

        creatives = []
        _creatives = d.pop("creatives")
        for creatives_item_data in _creatives:
            creatives_item = Creative.from_dict(creatives_item_data)

            creatives.append(creatives_item)

        promotions = []
        _promotions = d.pop("promotions")
        for promotions_item_data in _promotions:
            promotions_item = CampaignAssetsPromotionsItem.from_dict(
                promotions_item_data
            )

            promotions.append(promotions_item)

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = CampaignAssetsRulesItem.from_dict(rules_item_data)

            rules.append(rules_item)

        segments = []
        _segments = d.pop("segments")
        for segments_item_data in _segments:
            segments_item = CampaignAssetsSegmentsItem.from_dict(segments_item_data)

            segments.append(segments_item)

        truncated = d.pop("truncated")

        campaign_assets = cls(
            campaign_id=campaign_id,
            coupons=coupons,
            creatives=creatives,
            promotions=promotions,
            rules=rules,
            segments=segments,
            truncated=truncated,
        )

        campaign_assets.additional_properties = d
        return campaign_assets

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
