from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PolicyBody")


@_attrs_define
class PolicyBody:
    """`POST /retention/policy`: days each kind of record is kept (absent: for
    ever), 1–3650.

        Attributes:
            audit_days (int | None | Unset):
            job_reports_days (int | None | Unset):
            redemptions_days (int | None | Unset):
    """

    audit_days: int | None | Unset = UNSET
    job_reports_days: int | None | Unset = UNSET
    redemptions_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if audit_days is not UNSET:
            field_dict["audit_days"] = audit_days
        if job_reports_days is not UNSET:
            field_dict["job_reports_days"] = job_reports_days
        if redemptions_days is not UNSET:
            field_dict["redemptions_days"] = redemptions_days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

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

        policy_body = cls(
            audit_days=audit_days,
            job_reports_days=job_reports_days,
            redemptions_days=redemptions_days,
        )

        return policy_body
