from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discount_type_10_type import DiscountType10Type
from ..types import UNSET, Unset

T = TypeVar("T", bound="DiscountType10")


@_attrs_define
class DiscountType10:
    """Grants loyalty points: `points` flat plus `points_per_unit` per major unit of
    the eligible subtotal (seed 002 reward).

        Attributes:
            type_ (DiscountType10Type):
            points (int | None | Unset):
            points_per_unit (float | None | Unset):
    """

    type_: DiscountType10Type
    points: int | None | Unset = UNSET
    points_per_unit: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        points: int | None | Unset
        if isinstance(self.points, Unset):
            points = UNSET
        else:
            points = self.points

        points_per_unit: float | None | Unset
        if isinstance(self.points_per_unit, Unset):
            points_per_unit = UNSET
        else:
            points_per_unit = self.points_per_unit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if points is not UNSET:
            field_dict["points"] = points
        if points_per_unit is not UNSET:
            field_dict["points_per_unit"] = points_per_unit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = DiscountType10Type(d.pop("type"))

        def _parse_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        points = _parse_points(d.pop("points", UNSET))

        def _parse_points_per_unit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        points_per_unit = _parse_points_per_unit(d.pop("points_per_unit", UNSET))

        discount_type_10 = cls(
            type_=type_,
            points=points,
            points_per_unit=points_per_unit,
        )

        discount_type_10.additional_properties = d
        return discount_type_10

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
