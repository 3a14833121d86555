from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.metric import Metric
from ..models.sort_order import SortOrder
from ..types import UNSET, Unset

T = TypeVar("T", bound="Sort")


@_attrs_define
class Sort:
    """Order of a query's rows: by a metric (default descending); rows without
    `sort` come in the order of their group keys.

        Attributes:
            metric (Metric): A figure a query can sum (see the module's definitions).
            order (SortOrder | Unset):
    """

    metric: Metric
    order: SortOrder | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        metric = self.metric.value

        order: str | Unset = UNSET
        if not isinstance(self.order, Unset):
            order = self.order.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "metric": metric,
            }
        )
        if order is not UNSET:
            field_dict["order"] = order

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        metric = Metric(d.pop("metric"))

        _order = d.pop("order", UNSET)
        order: SortOrder | Unset
        if isinstance(_order, Unset):
            order = UNSET
        else:
            order = SortOrder(_order)

        sort = cls(
            metric=metric,
            order=order,
        )

        return sort
