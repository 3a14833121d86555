from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.limit_set import LimitSet
    from ..models.limit_usage import LimitUsage


T = TypeVar("T", bound="LimitsView")


@_attrs_define
class LimitsView:
    """The limits in force on a coupon and how much of them is used.

    Attributes:
        coupon_id (str):
        time_zone (str): The zone days and windows are read in.
        usage (LimitUsage):
        uses_count (int):
        campaign_id (None | str | Unset):
        limits (LimitSet | None | Unset):
        max_uses (int | None | Unset):
        per_customer_limit (int | None | Unset):
    """

    coupon_id: str
    time_zone: str
    usage: LimitUsage
    uses_count: int
    campaign_id: None | str | Unset = UNSET
    limits: LimitSet | None | Unset = UNSET
    max_uses: int | None | Unset = UNSET
    per_customer_limit: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.limit_set import LimitSet

        coupon_id = self.coupon_id

        time_zone = self.time_zone

        usage = self.usage.to_dict()

        uses_count = self.uses_count

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        limits: dict[str, Any] | None | Unset
        if isinstance(self.limits, Unset):
            limits = UNSET
        elif isinstance(self.limits, LimitSet):
            limits = self.limits.to_dict()
        else:
            limits = self.limits

        max_uses: int | None | Unset
        if isinstance(self.max_uses, Unset):
            max_uses = UNSET
        else:
            max_uses = self.max_uses

        per_customer_limit: int | None | Unset
        if isinstance(self.per_customer_limit, Unset):
            per_customer_limit = UNSET
        else:
            per_customer_limit = self.per_customer_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coupon_id": coupon_id,
                "time_zone": time_zone,
                "usage": usage,
                "uses_count": uses_count,
            }
        )
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if limits is not UNSET:
            field_dict["limits"] = limits
        if max_uses is not UNSET:
            field_dict["max_uses"] = max_uses
        if per_customer_limit is not UNSET:
            field_dict["per_customer_limit"] = per_customer_limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limit_set import LimitSet
        from ..models.limit_usage import LimitUsage

        d = dict(src_dict)
        coupon_id = d.pop("coupon_id")

        time_zone = d.pop("time_zone")

        usage = LimitUsage.from_dict(d.pop("usage"))

        uses_count = d.pop("uses_count")

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        def _parse_limits(data: object) -> LimitSet | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                limits_type_1 = LimitSet.from_dict(data)

                return limits_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LimitSet | None | Unset, data)

        limits = _parse_limits(d.pop("limits", UNSET))

        def _parse_max_uses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses = _parse_max_uses(d.pop("max_uses", UNSET))

        def _parse_per_customer_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_customer_limit = _parse_per_customer_limit(
            d.pop("per_customer_limit", UNSET)
        )

        limits_view = cls(
            coupon_id=coupon_id,
            time_zone=time_zone,
            usage=usage,
            uses_count=uses_count,
            campaign_id=campaign_id,
            limits=limits,
            max_uses=max_uses,
            per_customer_limit=per_customer_limit,
        )

        limits_view.additional_properties = d
        return limits_view

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
