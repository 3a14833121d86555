from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.experiment_status import ExperimentStatus
from ..models.recommendation import Recommendation
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.comparison import Comparison
    from ..models.sample_ratio import SampleRatio
    from ..models.variant_result import VariantResult


T = TypeVar("T", bound="ExperimentResults")


@_attrs_define
class ExperimentResults:
    """An experiment's results.

    Attributes:
        comparisons (list[Comparison]):
        computed_at (datetime.datetime):
        experiment_id (str):
        from_ (datetime.datetime): Redemptions counted were made in `[from, to)`.
        frozen (bool): Frozen at the end: these numbers no longer change.
        minimum_sample_per_variant (int):
        recommendation (Recommendation):
        status (ExperimentStatus):
        to (datetime.datetime):
        variants (list[VariantResult]):
        currency (None | str | Unset): The currency `revenue` is in, when there is one.
        recommended_variant (None | str | Unset):
        sample_ratio (None | SampleRatio | Unset):
    """

    comparisons: list[Comparison]
    computed_at: datetime.datetime
    experiment_id: str
    from_: datetime.datetime
    frozen: bool
    minimum_sample_per_variant: int
    recommendation: Recommendation
    status: ExperimentStatus
    to: datetime.datetime
    variants: list[VariantResult]
    currency: None | str | Unset = UNSET
    recommended_variant: None | str | Unset = UNSET
    sample_ratio: None | SampleRatio | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sample_ratio import SampleRatio

        comparisons = []
        for comparisons_item_data in self.comparisons:
            comparisons_item = comparisons_item_data.to_dict()
            comparisons.append(comparisons_item)

        computed_at = self.computed_at.isoformat()

        experiment_id = self.experiment_id

        from_ = self.from_.isoformat()

        frozen = self.frozen

        minimum_sample_per_variant = self.minimum_sample_per_variant

        recommendation = self.recommendation.value

        status = self.status.value

        to = self.to.isoformat()

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        recommended_variant: None | str | Unset
        if isinstance(self.recommended_variant, Unset):
            recommended_variant = UNSET
        else:
            recommended_variant = self.recommended_variant

        sample_ratio: dict[str, Any] | None | Unset
        if isinstance(self.sample_ratio, Unset):
            sample_ratio = UNSET
        elif isinstance(self.sample_ratio, SampleRatio):
            sample_ratio = self.sample_ratio.to_dict()
        else:
            sample_ratio = self.sample_ratio

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "comparisons": comparisons,
                "computed_at": computed_at,
                "experiment_id": experiment_id,
                "from": from_,
                "frozen": frozen,
                "minimum_sample_per_variant": minimum_sample_per_variant,
                "recommendation": recommendation,
                "status": status,
                "to": to,
                "variants": variants,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if recommended_variant is not UNSET:
            field_dict["recommended_variant"] = recommended_variant
        if sample_ratio is not UNSET:
            field_dict["sample_ratio"] = sample_ratio

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.comparison import Comparison
        from ..models.sample_ratio import SampleRatio
        from ..models.variant_result import VariantResult

        d = dict(src_dict)
        comparisons = []
        _comparisons = d.pop("comparisons")
        for comparisons_item_data in _comparisons:
            comparisons_item = Comparison.from_dict(comparisons_item_data)

            comparisons.append(comparisons_item)

        computed_at = datetime.datetime.fromisoformat(d.pop("computed_at"))

        experiment_id = d.pop("experiment_id")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        frozen = d.pop("frozen")

        minimum_sample_per_variant = d.pop("minimum_sample_per_variant")

        recommendation = Recommendation(d.pop("recommendation"))

        status = ExperimentStatus(d.pop("status"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = VariantResult.from_dict(variants_item_data)

            variants.append(variants_item)

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_recommended_variant(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recommended_variant = _parse_recommended_variant(
            d.pop("recommended_variant", UNSET)
        )

        def _parse_sample_ratio(data: object) -> None | SampleRatio | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sample_ratio_type_1 = SampleRatio.from_dict(data)

                return sample_ratio_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SampleRatio | Unset, data)

        sample_ratio = _parse_sample_ratio(d.pop("sample_ratio", UNSET))

        experiment_results = cls(
            comparisons=comparisons,
            computed_at=computed_at,
            experiment_id=experiment_id,
            from_=from_,
            frozen=frozen,
            minimum_sample_per_variant=minimum_sample_per_variant,
            recommendation=recommendation,
            status=status,
            to=to,
            variants=variants,
            currency=currency,
            recommended_variant=recommended_variant,
            sample_ratio=sample_ratio,
        )

        experiment_results.additional_properties = d
        return experiment_results

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
