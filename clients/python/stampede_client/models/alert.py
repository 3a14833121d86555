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
            id (str):
            subject_kind (SubjectKind): What a blacklist entry or a counter is about.
            subject (str):
            signal (str):
            window (str):
            score (int):
            action (Action): The recommended action of a score.
            evidence (list[Signal]): The signals and counters that raised it.
            status (AlertStatus): An alert's state.
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            quarantine_entry_id (None | str | Unset): The blacklist entry its automatic quarantine made.
            note (None | str | Unset):
    """

    id: str
    subject_kind: SubjectKind
    subject: str
    signal: str
    window: str
    score: int
    action: Action
    evidence: list[Signal]
    status: AlertStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime
    quarantine_entry_id: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        subject_kind = self.subject_kind.value

        subject = self.subject

        signal = self.signal

        window = self.window

        score = self.score

        action = self.action.value

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        status = self.status.value

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        quarantine_entry_id: None | str | Unset
        if isinstance(self.quarantine_entry_id, Unset):
            quarantine_entry_id = UNSET
        else:
            quarantine_entry_id = self.quarantine_entry_id

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "subject_kind": subject_kind,
                "subject": subject,
                "signal": signal,
                "window": window,
                "score": score,
                "action": action,
                "evidence": evidence,
                "status": status,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if quarantine_entry_id is not UNSET:
            field_dict["quarantine_entry_id"] = quarantine_entry_id
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.signal import Signal

        d = dict(src_dict)
        id = d.pop("id")

        subject_kind = SubjectKind(d.pop("subject_kind"))

        subject = d.pop("subject")

        signal = d.pop("signal")

        window = d.pop("window")

        score = d.pop("score")

        action = Action(d.pop("action"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Signal.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        status = AlertStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_quarantine_entry_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quarantine_entry_id = _parse_quarantine_entry_id(
            d.pop("quarantine_entry_id", UNSET)
        )

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        alert = cls(
            id=id,
            subject_kind=subject_kind,
            subject=subject,
            signal=signal,
            window=window,
            score=score,
            action=action,
            evidence=evidence,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
            quarantine_entry_id=quarantine_entry_id,
            note=note,
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
