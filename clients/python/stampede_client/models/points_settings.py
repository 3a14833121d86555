from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PointsSettings")


@_attrs_define
class PointsSettings:
    """A tenant's points conversion (`PUT /rewards/points-settings`).

    Attributes:
        currency (str): ISO 4217 currency of the generated coupons.
        points_per_unit (int): Points worth one unit of `currency` (100 → 100 points buy 1.00).
        updated_at (datetime.datetime):
        max_points (int | None | Unset): Most points one conversion takes (at most [`MAX_POINTS`]).
        min_points (int | None | Unset): Fewest points one conversion takes.
        valid_days (int | None | Unset): Days a generated coupon stays valid; open-ended when absent.
    """

    currency: str
    points_per_unit: int
    updated_at: datetime.datetime
    max_points: int | None | Unset = UNSET
    min_points: int | None | Unset = UNSET
    valid_days: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        points_per_unit = self.points_per_unit

        updated_at = self.updated_at.isoformat()

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
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "points_per_unit": points_per_unit,
                "updated_at": updated_at,
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

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        points_settings = cls(
            currency=currency,
            points_per_unit=points_per_unit,
            updated_at=updated_at,
            max_points=max_points,
            min_points=min_points,
            valid_days=valid_days,
        )

        points_settings.additional_properties = d
        return points_settings

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
