from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dimension import Dimension
from ..models.metric import Metric

if TYPE_CHECKING:
    from ..models.query_result_rows_item import QueryResultRowsItem


T = TypeVar("T", bound="QueryResult")


@_attrs_define
class QueryResult:
    """The answer of a query: one flat object per group — its dimensions, then
    its metrics (money in major units of the row's currency).

        Attributes:
            end (datetime.datetime):
            group_by (list[Dimension]):
            metrics (list[Metric]):
            rows (list[QueryResultRowsItem]):
            start (datetime.datetime):
            time_zone (str):
            truncated (bool): More groups matched than `limit`.
    """

    end: datetime.datetime
    group_by: list[Dimension]
    metrics: list[Metric]
    rows: list[QueryResultRowsItem]
    start: datetime.datetime
    time_zone: str
    truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end = self.end.isoformat()

        group_by = []
        for group_by_item_data in self.group_by:
            group_by_item = group_by_item_data.value
            group_by.append(group_by_item)

        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.value
            metrics.append(metrics_item)

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        start = self.start.isoformat()

        time_zone = self.time_zone

        truncated = self.truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "group_by": group_by,
                "metrics": metrics,
                "rows": rows,
                "start": start,
                "time_zone": time_zone,
                "truncated": truncated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.query_result_rows_item import QueryResultRowsItem

        d = dict(src_dict)
        end = datetime.datetime.fromisoformat(d.pop("end"))

        group_by = []
        _group_by = d.pop("group_by")
        for group_by_item_data in _group_by:
            group_by_item = Dimension(group_by_item_data)

            group_by.append(group_by_item)

        metrics = []
        _metrics = d.pop("metrics")
        for metrics_item_data in _metrics:
            metrics_item = Metric(metrics_item_data)

            metrics.append(metrics_item)

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = QueryResultRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

        start = datetime.datetime.fromisoformat(d.pop("start"))

        time_zone = d.pop("time_zone")

        truncated = d.pop("truncated")

        query_result = cls(
            end=end,
            group_by=group_by,
            metrics=metrics,
            rows=rows,
            start=start,
            time_zone=time_zone,
            truncated=truncated,
        )

        query_result.additional_properties = d
        return query_result

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
