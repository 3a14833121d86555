from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.promotion_eligibility import PromotionEligibility


T = TypeVar("T", bound="EligibilityResult")


@_attrs_define
class EligibilityResult:
    """
    Attributes:
        eligible (bool): Whether any promotion is eligible.
        promotions (list[PromotionEligibility]):
        unknown_codes (list[str]):
    """

    eligible: bool
    promotions: list[PromotionEligibility]
    unknown_codes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        eligible = self.eligible

        promotions = []
        for promotions_item_data in self.promotions:
            promotions_item = promotions_item_data.to_dict()
            promotions.append(promotions_item)

        unknown_codes = self.unknown_codes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eligible": eligible,
                "promotions": promotions,
                "unknown_codes": unknown_codes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.promotion_eligibility import PromotionEligibility

        d = dict(src_dict)
        eligible = d.pop("eligible")

        promotions = []
        _promotions = d.pop("promotions")
        for promotions_item_data in _promotions:
            promotions_item = PromotionEligibility.from_dict(promotions_item_data)

            promotions.append(promotions_item)

        unknown_codes = cast(list[str], d.pop("unknown_codes"))

        eligibility_result = cls(
            eligible=eligible,
            promotions=promotions,
            unknown_codes=unknown_codes,
        )

        eligibility_result.additional_properties = d
        return eligibility_result

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
