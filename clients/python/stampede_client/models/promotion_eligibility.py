from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.promotion_eligibility_matched_rules_item import (
        PromotionEligibilityMatchedRulesItem,
    )


T = TypeVar("T", bound="PromotionEligibility")


@_attrs_define
class PromotionEligibility:
    """
    Attributes:
        automatic (bool):
        eligible (bool):
        matched_rules (list[PromotionEligibilityMatchedRulesItem]): The promotion's rule clauses, matched or not, with
            what was observed.
        promotion_id (str):
        reasons (list[str]): The engine's reasons; for a coupon's code, its actor's (what
            `/validate` answers for the same cart).
        code (None | str | Unset):
    """

    automatic: bool
    eligible: bool
    matched_rules: list[PromotionEligibilityMatchedRulesItem]
    promotion_id: str
    reasons: list[str]
    code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        automatic = self.automatic

        eligible = self.eligible

        matched_rules = []
        for matched_rules_item_data in self.matched_rules:
            matched_rules_item = matched_rules_item_data.to_dict()
            matched_rules.append(matched_rules_item)

        promotion_id = self.promotion_id

        reasons = self.reasons

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "automatic": automatic,
                "eligible": eligible,
                "matched_rules": matched_rules,
                "promotion_id": promotion_id,
                "reasons": reasons,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.promotion_eligibility_matched_rules_item import (
            PromotionEligibilityMatchedRulesItem,
        )

        d = dict(src_dict)
        automatic = d.pop("automatic")

        eligible = d.pop("eligible")

        matched_rules = []
        _matched_rules = d.pop("matched_rules")
        for matched_rules_item_data in _matched_rules:
            matched_rules_item = PromotionEligibilityMatchedRulesItem.from_dict(
                matched_rules_item_data
            )

            matched_rules.append(matched_rules_item)

        promotion_id = d.pop("promotion_id")

        reasons = cast(list[str], d.pop("reasons"))

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        promotion_eligibility = cls(
            automatic=automatic,
            eligible=eligible,
            matched_rules=matched_rules,
            promotion_id=promotion_id,
            reasons=reasons,
            code=code,
        )

        promotion_eligibility.additional_properties = d
        return promotion_eligibility

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
