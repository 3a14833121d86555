from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bulk_user_attributes import BulkUserAttributes


T = TypeVar("T", bound="BulkUser")


@_attrs_define
class BulkUser:
    """
    Attributes:
        user_id (str):
        attributes (BulkUserAttributes | Unset):
    """

    user_id: str
    attributes: BulkUserAttributes | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.bulk_user_attributes import BulkUserAttributes

        d = dict(src_dict)
        user_id = d.pop("user_id")

        _attributes = d.pop("attributes", UNSET)
        attributes: BulkUserAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = BulkUserAttributes.from_dict(_attributes)

        bulk_user = cls(
            user_id=user_id,
            attributes=attributes,
        )

        return bulk_user
