from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.class_rates import ClassRates


T = TypeVar("T", bound="RateLimitRecord")


@_attrs_define
class RateLimitRecord:
    """The rate limits a tenant set with `PUT /rate-limits`.

    Attributes:
        tenant_id (str):
        updated_at (datetime.datetime):
        updated_by (str): Who set them (`root`, a key id or `jwt:{sub}`).
        per_key (ClassRates | Unset): Requests per minute for each scope class; `None` is the node's default.
        per_tenant (ClassRates | Unset): Requests per minute for each scope class; `None` is the node's default.
    """

    tenant_id: str
    updated_at: datetime.datetime
    updated_by: str
    per_key: ClassRates | Unset = UNSET
    per_tenant: ClassRates | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tenant_id = self.tenant_id

        updated_at = self.updated_at.isoformat()

        updated_by = self.updated_by

        per_key: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_key, Unset):
            per_key = self.per_key.to_dict()

        per_tenant: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_tenant, Unset):
            per_tenant = self.per_tenant.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tenant_id": tenant_id,
                "updated_at": updated_at,
                "updated_by": updated_by,
            }
        )
        if per_key is not UNSET:
            field_dict["per_key"] = per_key
        if per_tenant is not UNSET:
            field_dict["per_tenant"] = per_tenant

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.class_rates import ClassRates

        d = dict(src_dict)
        tenant_id = d.pop("tenant_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        updated_by = d.pop("updated_by")

        _per_key = d.pop("per_key", UNSET)
        per_key: ClassRates | Unset
        if isinstance(_per_key, Unset):
            per_key = UNSET
        else:
            per_key = ClassRates.from_dict(_per_key)

        _per_tenant = d.pop("per_tenant", UNSET)
        per_tenant: ClassRates | Unset
        if isinstance(_per_tenant, Unset):
            per_tenant = UNSET
        else:
            per_tenant = ClassRates.from_dict(_per_tenant)

        rate_limit_record = cls(
            tenant_id=tenant_id,
            updated_at=updated_at,
            updated_by=updated_by,
            per_key=per_key,
            per_tenant=per_tenant,
        )

        rate_limit_record.additional_properties = d
        return rate_limit_record

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
