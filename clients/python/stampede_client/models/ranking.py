from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Ranking")


@_attrs_define
class Ranking:
    """One user's place on a closed leaderboard.

    Attributes:
        user_id (str):
        rank (int): 1 is first.
    """

    user_id: str
    rank: int

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        rank = self.rank

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
                "rank": rank,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        rank = d.pop("rank")

        ranking = cls(
            user_id=user_id,
            rank=rank,
        )

        return ranking
