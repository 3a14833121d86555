from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_segment_definition_type_0 import CreateSegmentDefinitionType0


T = TypeVar("T", bound="CreateSegment")


@_attrs_define
class CreateSegment:
    """
    Attributes:
        name (str):
        definition (CreateSegmentDefinitionType0 | None | Unset): A rule over customer attributes; absent for an
            explicit list.
        description (None | str | Unset):
    """

    name: str
    definition: CreateSegmentDefinitionType0 | None | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_segment_definition_type_0 import (
            CreateSegmentDefinitionType0,
        )

        name = self.name

        definition: dict[str, Any] | None | Unset
        if isinstance(self.definition, Unset):
            definition = UNSET
        elif isinstance(self.definition, CreateSegmentDefinitionType0):
            definition = self.definition.to_dict()
        else:
            definition = self.definition

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if definition is not UNSET:
            field_dict["definition"] = definition
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_segment_definition_type_0 import (
            CreateSegmentDefinitionType0,
        )

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_definition(
            data: object,
        ) -> CreateSegmentDefinitionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                definition_type_0 = CreateSegmentDefinitionType0.from_dict(data)

                return definition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateSegmentDefinitionType0 | None | Unset, data)

        definition = _parse_definition(d.pop("definition", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        create_segment = cls(
            name=name,
            definition=definition,
            description=description,
        )

        return create_segment
