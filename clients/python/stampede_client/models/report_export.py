from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.export_format import ExportFormat
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_query import AnalyticsQuery


T = TypeVar("T", bound="ReportExport")


@_attrs_define
class ReportExport:
    """Body of `POST /reports/exports`.

    Attributes:
        query (AnalyticsQuery): `POST /analytics/query`: e.g. top coupons by revenue in the last 7 days:
            `{"start": "…", "group_by": ["coupon"], "metrics": ["revenue"],
            "sort": {"metric": "revenue"}, "limit": 10}`.
        format_ (ExportFormat | Unset):
    """

    query: AnalyticsQuery
    format_: ExportFormat | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        query = self.query.to_dict()

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "query": query,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.analytics_query import AnalyticsQuery

        d = dict(src_dict)
        query = AnalyticsQuery.from_dict(d.pop("query"))

        _format_ = d.pop("format", UNSET)
        format_: ExportFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = ExportFormat(_format_)

        report_export = cls(
            query=query,
            format_=format_,
        )

        return report_export
