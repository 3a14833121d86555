from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_status import EventStatus

if TYPE_CHECKING:
    from ..models.generated_code import GeneratedCode


T = TypeVar("T", bound="EventOutcome")


@_attrs_define
class EventOutcome:
    """What one event did.

    Attributes:
        generated (list[GeneratedCode]): The codes it made (none is common: most events move a count), at
            most [`MAX_OUTCOME_CODES`].
        generated_count (int): How many codes it made in all.
        id (str):
        received_at (datetime.datetime):
        status (EventStatus): Whether an event was taken now or seen before.
    """

    generated: list[GeneratedCode]
    generated_count: int
    id: str
    received_at: datetime.datetime
    status: EventStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generated = []
        for generated_item_data in self.generated:
            generated_item = generated_item_data.to_dict()
            generated.append(generated_item)

        generated_count = self.generated_count

        id = self.id

        received_at = self.received_at.isoformat()

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generated": generated,
                "generated_count": generated_count,
                "id": id,
                "received_at": received_at,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_code import GeneratedCode

        d = dict(src_dict)
        generated = []
        _generated = d.pop("generated")
        for generated_item_data in _generated:
            generated_item = GeneratedCode.from_dict(generated_item_data)

            generated.append(generated_item)

        generated_count = d.pop("generated_count")

        id = d.pop("id")

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        status = EventStatus(d.pop("status"))

        event_outcome = cls(
            generated=generated,
            generated_count=generated_count,
            id=id,
            received_at=received_at,
            status=status,
        )

        event_outcome.additional_properties = d
        return event_outcome

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
