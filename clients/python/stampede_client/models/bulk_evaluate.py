from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bulk_user import BulkUser


T = TypeVar("T", bound="BulkEvaluate")


@_attrs_define
class BulkEvaluate:
    """
    Attributes:
        segment_ids (list[str]):
        user_ids (list[str] | Unset): Users by id only.
        users (list[BulkUser] | Unset): Users with attributes, for rule segments.
    """

    segment_ids: list[str]
    user_ids: list[str] | Unset = UNSET
    users: list[BulkUser] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        segment_ids = self.segment_ids

        user_ids: list[str] | Unset = UNSET
        if not isinstance(self.user_ids, Unset):
            user_ids = self.user_ids

        users: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.users, Unset):
            users = []
            for users_item_data in self.users:
                users_item = users_item_data.to_dict()
                users.append(users_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "segment_ids": segment_ids,
            }
        )
        if user_ids is not UNSET:
            field_dict["user_ids"] = user_ids
        if users is not UNSET:
            field_dict["users"] = users

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.bulk_user import BulkUser

        d = dict(src_dict)
        segment_ids = cast(list[str], d.pop("segment_ids"))

        user_ids = cast(list[str], d.pop("user_ids", UNSET))

        _users = d.pop("users", UNSET)
        users: list[BulkUser] | Unset = UNSET
        if _users is not UNSET:
            users = []
            for users_item_data in _users:
                users_item = BulkUser.from_dict(users_item_data)

                users.append(users_item)

        bulk_evaluate = cls(
            segment_ids=segment_ids,
            user_ids=user_ids,
            users=users,
        )

        return bulk_evaluate
