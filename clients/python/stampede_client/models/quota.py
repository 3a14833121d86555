from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quota_money import QuotaMoney


T = TypeVar("T", bound="Quota")


@_attrs_define
class Quota:
    """An amount of campaign quota: redemptions and money per currency.

    Attributes:
        money (QuotaMoney | Unset):
        redemptions (int | Unset):  Default: 0.
    """

    money: QuotaMoney | Unset = UNSET
    redemptions: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        money: dict[str, Any] | Unset = UNSET
        if not isinstance(self.money, Unset):
            money = self.money.to_dict()

        redemptions = self.redemptions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if money is not UNSET:
            field_dict["money"] = money
        if redemptions is not UNSET:
            field_dict["redemptions"] = redemptions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.quota_money import QuotaMoney

        d = dict(src_dict)
        _money = d.pop("money", UNSET)
        money: QuotaMoney | Unset
        if isinstance(_money, Unset):
            money = UNSET
        else:
            money = QuotaMoney.from_dict(_money)

        redemptions = d.pop("redemptions", UNSET)

        quota = cls(
            money=money,
            redemptions=redemptions,
        )

        quota.additional_properties = d
        return quota

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
