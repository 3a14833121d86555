from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.codes_import import CodesImport
    from ..models.codes_import_view_links import CodesImportViewLinks


T = TypeVar("T", bound="CodesImportView")


@_attrs_define
class CodesImportView:
    """Seed 003's import resource.

    Attributes:
        codes_import (CodesImport):
        links (CodesImportViewLinks):
    """

    codes_import: CodesImport
    links: CodesImportViewLinks
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        codes_import = self.codes_import.to_dict()

        links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "codesImport": codes_import,
                "links": links,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.codes_import import CodesImport
        from ..models.codes_import_view_links import CodesImportViewLinks

        d = dict(src_dict)
        codes_import = CodesImport.from_dict(d.pop("codesImport"))

        links = CodesImportViewLinks.from_dict(d.pop("links"))

        codes_import_view = cls(
            codes_import=codes_import,
            links=links,
        )

        codes_import_view.additional_properties = d
        return codes_import_view

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
