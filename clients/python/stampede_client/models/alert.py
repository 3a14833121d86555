from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action import Action
from ..models.alert_status import AlertStatus
from ..models.subject_kind import SubjectKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.signal import Signal


T = TypeVar("T", bound="Alert")


@_attrs_define
class Alert:
    """A flagged subject: raised by the fraud supervisor when a signal reaches its
    threshold. One per subject, signal and window period (its id derives from
    them, so nodes raising it together write one alert).

        Attributes:
            action (Action): The recommended action of a score.
            created_at (datetime.datetime):
            evidence (list[Signal]): The signals and counters that raised it.
            id (str):
            score (int):
            signal (str):
            status (AlertStatus): An alert's state.
            subject (str):
            subject_kind (SubjectKind): What a blacklist entry or a counter is about.
            updated_at (datetime.datetime):
            window (str):
            note (None | str | Unset):
            quarantine_entry_id (None | str | Unset): The blacklist entry its automatic quarantine made.
    """

    action: Action
    created_at: datetime.datetime
    evidence: list[Signal]
    id: str
    score: int
    signal: str
    status: AlertStatus
    subject: str
    subject_kind: SubjectKind
    updated_at: datetime.datetime
    window: str
    note: None | str | Unset = UNSET
    quarantine_entry_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        created_at = self.created_at.isoformat()

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        id = self.id

        score = self.score

        signal = self.signal

        status = self.status.value

        subject = self.subject

        subject_kind = self.subject_kind.value

        updated_at = self.updated_at.isoformat()

        window = self.window

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        quarantine_entry_id: None | str | Unset
        if isinstance(self.quarantine_entry_id, Unset):
            quarantine_entry_id = UNSET
        else:
            quarantine_entry_id = self.quarantine_entry_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "created_at": created_at,
                "evidence": evidence,
                "id": id,
                "score": score,
                "signal": signal,
                "status": status,
                "subject": subject,
                "subject_kind": subject_kind,
                "updated_at": updated_at,
                "window": window,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note
        if quarantine_entry_id is not UNSET:
            field_dict["quarantine_entry_id"] = quarantine_entry_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.signal import Signal

        d = dict(src_dict)
        action = Action(d.pop("action"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Signal.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        id = d.pop("id")

        score = d.pop("score")

        signal = d.pop("signal")

        status = AlertStatus(d.pop("status"))

        subject = d.pop("subject")

        subject_kind = SubjectKind(d.pop("subject_kind"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        window = d.pop("window")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_quarantine_entry_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quarantine_entry_id = _parse_quarantine_entry_id(
            d.pop("quarantine_entry_id", UNSET)
        )

        alert = cls(
            action=action,
            created_at=created_at,
            evidence=evidence,
            id=id,
            score=score,
            signal=signal,
            status=status,
            subject=subject,
            subject_kind=subject_kind,
            updated_at=updated_at,
            window=window,
            note=note,
            quarantine_entry_id=quarantine_entry_id,
        )

        alert.additional_properties = d
        return alert

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
