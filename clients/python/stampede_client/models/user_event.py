from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.user_event_type import UserEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ranking import Ranking
    from ..models.user_event_metadata_type_0 import UserEventMetadataType0


T = TypeVar("T", bound="UserEvent")


@_attrs_define
class UserEvent:
    """One event of `POST /events`.

    Attributes:
        id (str): The sender's id of the event, 1–128 bytes: a replay with the same id
            changes nothing and answers what the first answered.
        occurred_at (datetime.datetime):
        type_ (UserEventType): What an ingested event reports.
        achievement_id (None | str | Unset):
        leaderboard_id (None | str | Unset):
        metadata (None | Unset | UserEventMetadataType0):
        rankings (list[Ranking] | None | Unset): `leaderboard_closed`: at most 1,000, each user once.
        streak_id (None | str | Unset):
        user_id (None | str | Unset): Required except for `leaderboard_closed`.
    """

    id: str
    occurred_at: datetime.datetime
    type_: UserEventType
    achievement_id: None | str | Unset = UNSET
    leaderboard_id: None | str | Unset = UNSET
    metadata: None | Unset | UserEventMetadataType0 = UNSET
    rankings: list[Ranking] | None | Unset = UNSET
    streak_id: None | str | Unset = UNSET
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_event_metadata_type_0 import UserEventMetadataType0

        id = self.id

        occurred_at = self.occurred_at.isoformat()

        type_ = self.type_.value

        achievement_id: None | str | Unset
        if isinstance(self.achievement_id, Unset):
            achievement_id = UNSET
        else:
            achievement_id = self.achievement_id

        leaderboard_id: None | str | Unset
        if isinstance(self.leaderboard_id, Unset):
            leaderboard_id = UNSET
        else:
            leaderboard_id = self.leaderboard_id

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, UserEventMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        rankings: list[dict[str, Any]] | None | Unset
        if isinstance(self.rankings, Unset):
            rankings = UNSET
        elif isinstance(self.rankings, list):
            rankings = []
            for rankings_type_0_item_data in self.rankings:
                rankings_type_0_item = rankings_type_0_item_data.to_dict()
                rankings.append(rankings_type_0_item)

        else:
            rankings = self.rankings

        streak_id: None | str | Unset
        if isinstance(self.streak_id, Unset):
            streak_id = UNSET
        else:
            streak_id = self.streak_id

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "occurred_at": occurred_at,
                "type": type_,
            }
        )
        if achievement_id is not UNSET:
            field_dict["achievement_id"] = achievement_id
        if leaderboard_id is not UNSET:
            field_dict["leaderboard_id"] = leaderboard_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if rankings is not UNSET:
            field_dict["rankings"] = rankings
        if streak_id is not UNSET:
            field_dict["streak_id"] = streak_id
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ranking import Ranking
        from ..models.user_event_metadata_type_0 import UserEventMetadataType0

        d = dict(src_dict)
        id = d.pop("id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        type_ = UserEventType(d.pop("type"))

        def _parse_achievement_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        achievement_id = _parse_achievement_id(d.pop("achievement_id", UNSET))

        def _parse_leaderboard_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        leaderboard_id = _parse_leaderboard_id(d.pop("leaderboard_id", UNSET))

        def _parse_metadata(data: object) -> None | Unset | UserEventMetadataType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = UserEventMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserEventMetadataType0, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_rankings(data: object) -> list[Ranking] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rankings_type_0 = []
                _rankings_type_0 = data
                for rankings_type_0_item_data in _rankings_type_0:
                    rankings_type_0_item = Ranking.from_dict(rankings_type_0_item_data)

                    rankings_type_0.append(rankings_type_0_item)

                return rankings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Ranking] | None | Unset, data)

        rankings = _parse_rankings(d.pop("rankings", UNSET))

        def _parse_streak_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        streak_id = _parse_streak_id(d.pop("streak_id", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        user_event = cls(
            id=id,
            occurred_at=occurred_at,
            type_=type_,
            achievement_id=achievement_id,
            leaderboard_id=leaderboard_id,
            metadata=metadata,
            rankings=rankings,
            streak_id=streak_id,
            user_id=user_id,
        )

        return user_event
