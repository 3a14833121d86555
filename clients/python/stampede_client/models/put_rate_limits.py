from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.class_rates import ClassRates


T = TypeVar("T", bound="PutRateLimits")


@_attrs_define
class PutRateLimits:
    """Body of `PUT /rate-limits`: requests per minute for each class; a class
    left out uses the node's default.

        Attributes:
            per_key (ClassRates | Unset): Requests per minute for each scope class; `None` is the node's default.
            per_tenant (ClassRates | Unset): Requests per minute for each scope class; `None` is the node's default.
    """

    per_key: ClassRates | Unset = UNSET
    per_tenant: ClassRates | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        per_key: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_key, Unset):
            per_key = self.per_key.to_dict()

        per_tenant: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_tenant, Unset):
            per_tenant = self.per_tenant.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if per_key is not UNSET:
            field_dict["per_key"] = per_key
        if per_tenant is not UNSET:
            field_dict["per_tenant"] = per_tenant

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.class_rates import ClassRates

        d = dict(src_dict)
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

        put_rate_limits = cls(
            per_key=per_key,
            per_tenant=per_tenant,
        )

        return put_rate_limits
