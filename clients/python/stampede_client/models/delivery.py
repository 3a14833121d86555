from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_status import DeliveryStatus

if TYPE_CHECKING:
    from ..models.attempt import Attempt


T = TypeVar("T", bound="Delivery")


@_attrs_define
class Delivery:
    """One event's delivery to one endpoint.

    Attributes:
        attempt_count (int): Attempts made in all.
        attempts (list[Attempt]): The newest attempts (at most [`MAX_ATTEMPTS_KEPT`]), oldest first.
        event_id (str): The event's id: the `webhook-id` the endpoint receives, every attempt.
        event_type (str):
        status (DeliveryStatus): Where one event's delivery to one endpoint stands.
        updated_at (datetime.datetime):
        webhook_id (str):
    """

    attempt_count: int
    attempts: list[Attempt]
    event_id: str
    event_type: str
    status: DeliveryStatus
    updated_at: datetime.datetime
    webhook_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt_count = self.attempt_count

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        event_id = self.event_id

        event_type = self.event_type

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        webhook_id = self.webhook_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt_count": attempt_count,
                "attempts": attempts,
                "event_id": event_id,
                "event_type": event_type,
                "status": status,
                "updated_at": updated_at,
                "webhook_id": webhook_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attempt import Attempt

        d = dict(src_dict)
        attempt_count = d.pop("attempt_count")

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = Attempt.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        status = DeliveryStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        webhook_id = d.pop("webhook_id")

        delivery = cls(
            attempt_count=attempt_count,
            attempts=attempts,
            event_id=event_id,
            event_type=event_type,
            status=status,
            updated_at=updated_at,
            webhook_id=webhook_id,
        )

        delivery.additional_properties = d
        return delivery

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
