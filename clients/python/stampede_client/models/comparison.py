from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Comparison")


@_attrs_define
class Comparison:
    """A variant against the control (the first variant).

    Attributes:
        variant_id (str):
        control_id (str):
        difference (float): Redeem rate of the variant minus the control's.
        ci_low (float): 95% confidence interval of the difference (unpooled normal interval).
        ci_high (float):
        z (float): Two-proportion z statistic (pooled) and its two-sided p-value.
        p_value (float):
        significant (bool): `p_value < 0.05`.
        revenue_lift (float | None | Unset): Revenue per exposure relative to the control's (`0.1` = +10%);
            `None` when the control has none.
    """

    variant_id: str
    control_id: str
    difference: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    significant: bool
    revenue_lift: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        variant_id = self.variant_id

        control_id = self.control_id

        difference = self.difference

        ci_low = self.ci_low

        ci_high = self.ci_high

        z = self.z

        p_value = self.p_value

        significant = self.significant

        revenue_lift: float | None | Unset
        if isinstance(self.revenue_lift, Unset):
            revenue_lift = UNSET
        else:
            revenue_lift = self.revenue_lift

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "variant_id": variant_id,
                "control_id": control_id,
                "difference": difference,
                "ci_low": ci_low,
                "ci_high": ci_high,
                "z": z,
                "p_value": p_value,
                "significant": significant,
            }
        )
        if revenue_lift is not UNSET:
            field_dict["revenue_lift"] = revenue_lift

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        variant_id = d.pop("variant_id")

        control_id = d.pop("control_id")

        difference = d.pop("difference")

        ci_low = d.pop("ci_low")

        ci_high = d.pop("ci_high")

        z = d.pop("z")

        p_value = d.pop("p_value")

        significant = d.pop("significant")

        def _parse_revenue_lift(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        revenue_lift = _parse_revenue_lift(d.pop("revenue_lift", UNSET))

        comparison = cls(
            variant_id=variant_id,
            control_id=control_id,
            difference=difference,
            ci_low=ci_low,
            ci_high=ci_high,
            z=z,
            p_value=p_value,
            significant=significant,
            revenue_lift=revenue_lift,
        )

        comparison.additional_properties = d
        return comparison

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
