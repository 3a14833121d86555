from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.compiled_compiled import CompiledCompiled


T = TypeVar("T", bound="Compiled")


@_attrs_define
class Compiled:
    """
    Attributes:
        clause_count (int):
        compiled (CompiledCompiled): The run-time form: nodes and clauses with their JSON paths, facts resolved
            (time zones parsed, parameters attached) and operands typed.
        depth (int):
        valid (bool):
    """

    clause_count: int
    compiled: CompiledCompiled
    depth: int
    valid: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        clause_count = self.clause_count

        compiled = self.compiled.to_dict()

        depth = self.depth

        valid = self.valid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clause_count": clause_count,
                "compiled": compiled,
                "depth": depth,
                "valid": valid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.compiled_compiled import CompiledCompiled

        d = dict(src_dict)
        clause_count = d.pop("clause_count")

        compiled = CompiledCompiled.from_dict(d.pop("compiled"))

        depth = d.pop("depth")

        valid = d.pop("valid")

        compiled = cls(
            clause_count=clause_count,
            compiled=compiled,
            depth=depth,
            valid=valid,
        )

        compiled.additional_properties = d
        return compiled

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
