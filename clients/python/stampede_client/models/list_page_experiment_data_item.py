from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.experiment_status import ExperimentStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment_results import ExperimentResults
    from ..models.variant import Variant


T = TypeVar("T", bound="ListPageExperimentDataItem")


@_attrs_define
class ListPageExperimentDataItem:
    """An experiment as stored and returned.

    Attributes:
        allocation (list[float]): Percent of subjects per variant, in variant order; sums to 100.
        created_at (datetime.datetime):
        end (datetime.datetime):
        id (str):
        metrics (list[str]):
        name (str):
        start (datetime.datetime):
        status (ExperimentStatus):
        updated_at (datetime.datetime):
        variants (list[Variant]):
        version (int):
        currency (None | str | Unset): The currency revenue is reported in (ISO 4217); when absent, the one
            currency the variants' redemptions have.
        description (None | str | Unset):
        frozen_results (ExperimentResults | None | Unset):
        planned_sample_per_variant (int | None | Unset):
    """

    allocation: list[float]
    created_at: datetime.datetime
    end: datetime.datetime
    id: str
    metrics: list[str]
    name: str
    start: datetime.datetime
    status: ExperimentStatus
    updated_at: datetime.datetime
    variants: list[Variant]
    version: int
    currency: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    frozen_results: ExperimentResults | None | Unset = UNSET
    planned_sample_per_variant: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.experiment_results import ExperimentResults

        allocation = self.allocation

        created_at = self.created_at.isoformat()

        end = self.end.isoformat()

        id = self.id

        metrics = self.metrics

        name = self.name

        start = self.start.isoformat()

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

        version = self.version

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        frozen_results: dict[str, Any] | None | Unset
        if isinstance(self.frozen_results, Unset):
            frozen_results = UNSET
        elif isinstance(self.frozen_results, ExperimentResults):
            frozen_results = self.frozen_results.to_dict()
        else:
            frozen_results = self.frozen_results

        planned_sample_per_variant: int | None | Unset
        if isinstance(self.planned_sample_per_variant, Unset):
            planned_sample_per_variant = UNSET
        else:
            planned_sample_per_variant = self.planned_sample_per_variant

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocation": allocation,
                "created_at": created_at,
                "end": end,
                "id": id,
                "metrics": metrics,
                "name": name,
                "start": start,
                "status": status,
                "updated_at": updated_at,
                "variants": variants,
                "version": version,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if description is not UNSET:
            field_dict["description"] = description
        if frozen_results is not UNSET:
            field_dict["frozen_results"] = frozen_results
        if planned_sample_per_variant is not UNSET:
            field_dict["planned_sample_per_variant"] = planned_sample_per_variant

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.experiment_results import ExperimentResults
        from ..models.variant import Variant

        d = dict(src_dict)
        allocation = cast(list[float], d.pop("allocation"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        id = d.pop("id")

        metrics = cast(list[str], d.pop("metrics"))

        name = d.pop("name")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        status = ExperimentStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = Variant.from_dict(variants_item_data)

            variants.append(variants_item)

        version = d.pop("version")

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_frozen_results(data: object) -> ExperimentResults | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                frozen_results_type_1 = ExperimentResults.from_dict(data)

                return frozen_results_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExperimentResults | None | Unset, data)

        frozen_results = _parse_frozen_results(d.pop("frozen_results", UNSET))

        def _parse_planned_sample_per_variant(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        planned_sample_per_variant = _parse_planned_sample_per_variant(
            d.pop("planned_sample_per_variant", UNSET)
        )

        list_page_experiment_data_item = cls(
            allocation=allocation,
            created_at=created_at,
            end=end,
            id=id,
            metrics=metrics,
            name=name,
            start=start,
            status=status,
            updated_at=updated_at,
            variants=variants,
            version=version,
            currency=currency,
            description=description,
            frozen_results=frozen_results,
            planned_sample_per_variant=planned_sample_per_variant,
        )

        list_page_experiment_data_item.additional_properties = d
        return list_page_experiment_data_item

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
