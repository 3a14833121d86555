from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.export_format import ExportFormat
from ..models.export_type import ExportType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_query import AnalyticsQuery
    from ..models.export_filters import ExportFilters


T = TypeVar("T", bound="ExportBody")


@_attrs_define
class ExportBody:
    """Body of `POST /exports`, kept as the job's spec.

    Attributes:
        type_ (ExportType): What an export writes.
        filters (ExportFilters | Unset): Which records an export keeps; every filter given must match.
        format_ (ExportFormat | Unset):
        query (AnalyticsQuery | None | Unset):
    """

    type_: ExportType
    filters: ExportFilters | Unset = UNSET
    format_: ExportFormat | Unset = UNSET
    query: AnalyticsQuery | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.analytics_query import AnalyticsQuery

        type_ = self.type_.value

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        query: dict[str, Any] | None | Unset
        if isinstance(self.query, Unset):
            query = UNSET
        elif isinstance(self.query, AnalyticsQuery):
            query = self.query.to_dict()
        else:
            query = self.query

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if filters is not UNSET:
            field_dict["filters"] = filters
        if format_ is not UNSET:
            field_dict["format"] = format_
        if query is not UNSET:
            field_dict["query"] = query

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.analytics_query import AnalyticsQuery
        from ..models.export_filters import ExportFilters

        d = dict(src_dict)
        type_ = ExportType(d.pop("type"))

        _filters = d.pop("filters", UNSET)
        filters: ExportFilters | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = ExportFilters.from_dict(_filters)

        _format_ = d.pop("format", UNSET)
        format_: ExportFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = ExportFormat(_format_)

        def _parse_query(data: object) -> AnalyticsQuery | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                query_type_1 = AnalyticsQuery.from_dict(data)

                return query_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AnalyticsQuery | None | Unset, data)

        query = _parse_query(d.pop("query", UNSET))

        export_body = cls(
            type_=type_,
            filters=filters,
            format_=format_,
            query=query,
        )

        return export_body
