from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reward_type import RewardType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reward_item_metadata import RewardItemMetadata
    from ..models.reward_item_payload import RewardItemPayload


T = TypeVar("T", bound="RewardItem")


@_attrs_define
class RewardItem:
    """A reward item as stored and answered (seed 002 `item_id` is `id`, also
    answered as `item_id`).

        Attributes:
            created_at (datetime.datetime):
            id (str): `rwd_…`.
            item_id (str): Seed 002's name for `id`: always equal to it.
            name (str):
            payload (RewardItemPayload):
            reward_type (RewardType): What a reward item grants (seed 002 `reward_type`).
            updated_at (datetime.datetime):
            deleted_at (datetime.datetime | None | Unset): A deleted item is kept (hidden) so coupons naming it still grant
                it.
            description (None | str | Unset):
            metadata (RewardItemMetadata | Unset):
    """

    created_at: datetime.datetime
    id: str
    item_id: str
    name: str
    payload: RewardItemPayload
    reward_type: RewardType
    updated_at: datetime.datetime
    deleted_at: datetime.datetime | None | Unset = UNSET
    description: None | str | Unset = UNSET
    metadata: RewardItemMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        item_id = self.item_id

        name = self.name

        payload = self.payload.to_dict()

        reward_type = self.reward_type.value

        updated_at = self.updated_at.isoformat()

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "item_id": item_id,
                "name": name,
                "payload": payload,
                "reward_type": reward_type,
                "updated_at": updated_at,
            }
        )
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if description is not UNSET:
            field_dict["description"] = description
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.reward_item_metadata import RewardItemMetadata
        from ..models.reward_item_payload import RewardItemPayload

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        item_id = d.pop("item_id")

        name = d.pop("name")

        payload = RewardItemPayload.from_dict(d.pop("payload"))

        reward_type = RewardType(d.pop("reward_type"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: RewardItemMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = RewardItemMetadata.from_dict(_metadata)

        reward_item = cls(
            created_at=created_at,
            id=id,
            item_id=item_id,
            name=name,
            payload=payload,
            reward_type=reward_type,
            updated_at=updated_at,
            deleted_at=deleted_at,
            description=description,
            metadata=metadata,
        )

        reward_item.additional_properties = d
        return reward_item

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
