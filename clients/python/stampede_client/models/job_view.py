from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_kind import JobKind
from ..models.job_status import JobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_view_output import JobViewOutput
    from ..models.job_view_spec import JobViewSpec


T = TypeVar("T", bound="JobView")


@_attrs_define
class JobView:
    """`GET /jobs/{id}`: a job, its counters, progress (0–1), rate (rows per
    second since it started) and estimated seconds left.

        Attributes:
            cancel_requested (bool):
            created (int):
            created_at (datetime.datetime):
            errors_dropped (int): Errors counted in `failed` but left out of the report (its bound).
            failed (int):
            id (str):
            kind (JobKind): What a job does.
            output (JobViewOutput):
            processed (int):
            progress (float):
            rate_per_second (float):
            skipped (int):
            spec (JobViewSpec):
            status (JobStatus): Where a job is.
            total (int):
            updated_at (datetime.datetime):
            error (None | str | Unset):
            eta_seconds (float | None | Unset):
            finished_at (datetime.datetime | None | Unset):
    """

    cancel_requested: bool
    created: int
    created_at: datetime.datetime
    errors_dropped: int
    failed: int
    id: str
    kind: JobKind
    output: JobViewOutput
    processed: int
    progress: float
    rate_per_second: float
    skipped: int
    spec: JobViewSpec
    status: JobStatus
    total: int
    updated_at: datetime.datetime
    error: None | str | Unset = UNSET
    eta_seconds: float | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancel_requested = self.cancel_requested

        created = self.created

        created_at = self.created_at.isoformat()

        errors_dropped = self.errors_dropped

        failed = self.failed

        id = self.id

        kind = self.kind.value

        output = self.output.to_dict()

        processed = self.processed

        progress = self.progress

        rate_per_second = self.rate_per_second

        skipped = self.skipped

        spec = self.spec.to_dict()

        status = self.status.value

        total = self.total

        updated_at = self.updated_at.isoformat()

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        eta_seconds: float | None | Unset
        if isinstance(self.eta_seconds, Unset):
            eta_seconds = UNSET
        else:
            eta_seconds = self.eta_seconds

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancel_requested": cancel_requested,
                "created": created,
                "created_at": created_at,
                "errors_dropped": errors_dropped,
                "failed": failed,
                "id": id,
                "kind": kind,
                "output": output,
                "processed": processed,
                "progress": progress,
                "rate_per_second": rate_per_second,
                "skipped": skipped,
                "spec": spec,
                "status": status,
                "total": total,
                "updated_at": updated_at,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if eta_seconds is not UNSET:
            field_dict["eta_seconds"] = eta_seconds
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.job_view_output import JobViewOutput
        from ..models.job_view_spec import JobViewSpec

        d = dict(src_dict)
        cancel_requested = d.pop("cancel_requested")

        created = d.pop("created")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        errors_dropped = d.pop("errors_dropped")

        failed = d.pop("failed")

        id = d.pop("id")

        kind = JobKind(d.pop("kind"))

        output = JobViewOutput.from_dict(d.pop("output"))

        processed = d.pop("processed")

        progress = d.pop("progress")

        rate_per_second = d.pop("rate_per_second")

        skipped = d.pop("skipped")

        spec = JobViewSpec.from_dict(d.pop("spec"))

        status = JobStatus(d.pop("status"))

        total = d.pop("total")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_eta_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        eta_seconds = _parse_eta_seconds(d.pop("eta_seconds", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        job_view = cls(
            cancel_requested=cancel_requested,
            created=created,
            created_at=created_at,
            errors_dropped=errors_dropped,
            failed=failed,
            id=id,
            kind=kind,
            output=output,
            processed=processed,
            progress=progress,
            rate_per_second=rate_per_second,
            skipped=skipped,
            spec=spec,
            status=status,
            total=total,
            updated_at=updated_at,
            error=error,
            eta_seconds=eta_seconds,
            finished_at=finished_at,
        )

        job_view.additional_properties = d
        return job_view

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
