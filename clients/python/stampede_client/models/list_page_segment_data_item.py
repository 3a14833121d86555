from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segment_kind import SegmentKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.list_page_segment_data_item_definition_type_0 import (
        ListPageSegmentDataItemDefinitionType0,
    )


T = TypeVar("T", bound="ListPageSegmentDataItem")


@_attrs_define
class ListPageSegmentDataItem:
    """A segment as stored and returned.

    Attributes:
        created_at (datetime.datetime):
        id (str):
        kind (SegmentKind): How membership is decided.
        name (str): Unique within the tenant; rules refer to segments by this name.
        updated_at (datetime.datetime):
        version (int):
        definition (ListPageSegmentDataItemDefinitionType0 | None | Unset): The rule of a `rule` segment.
        description (None | str | Unset):
    """

    created_at: datetime.datetime
    id: str
    kind: SegmentKind
    name: str
    updated_at: datetime.datetime
    version: int
    definition: ListPageSegmentDataItemDefinitionType0 | None | Unset = UNSET
    description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.list_page_segment_data_item_definition_type_0 import (
            ListPageSegmentDataItemDefinitionType0,
        )

        created_at = self.created_at.isoformat()

        id = self.id

        kind = self.kind.value

        name = self.name

        updated_at = self.updated_at.isoformat()

        version = self.version

        definition: dict[str, Any] | None | Unset
        if isinstance(self.definition, Unset):
            definition = UNSET
        elif isinstance(self.definition, ListPageSegmentDataItemDefinitionType0):
            definition = self.definition.to_dict()
        else:
            definition = self.definition

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "name": name,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if definition is not UNSET:
            field_dict["definition"] = definition
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.list_page_segment_data_item_definition_type_0 import (
            ListPageSegmentDataItemDefinitionType0,
        )

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        kind = SegmentKind(d.pop("kind"))

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_definition(
            data: object,
        ) -> ListPageSegmentDataItemDefinitionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                definition_type_0 = ListPageSegmentDataItemDefinitionType0.from_dict(
                    data
                )

                return definition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ListPageSegmentDataItemDefinitionType0 | None | Unset, data)

        definition = _parse_definition(d.pop("definition", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        list_page_segment_data_item = cls(
            created_at=created_at,
            id=id,
            kind=kind,
            name=name,
            updated_at=updated_at,
            version=version,
            definition=definition,
            description=description,
        )

        list_page_segment_data_item.additional_properties = d
        return list_page_segment_data_item

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
