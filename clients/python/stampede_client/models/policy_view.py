from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PolicyView")


@_attrs_define
class PolicyView:
    """A policy as answered: the tenant's, and the node's idempotency retention.

    Attributes:
        idempotency_hours (int): How long idempotency records are kept: the node's setting
            (`--idempotency-retention-hours`), the same for every tenant.
        audit_days (int | None | Unset): Audit events (the journal) older than this are deleted, once every
            webhook endpoint has settled them.
        job_reports_days (int | None | Unset): The error reports, per-row results and export files of jobs that ended
            longer ago than this are deleted (the job's record stays).
        redemptions_days (int | None | Unset): Settled redemptions (success, voided, expired, failed) older than this
            are deleted; pending reservations never are.
        updated_at (datetime.datetime | None | Unset):
    """

    idempotency_hours: int
    audit_days: int | None | Unset = UNSET
    job_reports_days: int | None | Unset = UNSET
    redemptions_days: int | None | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        idempotency_hours = self.idempotency_hours

        audit_days: int | None | Unset
        if isinstance(self.audit_days, Unset):
            audit_days = UNSET
        else:
            audit_days = self.audit_days

        job_reports_days: int | None | Unset
        if isinstance(self.job_reports_days, Unset):
            job_reports_days = UNSET
        else:
            job_reports_days = self.job_reports_days

        redemptions_days: int | None | Unset
        if isinstance(self.redemptions_days, Unset):
            redemptions_days = UNSET
        else:
            redemptions_days = self.redemptions_days

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "idempotency_hours": idempotency_hours,
            }
        )
        if audit_days is not UNSET:
            field_dict["audit_days"] = audit_days
        if job_reports_days is not UNSET:
            field_dict["job_reports_days"] = job_reports_days
        if redemptions_days is not UNSET:
            field_dict["redemptions_days"] = redemptions_days
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        idempotency_hours = d.pop("idempotency_hours")

        def _parse_audit_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        audit_days = _parse_audit_days(d.pop("audit_days", UNSET))

        def _parse_job_reports_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        job_reports_days = _parse_job_reports_days(d.pop("job_reports_days", UNSET))

        def _parse_redemptions_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        redemptions_days = _parse_redemptions_days(d.pop("redemptions_days", UNSET))

        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        policy_view = cls(
            idempotency_hours=idempotency_hours,
            audit_days=audit_days,
            job_reports_days=job_reports_days,
            redemptions_days=redemptions_days,
            updated_at=updated_at,
        )

        policy_view.additional_properties = d
        return policy_view

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
