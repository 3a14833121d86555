from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trigger import Trigger

T = TypeVar("T", bound="ListPageGeneratedCodeDataItem")


@_attrs_define
class ListPageGeneratedCodeDataItem:
    """A code a trigger made: one per occurrence.

    Attributes:
        code (str):
        coupon_id (str): The code's own coupon record (a code of the template).
        created_at (datetime.datetime):
        event_id (str): The event that made it.
        occurrence (str): What happened once: `streak:{streak_id}:{first day of the run}`,
            `achievement:{achievement_id}`, `leaderboard:{event_id}`,
            `purchase:{count}`.
        template_id (str): The template coupon.
        trigger (Trigger): What makes a template generate a code.
        user_id (str):
    """

    code: str
    coupon_id: str
    created_at: datetime.datetime
    event_id: str
    occurrence: str
    template_id: str
    trigger: Trigger
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        coupon_id = self.coupon_id

        created_at = self.created_at.isoformat()

        event_id = self.event_id

        occurrence = self.occurrence

        template_id = self.template_id

        trigger = self.trigger.value

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "coupon_id": coupon_id,
                "created_at": created_at,
                "event_id": event_id,
                "occurrence": occurrence,
                "template_id": template_id,
                "trigger": trigger,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        coupon_id = d.pop("coupon_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        event_id = d.pop("event_id")

        occurrence = d.pop("occurrence")

        template_id = d.pop("template_id")

        trigger = Trigger(d.pop("trigger"))

        user_id = d.pop("user_id")

        list_page_generated_code_data_item = cls(
            code=code,
            coupon_id=coupon_id,
            created_at=created_at,
            event_id=event_id,
            occurrence=occurrence,
            template_id=template_id,
            trigger=trigger,
            user_id=user_id,
        )

        list_page_generated_code_data_item.additional_properties = d
        return list_page_generated_code_data_item

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
