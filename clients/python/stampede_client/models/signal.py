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
        contribution (int): What this signal adds to the score (0–100).
        signal (str): `attempts`, `refusals`, `code_guessing`, `shared_ip`, `shared_device`,
            `refusal_spike` (a code) or `blacklisted`.
        subject (str):
        subject_kind (SubjectKind): What a blacklist entry or a counter is about.
        threshold (int):
        value (int):
        window (str): `minute`, `hour` or `day` (sliding: the last 60 s, 60 min, 24 h).
    """

    contribution: int
    signal: str
    subject: str
    subject_kind: SubjectKind
    threshold: int
    value: int
    window: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contribution = self.contribution

        signal = self.signal

        subject = self.subject

        subject_kind = self.subject_kind.value

        threshold = self.threshold

        value = self.value

        window = self.window

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contribution": contribution,
                "signal": signal,
                "subject": subject,
                "subject_kind": subject_kind,
                "threshold": threshold,
                "value": value,
                "window": window,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        contribution = d.pop("contribution")

        signal = d.pop("signal")

        subject = d.pop("subject")

        subject_kind = SubjectKind(d.pop("subject_kind"))

        threshold = d.pop("threshold")

        value = d.pop("value")

        window = d.pop("window")

        signal = cls(
            contribution=contribution,
            signal=signal,
            subject=subject,
            subject_kind=subject_kind,
            threshold=threshold,
            value=value,
            window=window,
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
