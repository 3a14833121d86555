from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_budget_money import CampaignBudgetMoney


T = TypeVar("T", bound="CampaignBudget")


@_attrs_define
class CampaignBudget:
    """A campaign's caps. Absent caps are unlimited; a money cap applies to discounts
    given in its currency only.

        Attributes:
            max_redemptions (int | None | Unset): Redemptions allowed across every coupon of the campaign.
            money (CampaignBudgetMoney | Unset): Total discount allowed per ISO 4217 currency.
    """

    max_redemptions: int | None | Unset = UNSET
    money: CampaignBudgetMoney | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        max_redemptions: int | None | Unset
        if isinstance(self.max_redemptions, Unset):
            max_redemptions = UNSET
        else:
            max_redemptions = self.max_redemptions

        money: dict[str, Any] | Unset = UNSET
        if not isinstance(self.money, Unset):
            money = self.money.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_redemptions is not UNSET:
            field_dict["max_redemptions"] = max_redemptions
        if money is not UNSET:
            field_dict["money"] = money

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.campaign_budget_money import CampaignBudgetMoney

        d = dict(src_dict)

        def _parse_max_redemptions(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_redemptions = _parse_max_redemptions(d.pop("max_redemptions", UNSET))

        _money = d.pop("money", UNSET)
        money: CampaignBudgetMoney | Unset
        if isinstance(_money, Unset):
            money = UNSET
        else:
            money = CampaignBudgetMoney.from_dict(_money)

        campaign_budget = cls(
            max_redemptions=max_redemptions,
            money=money,
        )

        return campaign_budget
