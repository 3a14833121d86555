from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.class_rates import ClassRates
    from ..models.class_usage import ClassUsage
    from ..models.rate_limit_record import RateLimitRecord


T = TypeVar("T", bound="RateLimitsView")


@_attrs_define
class RateLimitsView:
    """The limits in effect for the caller and what is left of them.

    Attributes:
        caller (str): Whose budget the caller spends: a key id, `jwt:{sub}` or `root`
            (the root key is not limited).
        per_key (ClassRates): Requests per minute for each scope class; `None` is the node's default.
        per_tenant (ClassRates): Requests per minute for each scope class; `None` is the node's default.
        tenant_id (str):
        usage (list[ClassUsage]):
        configured (None | RateLimitRecord | Unset):
    """

    caller: str
    per_key: ClassRates
    per_tenant: ClassRates
    tenant_id: str
    usage: list[ClassUsage]
    configured: None | RateLimitRecord | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.rate_limit_record import RateLimitRecord

        caller = self.caller

        per_key = self.per_key.to_dict()

        per_tenant = self.per_tenant.to_dict()

        tenant_id = self.tenant_id

        usage = []
        for usage_item_data in self.usage:
            usage_item = usage_item_data.to_dict()
            usage.append(usage_item)

        configured: dict[str, Any] | None | Unset
        if isinstance(self.configured, Unset):
            configured = UNSET
        elif isinstance(self.configured, RateLimitRecord):
            configured = self.configured.to_dict()
        else:
            configured = self.configured

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "caller": caller,
                "per_key": per_key,
                "per_tenant": per_tenant,
                "tenant_id": tenant_id,
                "usage": usage,
            }
        )
        if configured is not UNSET:
            field_dict["configured"] = configured

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.class_rates import ClassRates
        from ..models.class_usage import ClassUsage
        from ..models.rate_limit_record import RateLimitRecord

        d = dict(src_dict)
        caller = d.pop("caller")

        per_key = ClassRates.from_dict(d.pop("per_key"))

        per_tenant = ClassRates.from_dict(d.pop("per_tenant"))

        tenant_id = d.pop("tenant_id")

        usage = []
        _usage = d.pop("usage")
        for usage_item_data in _usage:
            usage_item = ClassUsage.from_dict(usage_item_data)

            usage.append(usage_item)

        def _parse_configured(data: object) -> None | RateLimitRecord | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                configured_type_1 = RateLimitRecord.from_dict(data)

                return configured_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RateLimitRecord | Unset, data)

        configured = _parse_configured(d.pop("configured", UNSET))

        rate_limits_view = cls(
            caller=caller,
            per_key=per_key,
            per_tenant=per_tenant,
            tenant_id=tenant_id,
            usage=usage,
            configured=configured,
        )

        rate_limits_view.additional_properties = d
        return rate_limits_view

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
