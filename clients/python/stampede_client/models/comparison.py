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
        ci_high (float):
        ci_low (float): 95% confidence interval of the difference (unpooled normal interval).
        control_id (str):
        difference (float): Redeem rate of the variant minus the control's.
        p_value (float):
        significant (bool): `p_value < 0.05`.
        variant_id (str):
        z (float): Two-proportion z statistic (pooled) and its two-sided p-value.
        revenue_lift (float | None | Unset): Revenue per exposure relative to the control's (`0.1` = +10%);
            `None` when the control has none.
    """

    ci_high: float
    ci_low: float
    control_id: str
    difference: float
    p_value: float
    significant: bool
    variant_id: str
    z: float
    revenue_lift: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ci_high = self.ci_high

        ci_low = self.ci_low

        control_id = self.control_id

        difference = self.difference

        p_value = self.p_value

        significant = self.significant

        variant_id = self.variant_id

        z = self.z

        revenue_lift: float | None | Unset
        if isinstance(self.revenue_lift, Unset):
            revenue_lift = UNSET
        else:
            revenue_lift = self.revenue_lift

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ci_high": ci_high,
                "ci_low": ci_low,
                "control_id": control_id,
                "difference": difference,
                "p_value": p_value,
                "significant": significant,
                "variant_id": variant_id,
                "z": z,
            }
        )
        if revenue_lift is not UNSET:
            field_dict["revenue_lift"] = revenue_lift

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        ci_high = d.pop("ci_high")

        ci_low = d.pop("ci_low")

        control_id = d.pop("control_id")

        difference = d.pop("difference")

        p_value = d.pop("p_value")

        significant = d.pop("significant")

        variant_id = d.pop("variant_id")

        z = d.pop("z")

        def _parse_revenue_lift(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        revenue_lift = _parse_revenue_lift(d.pop("revenue_lift", UNSET))

        comparison = cls(
            ci_high=ci_high,
            ci_low=ci_low,
            control_id=control_id,
            difference=difference,
            p_value=p_value,
            significant=significant,
            variant_id=variant_id,
            z=z,
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
