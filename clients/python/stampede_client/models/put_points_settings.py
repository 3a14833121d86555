from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PutPointsSettings")


@_attrs_define
class PutPointsSettings:
    """Body of `PUT /rewards/points-settings`.

    Attributes:
        currency (str):
        points_per_unit (int): Points worth one unit of `currency`: 1–1,000,000,000.
        max_points (int | None | Unset): At most 1,000,000,000,000.
        min_points (int | None | Unset):
        valid_days (int | None | Unset): 1–3,650 days.
    """

    currency: str
    points_per_unit: int
    max_points: int | None | Unset = UNSET
    min_points: int | None | Unset = UNSET
    valid_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        points_per_unit = self.points_per_unit

        max_points: int | None | Unset
        if isinstance(self.max_points, Unset):
            max_points = UNSET
        else:
            max_points = self.max_points

        min_points: int | None | Unset
        if isinstance(self.min_points, Unset):
            min_points = UNSET
        else:
            min_points = self.min_points

        valid_days: int | None | Unset
        if isinstance(self.valid_days, Unset):
            valid_days = UNSET
        else:
            valid_days = self.valid_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "points_per_unit": points_per_unit,
            }
        )
        if max_points is not UNSET:
            field_dict["max_points"] = max_points
        if min_points is not UNSET:
            field_dict["min_points"] = min_points
        if valid_days is not UNSET:
            field_dict["valid_days"] = valid_days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        points_per_unit = d.pop("points_per_unit")

        def _parse_max_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_points = _parse_max_points(d.pop("max_points", UNSET))

        def _parse_min_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_points = _parse_min_points(d.pop("min_points", UNSET))

        def _parse_valid_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        valid_days = _parse_valid_days(d.pop("valid_days", UNSET))

        put_points_settings = cls(
            currency=currency,
            points_per_unit=points_per_unit,
            max_points=max_points,
            min_points=min_points,
            valid_days=valid_days,
        )

        return put_points_settings
