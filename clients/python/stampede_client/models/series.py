from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dimension import Dimension

if TYPE_CHECKING:
    from ..models.series_points_item import SeriesPointsItem


T = TypeVar("T", bound="Series")


@_attrs_define
class Series:
    """A time series: one point per bucket of the range, zero where nothing happened.

    Attributes:
        target_type (str):
        target_id (str):
        interval (Dimension): What a query groups by. `day` and `week` (ISO weeks, labelled by their
            Monday) are calendar days in the query's time zone; `reason` splits
            `refusals` by reason (other metrics fall in the row whose reason is null).
        time_zone (str):
        start (datetime.datetime):
        end (datetime.datetime):
        points (list[SeriesPointsItem]): `{period, redemptions, redeem_rate, discount, revenue, avg_order_value,
            unique_customers, refusals, voids, validations, valid_validations}`.
    """

    target_type: str
    target_id: str
    interval: Dimension
    time_zone: str
    start: datetime.datetime
    end: datetime.datetime
    points: list[SeriesPointsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        target_type = self.target_type

        target_id = self.target_id

        interval = self.interval.value

        time_zone = self.time_zone

        start = self.start.isoformat()

        end = self.end.isoformat()

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "target_type": target_type,
                "target_id": target_id,
                "interval": interval,
                "time_zone": time_zone,
                "start": start,
                "end": end,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.series_points_item import SeriesPointsItem

        d = dict(src_dict)
        target_type = d.pop("target_type")

        target_id = d.pop("target_id")

        interval = Dimension(d.pop("interval"))

        time_zone = d.pop("time_zone")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        points = []
        _points = d.pop("points")
        for points_item_data in _points:
            points_item = SeriesPointsItem.from_dict(points_item_data)

            points.append(points_item)

        series = cls(
            target_type=target_type,
            target_id=target_id,
            interval=interval,
            time_zone=time_zone,
            start=start,
            end=end,
            points=points,
        )

        series.additional_properties = d
        return series

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
