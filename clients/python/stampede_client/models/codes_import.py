from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CodesImport")


@_attrs_define
class CodesImport:
    """
    Attributes:
        id (str):
        status (str): `CREATED` (nothing processed yet), `PROCESSING`, `COMPLETED`,
            `CANCELLED` or `FAILED`.
        processed (int):
        created (int):
        errors (int):
        updated_at (str):
    """

    id: str
    status: str
    processed: int
    created: int
    errors: int
    updated_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        processed = self.processed

        created = self.created

        errors = self.errors

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "processed": processed,
                "created": created,
                "errors": errors,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        processed = d.pop("processed")

        created = d.pop("created")

        errors = d.pop("errors")

        updated_at = d.pop("updatedAt")

        codes_import = cls(
            id=id,
            status=status,
            processed=processed,
            created=created,
            errors=errors,
            updated_at=updated_at,
        )

        codes_import.additional_properties = d
        return codes_import

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
