from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dimension import Dimension
from ..models.metric import Metric
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.filters import Filters
    from ..models.sort import Sort


T = TypeVar("T", bound="AnalyticsQuery")


@_attrs_define
class AnalyticsQuery:
    """`POST /analytics/query`: e.g. top coupons by revenue in the last 7 days:
    `{"start": "…", "group_by": ["coupon"], "metrics": ["revenue"],
    "sort": {"metric": "revenue"}, "limit": 10}`.

        Attributes:
            end (datetime.datetime | None | Unset): Exclusive, rounded up to an hour; default now. At most 400 days after
                `start`.
            filters (Filters | Unset): Which rows a query sums; every list empty means all. Values within a list
                are alternatives (OR); lists combine (AND).
            group_by (list[Dimension] | Unset): At most one time dimension, each dimension once.
            limit (int | None | Unset): 1–1,000 rows; default 100.
            metrics (list[Metric] | Unset): Default: all metrics.
            sort (None | Sort | Unset):
            start (datetime.datetime | None | Unset): Inclusive, rounded down to its hour; default `end` − 30 days.
            time_zone (None | str | Unset): IANA zone of `day` and `week` buckets (default `UTC`). Rollups are
                hourly, so a zone whose offset is not whole hours is bucketed by the
                hour that began the local day.
    """

    end: datetime.datetime | None | Unset = UNSET
    filters: Filters | Unset = UNSET
    group_by: list[Dimension] | Unset = UNSET
    limit: int | None | Unset = UNSET
    metrics: list[Metric] | Unset = UNSET
    sort: None | Sort | Unset = UNSET
    start: datetime.datetime | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.sort import Sort

        end: None | str | Unset
        if isinstance(self.end, Unset):
            end = UNSET
        elif isinstance(self.end, datetime.datetime):
            end = self.end.isoformat()
        else:
            end = self.end

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        group_by: list[str] | Unset = UNSET
        if not isinstance(self.group_by, Unset):
            group_by = []
            for group_by_item_data in self.group_by:
                group_by_item = group_by_item_data.value
                group_by.append(group_by_item)

        limit: int | None | Unset
        if isinstance(self.limit, Unset):
            limit = UNSET
        else:
            limit = self.limit

        metrics: list[str] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = []
            for metrics_item_data in self.metrics:
                metrics_item = metrics_item_data.value
                metrics.append(metrics_item)

        sort: dict[str, Any] | None | Unset
        if isinstance(self.sort, Unset):
            sort = UNSET
        elif isinstance(self.sort, Sort):
            sort = self.sort.to_dict()
        else:
            sort = self.sort

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.datetime):
            start = self.start.isoformat()
        else:
            start = self.start

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if end is not UNSET:
            field_dict["end"] = end
        if filters is not UNSET:
            field_dict["filters"] = filters
        if group_by is not UNSET:
            field_dict["group_by"] = group_by
        if limit is not UNSET:
            field_dict["limit"] = limit
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if sort is not UNSET:
            field_dict["sort"] = sort
        if start is not UNSET:
            field_dict["start"] = start
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.filters import Filters
        from ..models.sort import Sort

        d = dict(src_dict)

        def _parse_end(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.datetime.fromisoformat(data)

                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        end = _parse_end(d.pop("end", UNSET))

        _filters = d.pop("filters", UNSET)
        filters: Filters | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = Filters.from_dict(_filters)

        _group_by = d.pop("group_by", UNSET)
        group_by: list[Dimension] | Unset = UNSET
        if _group_by is not UNSET:
            group_by = []
            for group_by_item_data in _group_by:
                group_by_item = Dimension(group_by_item_data)

                group_by.append(group_by_item)

        def _parse_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        limit = _parse_limit(d.pop("limit", UNSET))

        _metrics = d.pop("metrics", UNSET)
        metrics: list[Metric] | Unset = UNSET
        if _metrics is not UNSET:
            metrics = []
            for metrics_item_data in _metrics:
                metrics_item = Metric(metrics_item_data)

                metrics.append(metrics_item)

        def _parse_sort(data: object) -> None | Sort | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sort_type_1 = Sort.from_dict(data)

                return sort_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Sort | Unset, data)

        sort = _parse_sort(d.pop("sort", UNSET))

        def _parse_start(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.datetime.fromisoformat(data)

                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start = _parse_start(d.pop("start", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        analytics_query = cls(
            end=end,
            filters=filters,
            group_by=group_by,
            limit=limit,
            metrics=metrics,
            sort=sort,
            start=start,
            time_zone=time_zone,
        )

        return analytics_query
