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
        created (int):
        errors (int):
        id (str):
        processed (int):
        status (str): `CREATED` (nothing processed yet), `PROCESSING`, `COMPLETED`,
            `CANCELLED` or `FAILED`.
        updated_at (str):
    """

    created: int
    errors: int
    id: str
    processed: int
    status: str
    updated_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        errors = self.errors

        id = self.id

        processed = self.processed

        status = self.status

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "errors": errors,
                "id": id,
                "processed": processed,
                "status": status,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created = d.pop("created")

        errors = d.pop("errors")

        id = d.pop("id")

        processed = d.pop("processed")

        status = d.pop("status")

        updated_at = d.pop("updatedAt")

        codes_import = cls(
            created=created,
            errors=errors,
            id=id,
            processed=processed,
            status=status,
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
