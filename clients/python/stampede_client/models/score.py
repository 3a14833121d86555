from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action import Action

if TYPE_CHECKING:
    from ..models.score_counters import ScoreCounters
    from ..models.signal import Signal


T = TypeVar("T", bound="Score")


@_attrs_define
class Score:
    """The answer of `POST /fraud/score`.

    Attributes:
        action (Action): The recommended action of a score.
        counters (ScoreCounters): Every counter read, per subject and window (`"user_id:u1"` →
            `{"attempts.minute": 3, …}`), including those that contributed nothing.
        score (int): 0–100.
        signals (list[Signal]):
    """

    action: Action
    counters: ScoreCounters
    score: int
    signals: list[Signal]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        counters = self.counters.to_dict()

        score = self.score

        signals = []
        for signals_item_data in self.signals:
            signals_item = signals_item_data.to_dict()
            signals.append(signals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "counters": counters,
                "score": score,
                "signals": signals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.score_counters import ScoreCounters
        from ..models.signal import Signal

        d = dict(src_dict)
        action = Action(d.pop("action"))

        counters = ScoreCounters.from_dict(d.pop("counters"))

        score = d.pop("score")

        signals = []
        _signals = d.pop("signals")
        for signals_item_data in _signals:
            signals_item = Signal.from_dict(signals_item_data)

            signals.append(signals_item)

        score = cls(
            action=action,
            counters=counters,
            score=score,
            signals=signals,
        )

        score.additional_properties = d
        return score

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
