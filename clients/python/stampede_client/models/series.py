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
        end (datetime.datetime):
        interval (Dimension): What a query groups by. `day` and `week` (ISO weeks, labelled by their
            Monday) are calendar days in the query's time zone; `reason` splits
            `refusals` by reason (other metrics fall in the row whose reason is null).
        points (list[SeriesPointsItem]): `{period, redemptions, redeem_rate, discount, revenue, avg_order_value,
            unique_customers, refusals, voids, validations, valid_validations}`.
        start (datetime.datetime):
        target_id (str):
        target_type (str):
        time_zone (str):
    """

    end: datetime.datetime
    interval: Dimension
    points: list[SeriesPointsItem]
    start: datetime.datetime
    target_id: str
    target_type: str
    time_zone: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end = self.end.isoformat()

        interval = self.interval.value

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)

        start = self.start.isoformat()

        target_id = self.target_id

        target_type = self.target_type

        time_zone = self.time_zone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "interval": interval,
                "points": points,
                "start": start,
                "target_id": target_id,
                "target_type": target_type,
                "time_zone": time_zone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.series_points_item import SeriesPointsItem

        d = dict(src_dict)
        end = datetime.datetime.fromisoformat(d.pop("end"))

        interval = Dimension(d.pop("interval"))

        points = []
        _points = d.pop("points")
        for points_item_data in _points:
            points_item = SeriesPointsItem.from_dict(points_item_data)

            points.append(points_item)

        start = datetime.datetime.fromisoformat(d.pop("start"))

        target_id = d.pop("target_id")

        target_type = d.pop("target_type")

        time_zone = d.pop("time_zone")

        series = cls(
            end=end,
            interval=interval,
            points=points,
            start=start,
            target_id=target_id,
            target_type=target_type,
            time_zone=time_zone,
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
