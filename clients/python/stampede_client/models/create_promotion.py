from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.promotion_status import PromotionStatus
from ..models.promotion_type import PromotionType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_promotion_display_settings import (
        CreatePromotionDisplaySettings,
    )
    from ..models.discount_rules import DiscountRules
    from ..models.eligibility_criteria import EligibilityCriteria
    from ..models.schedule import Schedule
    from ..models.usage_limits import UsageLimits


T = TypeVar("T", bound="CreatePromotion")


@_attrs_define
class CreatePromotion:
    """Body of `POST /campaigns/{campaign_id}/promotions` (seed 001 request fields).

    Attributes:
        description (str):
        discount_rules (DiscountRules): Seed 001 `discount_rules`. The seed's fields plus what each promotion type
            needs; amounts are in `currency`, or in the cart's currency when absent.
        promotion_name (str):
        promotion_type (PromotionType): Seed 001 `promotion_type`.
        schedule (Schedule): A schedule as stored and returned.
        auto_apply (bool | Unset):
        display_settings (CreatePromotionDisplaySettings | Unset):
        eligibility_criteria (EligibilityCriteria | Unset): Seed 001 `eligibility_criteria`.
        promotion_code (None | str | Unset):
        stackable (bool | Unset):
        status (None | PromotionStatus | Unset):
        usage_limits (UsageLimits | Unset): Seed 001 `usage_limits`.
    """

    description: str
    discount_rules: DiscountRules
    promotion_name: str
    promotion_type: PromotionType
    schedule: Schedule
    auto_apply: bool | Unset = UNSET
    display_settings: CreatePromotionDisplaySettings | Unset = UNSET
    eligibility_criteria: EligibilityCriteria | Unset = UNSET
    promotion_code: None | str | Unset = UNSET
    stackable: bool | Unset = UNSET
    status: None | PromotionStatus | Unset = UNSET
    usage_limits: UsageLimits | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        discount_rules = self.discount_rules.to_dict()

        promotion_name = self.promotion_name

        promotion_type = self.promotion_type.value

        schedule = self.schedule.to_dict()

        auto_apply = self.auto_apply

        display_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.display_settings, Unset):
            display_settings = self.display_settings.to_dict()

        eligibility_criteria: dict[str, Any] | Unset = UNSET
        if not isinstance(self.eligibility_criteria, Unset):
            eligibility_criteria = self.eligibility_criteria.to_dict()

        promotion_code: None | str | Unset
        if isinstance(self.promotion_code, Unset):
            promotion_code = UNSET
        else:
            promotion_code = self.promotion_code

        stackable = self.stackable

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, PromotionStatus):
            status = self.status.value
        else:
            status = self.status

        usage_limits: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage_limits, Unset):
            usage_limits = self.usage_limits.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "discount_rules": discount_rules,
                "promotion_name": promotion_name,
                "promotion_type": promotion_type,
                "schedule": schedule,
            }
        )
        if auto_apply is not UNSET:
            field_dict["auto_apply"] = auto_apply
        if display_settings is not UNSET:
            field_dict["display_settings"] = display_settings
        if eligibility_criteria is not UNSET:
            field_dict["eligibility_criteria"] = eligibility_criteria
        if promotion_code is not UNSET:
            field_dict["promotion_code"] = promotion_code
        if stackable is not UNSET:
            field_dict["stackable"] = stackable
        if status is not UNSET:
            field_dict["status"] = status
        if usage_limits is not UNSET:
            field_dict["usage_limits"] = usage_limits

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_promotion_display_settings import (
            CreatePromotionDisplaySettings,
        )
        from ..models.discount_rules import DiscountRules
        from ..models.eligibility_criteria import EligibilityCriteria
        from ..models.schedule import Schedule
        from ..models.usage_limits import UsageLimits

        d = dict(src_dict)
        description = d.pop("description")

        discount_rules = DiscountRules.from_dict(d.pop("discount_rules"))

        promotion_name = d.pop("promotion_name")

        promotion_type = PromotionType(d.pop("promotion_type"))

        schedule = Schedule.from_dict(d.pop("schedule"))

        auto_apply = d.pop("auto_apply", UNSET)

        _display_settings = d.pop("display_settings", UNSET)
        display_settings: CreatePromotionDisplaySettings | Unset
        if isinstance(_display_settings, Unset):
            display_settings = UNSET
        else:
            display_settings = CreatePromotionDisplaySettings.from_dict(
                _display_settings
            )

        _eligibility_criteria = d.pop("eligibility_criteria", UNSET)
        eligibility_criteria: EligibilityCriteria | Unset
        if isinstance(_eligibility_criteria, Unset):
            eligibility_criteria = UNSET
        else:
            eligibility_criteria = EligibilityCriteria.from_dict(_eligibility_criteria)

        def _parse_promotion_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        promotion_code = _parse_promotion_code(d.pop("promotion_code", UNSET))

        stackable = d.pop("stackable", UNSET)

        def _parse_status(data: object) -> None | PromotionStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = PromotionStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromotionStatus | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        _usage_limits = d.pop("usage_limits", UNSET)
        usage_limits: UsageLimits | Unset
        if isinstance(_usage_limits, Unset):
            usage_limits = UNSET
        else:
            usage_limits = UsageLimits.from_dict(_usage_limits)

        create_promotion = cls(
            description=description,
            discount_rules=discount_rules,
            promotion_name=promotion_name,
            promotion_type=promotion_type,
            schedule=schedule,
            auto_apply=auto_apply,
            display_settings=display_settings,
            eligibility_criteria=eligibility_criteria,
            promotion_code=promotion_code,
            stackable=stackable,
            status=status,
            usage_limits=usage_limits,
        )

        return create_promotion
