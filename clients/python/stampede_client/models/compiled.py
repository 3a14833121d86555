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
        valid (bool):
        clause_count (int):
        depth (int):
        compiled (CompiledCompiled): The run-time form: nodes and clauses with their JSON paths, facts resolved
            (time zones parsed, parameters attached) and operands typed.
    """

    valid: bool
    clause_count: int
    depth: int
    compiled: CompiledCompiled
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        clause_count = self.clause_count

        depth = self.depth

        compiled = self.compiled.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
                "clause_count": clause_count,
                "depth": depth,
                "compiled": compiled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.compiled_compiled import CompiledCompiled

        d = dict(src_dict)
        valid = d.pop("valid")

        clause_count = d.pop("clause_count")

        depth = d.pop("depth")

        compiled = CompiledCompiled.from_dict(d.pop("compiled"))

        compiled = cls(
            valid=valid,
            clause_count=clause_count,
            depth=depth,
            compiled=compiled,
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
