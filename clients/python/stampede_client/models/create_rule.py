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
        name (str):
        condition (CreateRuleCondition):
        type_ (str | Unset):
        priority (int | Unset):
        metadata (CreateRuleMetadata | Unset):
    """

    name: str
    condition: CreateRuleCondition
    type_: str | Unset = UNSET
    priority: int | Unset = UNSET
    metadata: CreateRuleMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        condition = self.condition.to_dict()

        type_ = self.type_

        priority = self.priority

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "condition": condition,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if priority is not UNSET:
            field_dict["priority"] = priority
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_rule_condition import CreateRuleCondition
        from ..models.create_rule_metadata import CreateRuleMetadata

        d = dict(src_dict)
        name = d.pop("name")

        condition = CreateRuleCondition.from_dict(d.pop("condition"))

        type_ = d.pop("type", UNSET)

        priority = d.pop("priority", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CreateRuleMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreateRuleMetadata.from_dict(_metadata)

        create_rule = cls(
            name=name,
            condition=condition,
            type_=type_,
            priority=priority,
            metadata=metadata,
        )

        return create_rule
