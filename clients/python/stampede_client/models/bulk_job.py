from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus

if TYPE_CHECKING:
    from ..models.row_result import RowResult


T = TypeVar("T", bound="BulkJob")


@_attrs_define
class BulkJob:
    """A bulk redemption job as returned.

    Attributes:
        created_at (datetime.datetime):
        failed (int):
        id (str):
        processed (int):
        results (list[RowResult]):
        status (JobStatus): Where a job is.
        succeeded (int):
        total (int):
        updated_at (datetime.datetime):
    """

    created_at: datetime.datetime
    failed: int
    id: str
    processed: int
    results: list[RowResult]
    status: JobStatus
    succeeded: int
    total: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        failed = self.failed

        id = self.id

        processed = self.processed

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        status = self.status.value

        succeeded = self.succeeded

        total = self.total

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "failed": failed,
                "id": id,
                "processed": processed,
                "results": results,
                "status": status,
                "succeeded": succeeded,
                "total": total,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.row_result import RowResult

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        failed = d.pop("failed")

        id = d.pop("id")

        processed = d.pop("processed")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = RowResult.from_dict(results_item_data)

            results.append(results_item)

        status = JobStatus(d.pop("status"))

        succeeded = d.pop("succeeded")

        total = d.pop("total")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        bulk_job = cls(
            created_at=created_at,
            failed=failed,
            id=id,
            processed=processed,
            results=results,
            status=status,
            succeeded=succeeded,
            total=total,
            updated_at=updated_at,
        )

        bulk_job.additional_properties = d
        return bulk_job

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
