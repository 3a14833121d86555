from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reward_type import RewardType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.patch_reward_item_metadata_type_0 import PatchRewardItemMetadataType0
    from ..models.patch_reward_item_payload_type_0 import PatchRewardItemPayloadType0


T = TypeVar("T", bound="PatchRewardItem")


@_attrs_define
class PatchRewardItem:
    """Body of `PATCH /rewards/{item_id}`: absent fields are kept.

    Attributes:
        description (None | str | Unset):
        metadata (None | PatchRewardItemMetadataType0 | Unset):
        name (None | str | Unset):
        payload (None | PatchRewardItemPayloadType0 | Unset):
        reward_type (None | RewardType | Unset):
    """

    description: None | str | Unset = UNSET
    metadata: None | PatchRewardItemMetadataType0 | Unset = UNSET
    name: None | str | Unset = UNSET
    payload: None | PatchRewardItemPayloadType0 | Unset = UNSET
    reward_type: None | RewardType | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.patch_reward_item_metadata_type_0 import (
            PatchRewardItemMetadataType0,
        )
        from ..models.patch_reward_item_payload_type_0 import (
            PatchRewardItemPayloadType0,
        )

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, PatchRewardItemMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        payload: dict[str, Any] | None | Unset
        if isinstance(self.payload, Unset):
            payload = UNSET
        elif isinstance(self.payload, PatchRewardItemPayloadType0):
            payload = self.payload.to_dict()
        else:
            payload = self.payload

        reward_type: None | str | Unset
        if isinstance(self.reward_type, Unset):
            reward_type = UNSET
        elif isinstance(self.reward_type, RewardType):
            reward_type = self.reward_type.value
        else:
            reward_type = self.reward_type

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if name is not UNSET:
            field_dict["name"] = name
        if payload is not UNSET:
            field_dict["payload"] = payload
        if reward_type is not UNSET:
            field_dict["reward_type"] = reward_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.patch_reward_item_metadata_type_0 import (
            PatchRewardItemMetadataType0,
        )
        from ..models.patch_reward_item_payload_type_0 import (
            PatchRewardItemPayloadType0,
        )

        d = dict(src_dict)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_metadata(
            data: object,
        ) -> None | PatchRewardItemMetadataType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = PatchRewardItemMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PatchRewardItemMetadataType0 | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_payload(data: object) -> None | PatchRewardItemPayloadType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_0 = PatchRewardItemPayloadType0.from_dict(data)

                return payload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PatchRewardItemPayloadType0 | Unset, data)

        payload = _parse_payload(d.pop("payload", UNSET))

        def _parse_reward_type(data: object) -> None | RewardType | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reward_type_type_1 = RewardType(data)

                return reward_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RewardType | Unset, data)

        reward_type = _parse_reward_type(d.pop("reward_type", UNSET))

        patch_reward_item = cls(
            description=description,
            metadata=metadata,
            name=name,
            payload=payload,
            reward_type=reward_type,
        )

        return patch_reward_item
