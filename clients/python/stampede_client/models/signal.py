from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subject_kind import SubjectKind

T = TypeVar("T", bound="Signal")


@_attrs_define
class Signal:
    """One signal that contributed to a score.

    Attributes:
        signal (str): `attempts`, `refusals`, `code_guessing`, `shared_ip`, `shared_device`,
            `refusal_spike` (a code) or `blacklisted`.
        subject_kind (SubjectKind): What a blacklist entry or a counter is about.
        subject (str):
        window (str): `minute`, `hour` or `day` (sliding: the last 60 s, 60 min, 24 h).
        value (int):
        threshold (int):
        contribution (int): What this signal adds to the score (0–100).
    """

    signal: str
    subject_kind: SubjectKind
    subject: str
    window: str
    value: int
    threshold: int
    contribution: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signal = self.signal

        subject_kind = self.subject_kind.value

        subject = self.subject

        window = self.window

        value = self.value

        threshold = self.threshold

        contribution = self.contribution

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "signal": signal,
                "subject_kind": subject_kind,
                "subject": subject,
                "window": window,
                "value": value,
                "threshold": threshold,
                "contribution": contribution,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        signal = d.pop("signal")

        subject_kind = SubjectKind(d.pop("subject_kind"))

        subject = d.pop("subject")

        window = d.pop("window")

        value = d.pop("value")

        threshold = d.pop("threshold")

        contribution = d.pop("contribution")

        signal = cls(
            signal=signal,
            subject_kind=subject_kind,
            subject=subject,
            window=window,
            value=value,
            threshold=threshold,
            contribution=contribution,
        )

        signal.additional_properties = d
        return signal

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
