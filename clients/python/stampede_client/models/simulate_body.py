from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.promo_context import PromoContext
    from ..models.simulate_body_condition_type_0 import SimulateBodyConditionType0


T = TypeVar("T", bound="SimulateBody")


@_attrs_define
class SimulateBody:
    """
    Attributes:
        at (datetime.datetime | None | Unset): Evaluate as of this instant instead of now (day and time facts).
        condition (None | SimulateBodyConditionType0 | Unset): A rule to evaluate, or `rule_id` of a stored one.
        context (PromoContext | Unset): The checkout context of a preview: a superset of [`crate::Context`].
        rule_id (None | str | Unset):
    """

    at: datetime.datetime | None | Unset = UNSET
    condition: None | SimulateBodyConditionType0 | Unset = UNSET
    context: PromoContext | Unset = UNSET
    rule_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.simulate_body_condition_type_0 import SimulateBodyConditionType0

        at: None | str | Unset
        if isinstance(self.at, Unset):
            at = UNSET
        elif isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, SimulateBodyConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        rule_id: None | str | Unset
        if isinstance(self.rule_id, Unset):
            rule_id = UNSET
        else:
            rule_id = self.rule_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if at is not UNSET:
            field_dict["at"] = at
        if condition is not UNSET:
            field_dict["condition"] = condition
        if context is not UNSET:
            field_dict["context"] = context
        if rule_id is not UNSET:
            field_dict["rule_id"] = rule_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.promo_context import PromoContext
        from ..models.simulate_body_condition_type_0 import SimulateBodyConditionType0

        d = dict(src_dict)

        def _parse_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.datetime.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        at = _parse_at(d.pop("at", UNSET))

        def _parse_condition(data: object) -> None | SimulateBodyConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = SimulateBodyConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SimulateBodyConditionType0 | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        _context = d.pop("context", UNSET)
        context: PromoContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = PromoContext.from_dict(_context)

        def _parse_rule_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rule_id = _parse_rule_id(d.pop("rule_id", UNSET))

        simulate_body = cls(
            at=at,
            condition=condition,
            context=context,
            rule_id=rule_id,
        )

        return simulate_body
