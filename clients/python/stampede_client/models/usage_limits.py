from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.current_usage import CurrentUsage


T = TypeVar("T", bound="UsageLimits")


@_attrs_define
class UsageLimits:
    """Seed 001 `usage_limits`.

    Attributes:
        current_usage (CurrentUsage | None | Unset):
        daily_usage_limit (int | None | Unset):
        per_customer_limit (int | None | Unset):
        total_usage_limit (int | None | Unset):
    """

    current_usage: CurrentUsage | None | Unset = UNSET
    daily_usage_limit: int | None | Unset = UNSET
    per_customer_limit: int | None | Unset = UNSET
    total_usage_limit: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.current_usage import CurrentUsage

        current_usage: dict[str, Any] | None | Unset
        if isinstance(self.current_usage, Unset):
            current_usage = UNSET
        elif isinstance(self.current_usage, CurrentUsage):
            current_usage = self.current_usage.to_dict()
        else:
            current_usage = self.current_usage

        daily_usage_limit: int | None | Unset
        if isinstance(self.daily_usage_limit, Unset):
            daily_usage_limit = UNSET
        else:
            daily_usage_limit = self.daily_usage_limit

        per_customer_limit: int | None | Unset
        if isinstance(self.per_customer_limit, Unset):
            per_customer_limit = UNSET
        else:
            per_customer_limit = self.per_customer_limit

        total_usage_limit: int | None | Unset
        if isinstance(self.total_usage_limit, Unset):
            total_usage_limit = UNSET
        else:
            total_usage_limit = self.total_usage_limit

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if current_usage is not UNSET:
            field_dict["current_usage"] = current_usage
        if daily_usage_limit is not UNSET:
            field_dict["daily_usage_limit"] = daily_usage_limit
        if per_customer_limit is not UNSET:
            field_dict["per_customer_limit"] = per_customer_limit
        if total_usage_limit is not UNSET:
            field_dict["total_usage_limit"] = total_usage_limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.current_usage import CurrentUsage

        d = dict(src_dict)

        def _parse_current_usage(data: object) -> CurrentUsage | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                current_usage_type_1 = CurrentUsage.from_dict(data)

                return current_usage_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CurrentUsage | None | Unset, data)

        current_usage = _parse_current_usage(d.pop("current_usage", UNSET))

        def _parse_daily_usage_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_usage_limit = _parse_daily_usage_limit(d.pop("daily_usage_limit", UNSET))

        def _parse_per_customer_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_customer_limit = _parse_per_customer_limit(
            d.pop("per_customer_limit", UNSET)
        )

        def _parse_total_usage_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_usage_limit = _parse_total_usage_limit(d.pop("total_usage_limit", UNSET))

        usage_limits = cls(
            current_usage=current_usage,
            daily_usage_limit=daily_usage_limit,
            per_customer_limit=per_customer_limit,
            total_usage_limit=total_usage_limit,
        )

        return usage_limits
