from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Ranking")


@_attrs_define
class Ranking:
    """One user's place on a closed leaderboard.

    Attributes:
        rank (int): 1 is first.
        user_id (str):
    """

    rank: int
    user_id: str

    def to_dict(self) -> dict[str, Any]:
        rank = self.rank

        user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rank": rank,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rank = d.pop("rank")

        user_id = d.pop("user_id")

        ranking = cls(
            rank=rank,
            user_id=user_id,
        )

        return ranking
