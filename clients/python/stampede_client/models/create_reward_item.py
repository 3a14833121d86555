from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reward_type import RewardType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_reward_item_metadata_type_0 import (
        CreateRewardItemMetadataType0,
    )
    from ..models.create_reward_item_payload_type_0 import CreateRewardItemPayloadType0


T = TypeVar("T", bound="CreateRewardItem")


@_attrs_define
class CreateRewardItem:
    """Body of `POST /rewards` (seed 002's reward item).

    Attributes:
        name (str): 1–256 bytes, one line.
        reward_type (RewardType): What a reward item grants (seed 002 `reward_type`).
        description (None | str | Unset): At most 2,048 bytes.
        metadata (CreateRewardItemMetadataType0 | None | Unset):
        payload (CreateRewardItemPayloadType0 | None | Unset): At most 4 KiB of JSON; `points` holds a positive integer
            `amount`.
    """

    name: str
    reward_type: RewardType
    description: None | str | Unset = UNSET
    metadata: CreateRewardItemMetadataType0 | None | Unset = UNSET
    payload: CreateRewardItemPayloadType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_reward_item_metadata_type_0 import (
            CreateRewardItemMetadataType0,
        )
        from ..models.create_reward_item_payload_type_0 import (
            CreateRewardItemPayloadType0,
        )

        name = self.name

        reward_type = self.reward_type.value

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateRewardItemMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        payload: dict[str, Any] | None | Unset
        if isinstance(self.payload, Unset):
            payload = UNSET
        elif isinstance(self.payload, CreateRewardItemPayloadType0):
            payload = self.payload.to_dict()
        else:
            payload = self.payload

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "reward_type": reward_type,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if payload is not UNSET:
            field_dict["payload"] = payload

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_reward_item_metadata_type_0 import (
            CreateRewardItemMetadataType0,
        )
        from ..models.create_reward_item_payload_type_0 import (
            CreateRewardItemPayloadType0,
        )

        d = dict(src_dict)
        name = d.pop("name")

        reward_type = RewardType(d.pop("reward_type"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_metadata(
            data: object,
        ) -> CreateRewardItemMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateRewardItemMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateRewardItemMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_payload(data: object) -> CreateRewardItemPayloadType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_0 = CreateRewardItemPayloadType0.from_dict(data)

                return payload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateRewardItemPayloadType0 | None | Unset, data)

        payload = _parse_payload(d.pop("payload", UNSET))

        create_reward_item = cls(
            name=name,
            reward_type=reward_type,
            description=description,
            metadata=metadata,
            payload=payload,
        )

        return create_reward_item
