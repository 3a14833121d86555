from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SampleRatio")


@_attrs_define
class SampleRatio:
    """Chi-square goodness of fit of the exposures against the allocation.

    Attributes:
        chi_square (float):
        mismatch (bool): `p_value < 0.001`: the split is not what was allocated.
        p_value (float):
    """

    chi_square: float
    mismatch: bool
    p_value: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chi_square = self.chi_square

        mismatch = self.mismatch

        p_value = self.p_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chi_square": chi_square,
                "mismatch": mismatch,
                "p_value": p_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        chi_square = d.pop("chi_square")

        mismatch = d.pop("mismatch")

        p_value = d.pop("p_value")

        sample_ratio = cls(
            chi_square=chi_square,
            mismatch=mismatch,
            p_value=p_value,
        )

        sample_ratio.additional_properties = d
        return sample_ratio

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
