from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grant_status import GrantStatus
from ..models.reward_type import RewardType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.list_page_reward_grant_data_item_payload import (
        ListPageRewardGrantDataItemPayload,
    )


T = TypeVar("T", bound="ListPageRewardGrantDataItem")


@_attrs_define
class ListPageRewardGrantDataItem:
    """One reward given by one `success` redemption.

    Attributes:
        code (str):
        coupon_id (str):
        created_at (datetime.datetime):
        id (str): `rgr_…`, derived from the redemption id ([`grant_id`]).
        payload (ListPageRewardGrantDataItemPayload):
        redemption_id (str):
        reward_item_id (str):
        reward_type (RewardType): What a reward item grants (seed 002 `reward_type`).
        status (GrantStatus): Whether a grant still stands.
        user_id (None | str | Unset):
        voided_at (datetime.datetime | None | Unset):
    """

    code: str
    coupon_id: str
    created_at: datetime.datetime
    id: str
    payload: ListPageRewardGrantDataItemPayload
    redemption_id: str
    reward_item_id: str
    reward_type: RewardType
    status: GrantStatus
    user_id: None | str | Unset = UNSET
    voided_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        coupon_id = self.coupon_id

        created_at = self.created_at.isoformat()

        id = self.id

        payload = self.payload.to_dict()

        redemption_id = self.redemption_id

        reward_item_id = self.reward_item_id

        reward_type = self.reward_type.value

        status = self.status.value

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        voided_at: None | str | Unset
        if isinstance(self.voided_at, Unset):
            voided_at = UNSET
        elif isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "coupon_id": coupon_id,
                "created_at": created_at,
                "id": id,
                "payload": payload,
                "redemption_id": redemption_id,
                "reward_item_id": reward_item_id,
                "reward_type": reward_type,
                "status": status,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if voided_at is not UNSET:
            field_dict["voided_at"] = voided_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.list_page_reward_grant_data_item_payload import (
            ListPageRewardGrantDataItemPayload,
        )

        d = dict(src_dict)
        code = d.pop("code")

        coupon_id = d.pop("coupon_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        payload = ListPageRewardGrantDataItemPayload.from_dict(d.pop("payload"))

        redemption_id = d.pop("redemption_id")

        reward_item_id = d.pop("reward_item_id")

        reward_type = RewardType(d.pop("reward_type"))

        status = GrantStatus(d.pop("status"))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_voided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        voided_at = _parse_voided_at(d.pop("voided_at", UNSET))

        list_page_reward_grant_data_item = cls(
            code=code,
            coupon_id=coupon_id,
            created_at=created_at,
            id=id,
            payload=payload,
            redemption_id=redemption_id,
            reward_item_id=reward_item_id,
            reward_type=reward_type,
            status=status,
            user_id=user_id,
            voided_at=voided_at,
        )

        list_page_reward_grant_data_item.additional_properties = d
        return list_page_reward_grant_data_item

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
