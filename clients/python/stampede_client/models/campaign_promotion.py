from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.promotion_status import PromotionStatus
from ..models.promotion_type import PromotionType

if TYPE_CHECKING:
    from ..models.campaign_promotion_display_settings import (
        CampaignPromotionDisplaySettings,
    )
    from ..models.discount_rules import DiscountRules
    from ..models.eligibility_criteria import EligibilityCriteria
    from ..models.performance_metrics import PerformanceMetrics
    from ..models.schedule import Schedule
    from ..models.usage_limits import UsageLimits


T = TypeVar("T", bound="CampaignPromotion")


@_attrs_define
class CampaignPromotion:
    """A promotion within a campaign, as stored and returned (seed 001).

    Attributes:
        promotion_id (str):
        campaign_id (str):
        promotion_name (str):
        promotion_type (PromotionType): Seed 001 `promotion_type`.
        description (str):
        promotion_code (str):
        status (PromotionStatus): Seed 001 `status`.
        discount_rules (DiscountRules): Seed 001 `discount_rules`. The seed's fields plus what each promotion type
            needs; amounts are in `currency`, or in the cart's currency when absent.
        eligibility_criteria (EligibilityCriteria): Seed 001 `eligibility_criteria`.
        usage_limits (UsageLimits): Seed 001 `usage_limits`.
        schedule (Schedule): A schedule as stored and returned.
        display_settings (CampaignPromotionDisplaySettings):
        auto_apply (bool):
        stackable (bool):
        performance_metrics (PerformanceMetrics): Seed 001 `performance_metrics`.
        created_at (datetime.datetime):
        created_by (str):
        updated_at (datetime.datetime):
        version (int):
    """

    promotion_id: str
    campaign_id: str
    promotion_name: str
    promotion_type: PromotionType
    description: str
    promotion_code: str
    status: PromotionStatus
    discount_rules: DiscountRules
    eligibility_criteria: EligibilityCriteria
    usage_limits: UsageLimits
    schedule: Schedule
    display_settings: CampaignPromotionDisplaySettings
    auto_apply: bool
    stackable: bool
    performance_metrics: PerformanceMetrics
    created_at: datetime.datetime
    created_by: str
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        promotion_id = self.promotion_id

        campaign_id = self.campaign_id

        promotion_name = self.promotion_name

        promotion_type = self.promotion_type.value

        description = self.description

        promotion_code = self.promotion_code

        status = self.status.value

        discount_rules = self.discount_rules.to_dict()

        eligibility_criteria = self.eligibility_criteria.to_dict()

        usage_limits = self.usage_limits.to_dict()

        schedule = self.schedule.to_dict()

        display_settings = self.display_settings.to_dict()

        auto_apply = self.auto_apply

        stackable = self.stackable

        performance_metrics = self.performance_metrics.to_dict()

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "promotion_id": promotion_id,
                "campaign_id": campaign_id,
                "promotion_name": promotion_name,
                "promotion_type": promotion_type,
                "description": description,
                "promotion_code": promotion_code,
                "status": status,
                "discount_rules": discount_rules,
                "eligibility_criteria": eligibility_criteria,
                "usage_limits": usage_limits,
                "schedule": schedule,
                "display_settings": display_settings,
                "auto_apply": auto_apply,
                "stackable": stackable,
                "performance_metrics": performance_metrics,
                "created_at": created_at,
                "created_by": created_by,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.campaign_promotion_display_settings import (
            CampaignPromotionDisplaySettings,
        )
        from ..models.discount_rules import DiscountRules
        from ..models.eligibility_criteria import EligibilityCriteria
        from ..models.performance_metrics import PerformanceMetrics
        from ..models.schedule import Schedule
        from ..models.usage_limits import UsageLimits

        d = dict(src_dict)
        promotion_id = d.pop("promotion_id")

        campaign_id = d.pop("campaign_id")

        promotion_name = d.pop("promotion_name")

        promotion_type = PromotionType(d.pop("promotion_type"))

        description = d.pop("description")

        promotion_code = d.pop("promotion_code")

        status = PromotionStatus(d.pop("status"))

        discount_rules = DiscountRules.from_dict(d.pop("discount_rules"))

        eligibility_criteria = EligibilityCriteria.from_dict(
            d.pop("eligibility_criteria")
        )

        usage_limits = UsageLimits.from_dict(d.pop("usage_limits"))

        schedule = Schedule.from_dict(d.pop("schedule"))

        display_settings = CampaignPromotionDisplaySettings.from_dict(
            d.pop("display_settings")
        )

        auto_apply = d.pop("auto_apply")

        stackable = d.pop("stackable")

        performance_metrics = PerformanceMetrics.from_dict(d.pop("performance_metrics"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        campaign_promotion = cls(
            promotion_id=promotion_id,
            campaign_id=campaign_id,
            promotion_name=promotion_name,
            promotion_type=promotion_type,
            description=description,
            promotion_code=promotion_code,
            status=status,
            discount_rules=discount_rules,
            eligibility_criteria=eligibility_criteria,
            usage_limits=usage_limits,
            schedule=schedule,
            display_settings=display_settings,
            auto_apply=auto_apply,
            stackable=stackable,
            performance_metrics=performance_metrics,
            created_at=created_at,
            created_by=created_by,
            updated_at=updated_at,
            version=version,
        )

        campaign_promotion.additional_properties = d
        return campaign_promotion

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
