from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entry_source import EntrySource
from ..models.subject_kind import SubjectKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="BlacklistEntry")


@_attrs_define
class BlacklistEntry:
    """A blacklist entry as stored and returned.

    Attributes:
        created_at (datetime.datetime):
        id (str):
        kind (SubjectKind): What a blacklist entry or a counter is about.
        source (EntrySource): Who put an entry on the blacklist.
        value (str): Normalized: a lowercase email without `+tag`, an IP as a network
            (`203.0.113.7/32`, `10.0.0.0/8`).
        alert_id (None | str | Unset):
        expires_at (datetime.datetime | None | Unset): When the entry stops applying; `None` keeps it until deleted.
        reason (None | str | Unset):
    """

    created_at: datetime.datetime
    id: str
    kind: SubjectKind
    source: EntrySource
    value: str
    alert_id: None | str | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        kind = self.kind.value

        source = self.source.value

        value = self.value

        alert_id: None | str | Unset
        if isinstance(self.alert_id, Unset):
            alert_id = UNSET
        else:
            alert_id = self.alert_id

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "source": source,
                "value": value,
            }
        )
        if alert_id is not UNSET:
            field_dict["alert_id"] = alert_id
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        kind = SubjectKind(d.pop("kind"))

        source = EntrySource(d.pop("source"))

        value = d.pop("value")

        def _parse_alert_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        alert_id = _parse_alert_id(d.pop("alert_id", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        blacklist_entry = cls(
            created_at=created_at,
            id=id,
            kind=kind,
            source=source,
            value=value,
            alert_id=alert_id,
            expires_at=expires_at,
            reason=reason,
        )

        blacklist_entry.additional_properties = d
        return blacklist_entry

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
