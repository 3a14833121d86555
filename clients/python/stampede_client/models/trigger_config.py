from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TriggerConfig")


@_attrs_define
class TriggerConfig:
    """Seed 002's `trigger_config`: each trigger reads its own fields.

    Attributes:
        achievement_id (None | str | Unset): `achievement_completed`: the achievement.
        event_type (None | str | Unset): `purchase_count`: the event type counted; only `purchase` (the default).
        leaderboard_id (None | str | Unset): `leaderboard_rank`: the leaderboard.
        milestone_threshold (int | None | Unset): `streak_milestone`: consecutive days, 1–3,650.
        purchase_threshold (int | None | Unset): `purchase_count`: every this many purchases, 1–100,000.
        rank_threshold (int | None | Unset): `leaderboard_rank`: ranks 1..=this win, 1–100.
        streak_id (None | str | Unset): `streak_milestone`: the streak counted.
    """

    achievement_id: None | str | Unset = UNSET
    event_type: None | str | Unset = UNSET
    leaderboard_id: None | str | Unset = UNSET
    milestone_threshold: int | None | Unset = UNSET
    purchase_threshold: int | None | Unset = UNSET
    rank_threshold: int | None | Unset = UNSET
    streak_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        achievement_id: None | str | Unset
        if isinstance(self.achievement_id, Unset):
            achievement_id = UNSET
        else:
            achievement_id = self.achievement_id

        event_type: None | str | Unset
        if isinstance(self.event_type, Unset):
            event_type = UNSET
        else:
            event_type = self.event_type

        leaderboard_id: None | str | Unset
        if isinstance(self.leaderboard_id, Unset):
            leaderboard_id = UNSET
        else:
            leaderboard_id = self.leaderboard_id

        milestone_threshold: int | None | Unset
        if isinstance(self.milestone_threshold, Unset):
            milestone_threshold = UNSET
        else:
            milestone_threshold = self.milestone_threshold

        purchase_threshold: int | None | Unset
        if isinstance(self.purchase_threshold, Unset):
            purchase_threshold = UNSET
        else:
            purchase_threshold = self.purchase_threshold

        rank_threshold: int | None | Unset
        if isinstance(self.rank_threshold, Unset):
            rank_threshold = UNSET
        else:
            rank_threshold = self.rank_threshold

        streak_id: None | str | Unset
        if isinstance(self.streak_id, Unset):
            streak_id = UNSET
        else:
            streak_id = self.streak_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if achievement_id is not UNSET:
            field_dict["achievement_id"] = achievement_id
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if leaderboard_id is not UNSET:
            field_dict["leaderboard_id"] = leaderboard_id
        if milestone_threshold is not UNSET:
            field_dict["milestone_threshold"] = milestone_threshold
        if purchase_threshold is not UNSET:
            field_dict["purchase_threshold"] = purchase_threshold
        if rank_threshold is not UNSET:
            field_dict["rank_threshold"] = rank_threshold
        if streak_id is not UNSET:
            field_dict["streak_id"] = streak_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_achievement_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        achievement_id = _parse_achievement_id(d.pop("achievement_id", UNSET))

        def _parse_event_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        event_type = _parse_event_type(d.pop("event_type", UNSET))

        def _parse_leaderboard_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        leaderboard_id = _parse_leaderboard_id(d.pop("leaderboard_id", UNSET))

        def _parse_milestone_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        milestone_threshold = _parse_milestone_threshold(
            d.pop("milestone_threshold", UNSET)
        )

        def _parse_purchase_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        purchase_threshold = _parse_purchase_threshold(
            d.pop("purchase_threshold", UNSET)
        )

        def _parse_rank_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rank_threshold = _parse_rank_threshold(d.pop("rank_threshold", UNSET))

        def _parse_streak_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        streak_id = _parse_streak_id(d.pop("streak_id", UNSET))

        trigger_config = cls(
            achievement_id=achievement_id,
            event_type=event_type,
            leaderboard_id=leaderboard_id,
            milestone_threshold=milestone_threshold,
            purchase_threshold=purchase_threshold,
            rank_threshold=rank_threshold,
            streak_id=streak_id,
        )

        return trigger_config
