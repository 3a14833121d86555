from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.promotion_status import PromotionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.discount_rules import DiscountRules
    from ..models.eligibility_criteria import EligibilityCriteria
    from ..models.patch_promotion_display_settings_type_0 import (
        PatchPromotionDisplaySettingsType0,
    )
    from ..models.schedule import Schedule
    from ..models.usage_limits import UsageLimits


T = TypeVar("T", bound="PatchPromotion")


@_attrs_define
class PatchPromotion:
    """Body of `PATCH`: absent fields stay; type and code cannot change.

    Attributes:
        auto_apply (bool | None | Unset):
        description (None | str | Unset):
        discount_rules (DiscountRules | None | Unset):
        display_settings (None | PatchPromotionDisplaySettingsType0 | Unset):
        eligibility_criteria (EligibilityCriteria | None | Unset):
        promotion_name (None | str | Unset):
        schedule (None | Schedule | Unset):
        stackable (bool | None | Unset):
        status (None | PromotionStatus | Unset):
        usage_limits (None | Unset | UsageLimits):
        version (int | None | Unset):
    """

    auto_apply: bool | None | Unset = UNSET
    description: None | str | Unset = UNSET
    discount_rules: DiscountRules | None | Unset = UNSET
    display_settings: None | PatchPromotionDisplaySettingsType0 | Unset = UNSET
    eligibility_criteria: EligibilityCriteria | None | Unset = UNSET
    promotion_name: None | str | Unset = UNSET
    schedule: None | Schedule | Unset = UNSET
    stackable: bool | None | Unset = UNSET
    status: None | PromotionStatus | Unset = UNSET
    usage_limits: None | Unset | UsageLimits = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.discount_rules import DiscountRules
        from ..models.eligibility_criteria import EligibilityCriteria
        from ..models.patch_promotion_display_settings_type_0 import (
            PatchPromotionDisplaySettingsType0,
        )
        from ..models.schedule import Schedule
        from ..models.usage_limits import UsageLimits

        auto_apply: bool | None | Unset
        if isinstance(self.auto_apply, Unset):
            auto_apply = UNSET
        else:
            auto_apply = self.auto_apply

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        discount_rules: dict[str, Any] | None | Unset
        if isinstance(self.discount_rules, Unset):
            discount_rules = UNSET
        elif isinstance(self.discount_rules, DiscountRules):
            discount_rules = self.discount_rules.to_dict()
        else:
            discount_rules = self.discount_rules

        display_settings: dict[str, Any] | None | Unset
        if isinstance(self.display_settings, Unset):
            display_settings = UNSET
        elif isinstance(self.display_settings, PatchPromotionDisplaySettingsType0):
            display_settings = self.display_settings.to_dict()
        else:
            display_settings = self.display_settings

        eligibility_criteria: dict[str, Any] | None | Unset
        if isinstance(self.eligibility_criteria, Unset):
            eligibility_criteria = UNSET
        elif isinstance(self.eligibility_criteria, EligibilityCriteria):
            eligibility_criteria = self.eligibility_criteria.to_dict()
        else:
            eligibility_criteria = self.eligibility_criteria

        promotion_name: None | str | Unset
        if isinstance(self.promotion_name, Unset):
            promotion_name = UNSET
        else:
            promotion_name = self.promotion_name

        schedule: dict[str, Any] | None | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        elif isinstance(self.schedule, Schedule):
            schedule = self.schedule.to_dict()
        else:
            schedule = self.schedule

        stackable: bool | None | Unset
        if isinstance(self.stackable, Unset):
            stackable = UNSET
        else:
            stackable = self.stackable

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, PromotionStatus):
            status = self.status.value
        else:
            status = self.status

        usage_limits: dict[str, Any] | None | Unset
        if isinstance(self.usage_limits, Unset):
            usage_limits = UNSET
        elif isinstance(self.usage_limits, UsageLimits):
            usage_limits = self.usage_limits.to_dict()
        else:
            usage_limits = self.usage_limits

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if auto_apply is not UNSET:
            field_dict["auto_apply"] = auto_apply
        if description is not UNSET:
            field_dict["description"] = description
        if discount_rules is not UNSET:
            field_dict["discount_rules"] = discount_rules
        if display_settings is not UNSET:
            field_dict["display_settings"] = display_settings
        if eligibility_criteria is not UNSET:
            field_dict["eligibility_criteria"] = eligibility_criteria
        if promotion_name is not UNSET:
            field_dict["promotion_name"] = promotion_name
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if stackable is not UNSET:
            field_dict["stackable"] = stackable
        if status is not UNSET:
            field_dict["status"] = status
        if usage_limits is not UNSET:
            field_dict["usage_limits"] = usage_limits
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.discount_rules import DiscountRules
        from ..models.eligibility_criteria import EligibilityCriteria
        from ..models.patch_promotion_display_settings_type_0 import (
            PatchPromotionDisplaySettingsType0,
        )
        from ..models.schedule import Schedule
        from ..models.usage_limits import UsageLimits

        d = dict(src_dict)

        def _parse_auto_apply(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_apply = _parse_auto_apply(d.pop("auto_apply", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_discount_rules(data: object) -> DiscountRules | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                discount_rules_type_1 = DiscountRules.from_dict(data)

                return discount_rules_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DiscountRules | None | Unset, data)

        discount_rules = _parse_discount_rules(d.pop("discount_rules", UNSET))

        def _parse_display_settings(
            data: object,
        ) -> None | PatchPromotionDisplaySettingsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                display_settings_type_0 = PatchPromotionDisplaySettingsType0.from_dict(
                    data
                )

                return display_settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PatchPromotionDisplaySettingsType0 | Unset, data)

        display_settings = _parse_display_settings(d.pop("display_settings", UNSET))

        def _parse_eligibility_criteria(
            data: object,
        ) -> EligibilityCriteria | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                eligibility_criteria_type_1 = EligibilityCriteria.from_dict(data)

                return eligibility_criteria_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EligibilityCriteria | None | Unset, data)

        eligibility_criteria = _parse_eligibility_criteria(
            d.pop("eligibility_criteria", UNSET)
        )

        def _parse_promotion_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        promotion_name = _parse_promotion_name(d.pop("promotion_name", UNSET))

        def _parse_schedule(data: object) -> None | Schedule | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                schedule_type_1 = Schedule.from_dict(data)

                return schedule_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Schedule | Unset, data)

        schedule = _parse_schedule(d.pop("schedule", UNSET))

        def _parse_stackable(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        stackable = _parse_stackable(d.pop("stackable", UNSET))

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

        def _parse_usage_limits(data: object) -> None | Unset | UsageLimits:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_limits_type_1 = UsageLimits.from_dict(data)

                return usage_limits_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UsageLimits, data)

        usage_limits = _parse_usage_limits(d.pop("usage_limits", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        patch_promotion = cls(
            auto_apply=auto_apply,
            description=description,
            discount_rules=discount_rules,
            display_settings=display_settings,
            eligibility_criteria=eligibility_criteria,
            promotion_name=promotion_name,
            schedule=schedule,
            stackable=stackable,
            status=status,
            usage_limits=usage_limits,
            version=version,
        )

        return patch_promotion
