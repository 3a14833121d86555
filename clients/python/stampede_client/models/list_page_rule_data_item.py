from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.list_page_rule_data_item_condition import (
        ListPageRuleDataItemCondition,
    )
    from ..models.list_page_rule_data_item_metadata import ListPageRuleDataItemMetadata


T = TypeVar("T", bound="ListPageRuleDataItem")


@_attrs_define
class ListPageRuleDataItem:
    """A rule as stored and returned.

    Attributes:
        condition (ListPageRuleDataItemCondition): The condition in the rule DSL, as written.
        created_at (datetime.datetime):
        id (str):
        metadata (ListPageRuleDataItemMetadata):
        name (str):
        priority (int): Higher first when several rules apply.
        type_ (str): What the rule is for (`eligibility`, `targeting`, …); free-form.
        updated_at (datetime.datetime):
        version (int):
    """

    condition: ListPageRuleDataItemCondition
    created_at: datetime.datetime
    id: str
    metadata: ListPageRuleDataItemMetadata
    name: str
    priority: int
    type_: str
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        condition = self.condition.to_dict()

        created_at = self.created_at.isoformat()

        id = self.id

        metadata = self.metadata.to_dict()

        name = self.name

        priority = self.priority

        type_ = self.type_

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "condition": condition,
                "created_at": created_at,
                "id": id,
                "metadata": metadata,
                "name": name,
                "priority": priority,
                "type": type_,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.list_page_rule_data_item_condition import (
            ListPageRuleDataItemCondition,
        )
        from ..models.list_page_rule_data_item_metadata import (
            ListPageRuleDataItemMetadata,
        )

        d = dict(src_dict)
        condition = ListPageRuleDataItemCondition.from_dict(d.pop("condition"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        metadata = ListPageRuleDataItemMetadata.from_dict(d.pop("metadata"))

        name = d.pop("name")

        priority = d.pop("priority")

        type_ = d.pop("type")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        list_page_rule_data_item = cls(
            condition=condition,
            created_at=created_at,
            id=id,
            metadata=metadata,
            name=name,
            priority=priority,
            type_=type_,
            updated_at=updated_at,
            version=version,
        )

        list_page_rule_data_item.additional_properties = d
        return list_page_rule_data_item

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
