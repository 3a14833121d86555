from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RowResult")


@_attrs_define
class RowResult:
    """What became of one row.

    Attributes:
        coupon_code (str):
        outcome (str): `success`, or the error code that refused it.
        row (int):
        detail (None | str | Unset):
        redemption_id (None | str | Unset):
    """

    coupon_code: str
    outcome: str
    row: int
    detail: None | str | Unset = UNSET
    redemption_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coupon_code = self.coupon_code

        outcome = self.outcome

        row = self.row

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        redemption_id: None | str | Unset
        if isinstance(self.redemption_id, Unset):
            redemption_id = UNSET
        else:
            redemption_id = self.redemption_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coupon_code": coupon_code,
                "outcome": outcome,
                "row": row,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if redemption_id is not UNSET:
            field_dict["redemption_id"] = redemption_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        coupon_code = d.pop("coupon_code")

        outcome = d.pop("outcome")

        row = d.pop("row")

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        def _parse_redemption_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        redemption_id = _parse_redemption_id(d.pop("redemption_id", UNSET))

        row_result = cls(
            coupon_code=coupon_code,
            outcome=outcome,
            row=row,
            detail=detail,
            redemption_id=redemption_id,
        )

        row_result.additional_properties = d
        return row_result

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
