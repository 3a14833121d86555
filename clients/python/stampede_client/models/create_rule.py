from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_rule_condition import CreateRuleCondition
    from ..models.create_rule_metadata import CreateRuleMetadata


T = TypeVar("T", bound="CreateRule")


@_attrs_define
class CreateRule:
    """
    Attributes:
        condition (CreateRuleCondition):
        name (str):
        metadata (CreateRuleMetadata | Unset):
        priority (int | Unset):
        type_ (str | Unset):
    """

    condition: CreateRuleCondition
    name: str
    metadata: CreateRuleMetadata | Unset = UNSET
    priority: int | Unset = UNSET
    type_: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        condition = self.condition.to_dict()

        name = self.name

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        priority = self.priority

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "condition": condition,
                "name": name,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if priority is not UNSET:
            field_dict["priority"] = priority
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_rule_condition import CreateRuleCondition
        from ..models.create_rule_metadata import CreateRuleMetadata

        d = dict(src_dict)
        condition = CreateRuleCondition.from_dict(d.pop("condition"))

        name = d.pop("name")

        _metadata = d.pop("metadata", UNSET)
        metadata: CreateRuleMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreateRuleMetadata.from_dict(_metadata)

        priority = d.pop("priority", UNSET)

        type_ = d.pop("type", UNSET)

        create_rule = cls(
            condition=condition,
            name=name,
            metadata=metadata,
            priority=priority,
            type_=type_,
        )

        return create_rule
