from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.promotion_status import PromotionStatus
from ..models.promotion_type import PromotionType

if TYPE_CHECKING:
    from ..models.discount_rules import DiscountRules
    from ..models.eligibility_criteria import EligibilityCriteria
    from ..models.list_page_campaign_promotion_data_item_display_settings import (
        ListPageCampaignPromotionDataItemDisplaySettings,
    )
    from ..models.performance_metrics import PerformanceMetrics
    from ..models.schedule import Schedule
    from ..models.usage_limits import UsageLimits


T = TypeVar("T", bound="ListPageCampaignPromotionDataItem")


@_attrs_define
class ListPageCampaignPromotionDataItem:
    """A promotion within a campaign, as stored and returned (seed 001).

    Attributes:
        auto_apply (bool):
        campaign_id (str):
        created_at (datetime.datetime):
        created_by (str):
        description (str):
        discount_rules (DiscountRules): Seed 001 `discount_rules`. The seed's fields plus what each promotion type
            needs; amounts are in `currency`, or in the cart's currency when absent.
        display_settings (ListPageCampaignPromotionDataItemDisplaySettings):
        eligibility_criteria (EligibilityCriteria): Seed 001 `eligibility_criteria`.
        performance_metrics (PerformanceMetrics): Seed 001 `performance_metrics`.
        promotion_code (str):
        promotion_id (str):
        promotion_name (str):
        promotion_type (PromotionType): Seed 001 `promotion_type`.
        schedule (Schedule): A schedule as stored and returned.
        stackable (bool):
        status (PromotionStatus): Seed 001 `status`.
        updated_at (datetime.datetime):
        usage_limits (UsageLimits): Seed 001 `usage_limits`.
        version (int):
    """

    auto_apply: bool
    campaign_id: str
    created_at: datetime.datetime
    created_by: str
    description: str
    discount_rules: DiscountRules
    display_settings: ListPageCampaignPromotionDataItemDisplaySettings
    eligibility_criteria: EligibilityCriteria
    performance_metrics: PerformanceMetrics
    promotion_code: str
    promotion_id: str
    promotion_name: str
    promotion_type: PromotionType
    schedule: Schedule
    stackable: bool
    status: PromotionStatus
    updated_at: datetime.datetime
    usage_limits: UsageLimits
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auto_apply = self.auto_apply

        campaign_id = self.campaign_id

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        description = self.description

        discount_rules = self.discount_rules.to_dict()

        display_settings = self.display_settings.to_dict()

        eligibility_criteria = self.eligibility_criteria.to_dict()

        performance_metrics = self.performance_metrics.to_dict()

        promotion_code = self.promotion_code

        promotion_id = self.promotion_id

        promotion_name = self.promotion_name

        promotion_type = self.promotion_type.value

        schedule = self.schedule.to_dict()

        stackable = self.stackable

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        usage_limits = self.usage_limits.to_dict()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "auto_apply": auto_apply,
                "campaign_id": campaign_id,
                "created_at": created_at,
                "created_by": created_by,
                "description": description,
                "discount_rules": discount_rules,
                "display_settings": display_settings,
                "eligibility_criteria": eligibility_criteria,
                "performance_metrics": performance_metrics,
                "promotion_code": promotion_code,
                "promotion_id": promotion_id,
                "promotion_name": promotion_name,
                "promotion_type": promotion_type,
                "schedule": schedule,
                "stackable": stackable,
                "status": status,
                "updated_at": updated_at,
                "usage_limits": usage_limits,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.discount_rules import DiscountRules
        from ..models.eligibility_criteria import EligibilityCriteria
        from ..models.list_page_campaign_promotion_data_item_display_settings import (
            ListPageCampaignPromotionDataItemDisplaySettings,
        )
        from ..models.performance_metrics import PerformanceMetrics
        from ..models.schedule import Schedule
        from ..models.usage_limits import UsageLimits

        d = dict(src_dict)
        auto_apply = d.pop("auto_apply")

        campaign_id = d.pop("campaign_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        description = d.pop("description")

        discount_rules = DiscountRules.from_dict(d.pop("discount_rules"))

        display_settings = ListPageCampaignPromotionDataItemDisplaySettings.from_dict(
            d.pop("display_settings")
        )

        eligibility_criteria = EligibilityCriteria.from_dict(
            d.pop("eligibility_criteria")
        )

        performance_metrics = PerformanceMetrics.from_dict(d.pop("performance_metrics"))

        promotion_code = d.pop("promotion_code")

        promotion_id = d.pop("promotion_id")

        promotion_name = d.pop("promotion_name")

        promotion_type = PromotionType(d.pop("promotion_type"))

        schedule = Schedule.from_dict(d.pop("schedule"))

        stackable = d.pop("stackable")

        status = PromotionStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        usage_limits = UsageLimits.from_dict(d.pop("usage_limits"))

        version = d.pop("version")

        list_page_campaign_promotion_data_item = cls(
            auto_apply=auto_apply,
            campaign_id=campaign_id,
            created_at=created_at,
            created_by=created_by,
            description=description,
            discount_rules=discount_rules,
            display_settings=display_settings,
            eligibility_criteria=eligibility_criteria,
            performance_metrics=performance_metrics,
            promotion_code=promotion_code,
            promotion_id=promotion_id,
            promotion_name=promotion_name,
            promotion_type=promotion_type,
            schedule=schedule,
            stackable=stackable,
            status=status,
            updated_at=updated_at,
            usage_limits=usage_limits,
            version=version,
        )

        list_page_campaign_promotion_data_item.additional_properties = d
        return list_page_campaign_promotion_data_item

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
