from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trigger import Trigger

T = TypeVar("T", bound="GeneratedCode")


@_attrs_define
class GeneratedCode:
    """A code a trigger made: one per occurrence.

    Attributes:
        template_id (str): The template coupon.
        coupon_id (str): The code's own coupon record (a code of the template).
        code (str):
        user_id (str):
        trigger (Trigger): What makes a template generate a code.
        occurrence (str): What happened once: `streak:{streak_id}:{first day of the run}`,
            `achievement:{achievement_id}`, `leaderboard:{event_id}`,
            `purchase:{count}`.
        event_id (str): The event that made it.
        created_at (datetime.datetime):
    """

    template_id: str
    coupon_id: str
    code: str
    user_id: str
    trigger: Trigger
    occurrence: str
    event_id: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        template_id = self.template_id

        coupon_id = self.coupon_id

        code = self.code

        user_id = self.user_id

        trigger = self.trigger.value

        occurrence = self.occurrence

        event_id = self.event_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "template_id": template_id,
                "coupon_id": coupon_id,
                "code": code,
                "user_id": user_id,
                "trigger": trigger,
                "occurrence": occurrence,
                "event_id": event_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        template_id = d.pop("template_id")

        coupon_id = d.pop("coupon_id")

        code = d.pop("code")

        user_id = d.pop("user_id")

        trigger = Trigger(d.pop("trigger"))

        occurrence = d.pop("occurrence")

        event_id = d.pop("event_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        generated_code = cls(
            template_id=template_id,
            coupon_id=coupon_id,
            code=code,
            user_id=user_id,
            trigger=trigger,
            occurrence=occurrence,
            event_id=event_id,
            created_at=created_at,
        )

        generated_code.additional_properties = d
        return generated_code

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
