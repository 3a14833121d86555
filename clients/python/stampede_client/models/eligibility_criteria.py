from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EligibilityCriteria")


@_attrs_define
class EligibilityCriteria:
    """Seed 001 `eligibility_criteria`.

    Attributes:
        customer_segments (list[str] | Unset):
        first_time_customers_only (bool | Unset):  Default: False.
        geographic_restrictions (list[str] | Unset): Regions or countries the customer must ship to.
        loyalty_tier_requirements (list[str] | Unset):
        rule_ids (list[str] | Unset): Stored rules (by id) that must all hold.
    """

    customer_segments: list[str] | Unset = UNSET
    first_time_customers_only: bool | Unset = False
    geographic_restrictions: list[str] | Unset = UNSET
    loyalty_tier_requirements: list[str] | Unset = UNSET
    rule_ids: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        customer_segments: list[str] | Unset = UNSET
        if not isinstance(self.customer_segments, Unset):
            customer_segments = self.customer_segments

        first_time_customers_only = self.first_time_customers_only

        geographic_restrictions: list[str] | Unset = UNSET
        if not isinstance(self.geographic_restrictions, Unset):
            geographic_restrictions = self.geographic_restrictions

        loyalty_tier_requirements: list[str] | Unset = UNSET
        if not isinstance(self.loyalty_tier_requirements, Unset):
            loyalty_tier_requirements = self.loyalty_tier_requirements

        rule_ids: list[str] | Unset = UNSET
        if not isinstance(self.rule_ids, Unset):
            rule_ids = self.rule_ids

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if customer_segments is not UNSET:
            field_dict["customer_segments"] = customer_segments
        if first_time_customers_only is not UNSET:
            field_dict["first_time_customers_only"] = first_time_customers_only
        if geographic_restrictions is not UNSET:
            field_dict["geographic_restrictions"] = geographic_restrictions
        if loyalty_tier_requirements is not UNSET:
            field_dict["loyalty_tier_requirements"] = loyalty_tier_requirements
        if rule_ids is not UNSET:
            field_dict["rule_ids"] = rule_ids

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_segments = cast(list[str], d.pop("customer_segments", UNSET))

        first_time_customers_only = d.pop("first_time_customers_only", UNSET)

        geographic_restrictions = cast(
            list[str], d.pop("geographic_restrictions", UNSET)
        )

        loyalty_tier_requirements = cast(
            list[str], d.pop("loyalty_tier_requirements", UNSET)
        )

        rule_ids = cast(list[str], d.pop("rule_ids", UNSET))

        eligibility_criteria = cls(
            customer_segments=customer_segments,
            first_time_customers_only=first_time_customers_only,
            geographic_restrictions=geographic_restrictions,
            loyalty_tier_requirements=loyalty_tier_requirements,
            rule_ids=rule_ids,
        )

        return eligibility_criteria
