from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TestGenerated")


@_attrs_define
class TestGenerated:
    """What a generation would make.

    Attributes:
        codes (list[str]): The first of them (at most 100), as the pattern draws them: the real
            job draws another random sequence from the same pattern.
        count (int): Codes the real request would make.
        coupon_id (str):
        written (bool): Always `false`: nothing was stored.
    """

    codes: list[str]
    count: int
    coupon_id: str
    written: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        codes = self.codes

        count = self.count

        coupon_id = self.coupon_id

        written = self.written

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "codes": codes,
                "count": count,
                "coupon_id": coupon_id,
                "written": written,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        codes = cast(list[str], d.pop("codes"))

        count = d.pop("count")

        coupon_id = d.pop("coupon_id")

        written = d.pop("written")

        test_generated = cls(
            codes=codes,
            count=count,
            coupon_id=coupon_id,
            written=written,
        )

        test_generated.additional_properties = d
        return test_generated

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
