from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidateOptions")


@_attrs_define
class ValidateOptions:
    """
    Attributes:
        explain (bool | Unset):
        lock (bool | Unset): Reserve each valid code (seed 004's lock): a pending redemption holds the
            use until it is confirmed, released, or expires. Needs `redemptions:write`.
        simulate_best_combination (bool | Unset): Also answer the best combination of the valid codes and the automatic
            promotions (`best_combination`, a full preview), searched exactly for at
            most `MAX_COMBINATION_CODES` codes.
    """

    explain: bool | Unset = UNSET
    lock: bool | Unset = UNSET
    simulate_best_combination: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        explain = self.explain

        lock = self.lock

        simulate_best_combination = self.simulate_best_combination

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if explain is not UNSET:
            field_dict["explain"] = explain
        if lock is not UNSET:
            field_dict["lock"] = lock
        if simulate_best_combination is not UNSET:
            field_dict["simulate_best_combination"] = simulate_best_combination

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        explain = d.pop("explain", UNSET)

        lock = d.pop("lock", UNSET)

        simulate_best_combination = d.pop("simulate_best_combination", UNSET)

        validate_options = cls(
            explain=explain,
            lock=lock,
            simulate_best_combination=simulate_best_combination,
        )

        return validate_options
