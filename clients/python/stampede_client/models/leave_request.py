from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LeaveRequest")


@_attrs_define
class LeaveRequest:
    """Body of `POST /cluster/leave` (optional).

    Attributes:
        timeout_ms (int | None | Unset): How long to wait for the hand-off, in ms (at most 120000; default
            20000). The node leaves whatever the wait; what is left drains at
            shutdown.
    """

    timeout_ms: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        timeout_ms: int | None | Unset
        if isinstance(self.timeout_ms, Unset):
            timeout_ms = UNSET
        else:
            timeout_ms = self.timeout_ms

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if timeout_ms is not UNSET:
            field_dict["timeout_ms"] = timeout_ms

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_timeout_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        timeout_ms = _parse_timeout_ms(d.pop("timeout_ms", UNSET))

        leave_request = cls(
            timeout_ms=timeout_ms,
        )

        return leave_request
