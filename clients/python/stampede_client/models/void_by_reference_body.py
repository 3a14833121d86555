from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="VoidByReferenceBody")


@_attrs_define
class VoidByReferenceBody:
    """Body of `POST /redemptions/void-by-reference`.

    Attributes:
        reference_id (str): 1–256 bytes, no control characters
        reason (None | str | Unset): at most 1024 bytes
    """

    reference_id: str
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reference_id = self.reference_id

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference_id": reference_id,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reference_id = d.pop("reference_id")

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        void_by_reference_body = cls(
            reference_id=reference_id,
            reason=reason,
        )

        return void_by_reference_body
