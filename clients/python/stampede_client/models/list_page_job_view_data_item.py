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
    from ..models.list_page_job_view_data_item_output import (
        ListPageJobViewDataItemOutput,
    )
    from ..models.list_page_job_view_data_item_spec import ListPageJobViewDataItemSpec


T = TypeVar("T", bound="ListPageJobViewDataItem")


@_attrs_define
class ListPageJobViewDataItem:
    """`GET /jobs/{id}`: a job, its counters, progress (0–1), rate (rows per
    second since it started) and estimated seconds left.

        Attributes:
            id (str):
            kind (JobKind): What a job does.
            status (JobStatus): Where a job is.
            total (int):
            processed (int):
            created (int):
            skipped (int):
            failed (int):
            progress (float):
            rate_per_second (float):
            cancel_requested (bool):
            spec (ListPageJobViewDataItemSpec):
            output (ListPageJobViewDataItemOutput):
            errors_dropped (int): Errors counted in `failed` but left out of the report (its bound).
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            eta_seconds (float | None | Unset):
            error (None | str | Unset):
            finished_at (datetime.datetime | None | Unset):
    """

    id: str
    kind: JobKind
    status: JobStatus
    total: int
    processed: int
    created: int
    skipped: int
    failed: int
    progress: float
    rate_per_second: float
    cancel_requested: bool
    spec: ListPageJobViewDataItemSpec
    output: ListPageJobViewDataItemOutput
    errors_dropped: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    eta_seconds: float | None | Unset = UNSET
    error: None | str | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        status = self.status.value

        total = self.total

        processed = self.processed

        created = self.created

        skipped = self.skipped

        failed = self.failed

        progress = self.progress

        rate_per_second = self.rate_per_second

        cancel_requested = self.cancel_requested

        spec = self.spec.to_dict()

        output = self.output.to_dict()

        errors_dropped = self.errors_dropped

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        eta_seconds: float | None | Unset
        if isinstance(self.eta_seconds, Unset):
            eta_seconds = UNSET
        else:
            eta_seconds = self.eta_seconds

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

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
                "id": id,
                "kind": kind,
                "status": status,
                "total": total,
                "processed": processed,
                "created": created,
                "skipped": skipped,
                "failed": failed,
                "progress": progress,
                "rate_per_second": rate_per_second,
                "cancel_requested": cancel_requested,
                "spec": spec,
                "output": output,
                "errors_dropped": errors_dropped,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if eta_seconds is not UNSET:
            field_dict["eta_seconds"] = eta_seconds
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.list_page_job_view_data_item_output import (
            ListPageJobViewDataItemOutput,
        )
        from ..models.list_page_job_view_data_item_spec import (
            ListPageJobViewDataItemSpec,
        )

        d = dict(src_dict)
        id = d.pop("id")

        kind = JobKind(d.pop("kind"))

        status = JobStatus(d.pop("status"))

        total = d.pop("total")

        processed = d.pop("processed")

        created = d.pop("created")

        skipped = d.pop("skipped")

        failed = d.pop("failed")

        progress = d.pop("progress")

        rate_per_second = d.pop("rate_per_second")

        cancel_requested = d.pop("cancel_requested")

        spec = ListPageJobViewDataItemSpec.from_dict(d.pop("spec"))

        output = ListPageJobViewDataItemOutput.from_dict(d.pop("output"))

        errors_dropped = d.pop("errors_dropped")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_eta_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        eta_seconds = _parse_eta_seconds(d.pop("eta_seconds", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

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

        list_page_job_view_data_item = cls(
            id=id,
            kind=kind,
            status=status,
            total=total,
            processed=processed,
            created=created,
            skipped=skipped,
            failed=failed,
            progress=progress,
            rate_per_second=rate_per_second,
            cancel_requested=cancel_requested,
            spec=spec,
            output=output,
            errors_dropped=errors_dropped,
            created_at=created_at,
            updated_at=updated_at,
            eta_seconds=eta_seconds,
            error=error,
            finished_at=finished_at,
        )

        list_page_job_view_data_item.additional_properties = d
        return list_page_job_view_data_item

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
