from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.redemption import Redemption


T = TypeVar("T", bound="LockView")


@_attrs_define
class LockView:
    """An order-level lock and its redemptions.

    Attributes:
        created_at (datetime.datetime):
        lock_reference (str): Seed 004 `lockReference`.
        redemptions (list[Redemption]): One per code, in the order the codes were reserved.
        status (str): `pending`, `success` or `voided` when every redemption of the lock
            is; `mixed` otherwise.
    """

    created_at: datetime.datetime
    lock_reference: str
    redemptions: list[Redemption]
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        lock_reference = self.lock_reference

        redemptions = []
        for redemptions_item_data in self.redemptions:
            redemptions_item = redemptions_item_data.to_dict()
            redemptions.append(redemptions_item)

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "lock_reference": lock_reference,
                "redemptions": redemptions,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.redemption import Redemption

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        lock_reference = d.pop("lock_reference")

        redemptions = []
        _redemptions = d.pop("redemptions")
        for redemptions_item_data in _redemptions:
            redemptions_item = Redemption.from_dict(redemptions_item_data)

            redemptions.append(redemptions_item)

        status = d.pop("status")

        lock_view = cls(
            created_at=created_at,
            lock_reference=lock_reference,
            redemptions=redemptions,
            status=status,
        )

        lock_view.additional_properties = d
        return lock_view

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
