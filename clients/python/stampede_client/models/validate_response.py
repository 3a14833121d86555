from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.code_result import CodeResult
    from ..models.validate_response_best_combination_type_0 import (
        ValidateResponseBestCombinationType0,
    )


T = TypeVar("T", bound="ValidateResponse")


@_attrs_define
class ValidateResponse:
    """
    Attributes:
        results (list[CodeResult]):
        best_combination (None | Unset | ValidateResponseBestCombinationType0): With
            `options.simulate_best_combination`: the preview of the best
            combination (applied promotions, per-line adjustments, totals).
    """

    results: list[CodeResult]
    best_combination: None | Unset | ValidateResponseBestCombinationType0 = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.validate_response_best_combination_type_0 import (
            ValidateResponseBestCombinationType0,
        )

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        best_combination: dict[str, Any] | None | Unset
        if isinstance(self.best_combination, Unset):
            best_combination = UNSET
        elif isinstance(self.best_combination, ValidateResponseBestCombinationType0):
            best_combination = self.best_combination.to_dict()
        else:
            best_combination = self.best_combination

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
            }
        )
        if best_combination is not UNSET:
            field_dict["best_combination"] = best_combination

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.code_result import CodeResult
        from ..models.validate_response_best_combination_type_0 import (
            ValidateResponseBestCombinationType0,
        )

        d = dict(src_dict)
        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = CodeResult.from_dict(results_item_data)

            results.append(results_item)

        def _parse_best_combination(
            data: object,
        ) -> None | Unset | ValidateResponseBestCombinationType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                best_combination_type_0 = (
                    ValidateResponseBestCombinationType0.from_dict(data)
                )

                return best_combination_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | ValidateResponseBestCombinationType0, data)

        best_combination = _parse_best_combination(d.pop("best_combination", UNSET))

        validate_response = cls(
            results=results,
            best_combination=best_combination,
        )

        validate_response.additional_properties = d
        return validate_response

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
