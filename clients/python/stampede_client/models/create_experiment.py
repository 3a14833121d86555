from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.experiment_status import ExperimentStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.variant import Variant


T = TypeVar("T", bound="CreateExperiment")


@_attrs_define
class CreateExperiment:
    """
    Attributes:
        allocation (list[float]): Percent per variant (integers or up to two decimals), summing to 100.
        end (datetime.datetime):
        name (str):
        start (datetime.datetime):
        variants (list[Variant]): 2–10 variants, the first being the control; each binds exactly one of
            `coupon_id` or `promotion_id`.
        currency (None | str | Unset): ISO 4217 currency revenue is reported in.
        description (None | str | Unset):
        metrics (list[str] | None | Unset): Any of `redeem_rate`, `revenue_lift`, `revenue_per_exposure`,
            `conversions`; default `["redeem_rate"]`.
        planned_sample_per_variant (int | None | Unset): Subjects per variant before a recommendation (default 1,000).
        status (ExperimentStatus | None | Unset):
    """

    allocation: list[float]
    end: datetime.datetime
    name: str
    start: datetime.datetime
    variants: list[Variant]
    currency: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    metrics: list[str] | None | Unset = UNSET
    planned_sample_per_variant: int | None | Unset = UNSET
    status: ExperimentStatus | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        allocation = self.allocation

        end = self.end.isoformat()

        name = self.name

        start = self.start.isoformat()

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

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

        metrics: list[str] | None | Unset
        if isinstance(self.metrics, Unset):
            metrics = UNSET
        elif isinstance(self.metrics, list):
            metrics = self.metrics

        else:
            metrics = self.metrics

        planned_sample_per_variant: int | None | Unset
        if isinstance(self.planned_sample_per_variant, Unset):
            planned_sample_per_variant = UNSET
        else:
            planned_sample_per_variant = self.planned_sample_per_variant

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ExperimentStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "allocation": allocation,
                "end": end,
                "name": name,
                "start": start,
                "variants": variants,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if description is not UNSET:
            field_dict["description"] = description
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if planned_sample_per_variant is not UNSET:
            field_dict["planned_sample_per_variant"] = planned_sample_per_variant
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.variant import Variant

        d = dict(src_dict)
        allocation = cast(list[float], d.pop("allocation"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        name = d.pop("name")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = Variant.from_dict(variants_item_data)

            variants.append(variants_item)

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

        def _parse_metrics(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                metrics_type_0 = cast(list[str], data)

                return metrics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        metrics = _parse_metrics(d.pop("metrics", UNSET))

        def _parse_planned_sample_per_variant(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        planned_sample_per_variant = _parse_planned_sample_per_variant(
            d.pop("planned_sample_per_variant", UNSET)
        )

        def _parse_status(data: object) -> ExperimentStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = ExperimentStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExperimentStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        create_experiment = cls(
            allocation=allocation,
            end=end,
            name=name,
            start=start,
            variants=variants,
            currency=currency,
            description=description,
            metrics=metrics,
            planned_sample_per_variant=planned_sample_per_variant,
            status=status,
        )

        return create_experiment
