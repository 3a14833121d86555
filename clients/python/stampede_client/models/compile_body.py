from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.compile_body_condition import CompileBodyCondition


T = TypeVar("T", bound="CompileBody")


@_attrs_define
class CompileBody:
    """
    Attributes:
        condition (CompileBodyCondition):
    """

    condition: CompileBodyCondition

    def to_dict(self) -> dict[str, Any]:
        condition = self.condition.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "condition": condition,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.compile_body_condition import CompileBodyCondition

        d = dict(src_dict)
        condition = CompileBodyCondition.from_dict(d.pop("condition"))

        compile_body = cls(
            condition=condition,
        )

        return compile_body
