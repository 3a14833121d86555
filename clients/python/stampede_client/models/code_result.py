from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.code_result_effects_item import CodeResultEffectsItem
    from ..models.explain_entry import ExplainEntry
    from ..models.lock import Lock


T = TypeVar("T", bound="CodeResult")


@_attrs_define
class CodeResult:
    """The verdict for one code.

    Attributes:
        applied_discount (float):
        code (str):
        reasons (list[ErrorCode]):
        valid (bool):
        coupon_id (None | str | Unset):
        currency (None | str | Unset):
        effects (list[CodeResultEffectsItem] | Unset): What the code grants besides money off: free products, loyalty
            points,
            a custom payload.
        explain (list[ExplainEntry] | None | Unset):
        lock (Lock | None | Unset):
    """

    applied_discount: float
    code: str
    reasons: list[ErrorCode]
    valid: bool
    coupon_id: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    effects: list[CodeResultEffectsItem] | Unset = UNSET
    explain: list[ExplainEntry] | None | Unset = UNSET
    lock: Lock | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.lock import Lock

        applied_discount = self.applied_discount

        code = self.code

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.value
            reasons.append(reasons_item)

        valid = self.valid

        coupon_id: None | str | Unset
        if isinstance(self.coupon_id, Unset):
            coupon_id = UNSET
        else:
            coupon_id = self.coupon_id

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        effects: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.effects, Unset):
            effects = []
            for effects_item_data in self.effects:
                effects_item = effects_item_data.to_dict()
                effects.append(effects_item)

        explain: list[dict[str, Any]] | None | Unset
        if isinstance(self.explain, Unset):
            explain = UNSET
        elif isinstance(self.explain, list):
            explain = []
            for explain_type_0_item_data in self.explain:
                explain_type_0_item = explain_type_0_item_data.to_dict()
                explain.append(explain_type_0_item)

        else:
            explain = self.explain

        lock: dict[str, Any] | None | Unset
        if isinstance(self.lock, Unset):
            lock = UNSET
        elif isinstance(self.lock, Lock):
            lock = self.lock.to_dict()
        else:
            lock = self.lock

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applied_discount": applied_discount,
                "code": code,
                "reasons": reasons,
                "valid": valid,
            }
        )
        if coupon_id is not UNSET:
            field_dict["coupon_id"] = coupon_id
        if currency is not UNSET:
            field_dict["currency"] = currency
        if effects is not UNSET:
            field_dict["effects"] = effects
        if explain is not UNSET:
            field_dict["explain"] = explain
        if lock is not UNSET:
            field_dict["lock"] = lock

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.code_result_effects_item import CodeResultEffectsItem
        from ..models.explain_entry import ExplainEntry
        from ..models.lock import Lock

        d = dict(src_dict)
        applied_discount = d.pop("applied_discount")

        code = d.pop("code")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ErrorCode(reasons_item_data)

            reasons.append(reasons_item)

        valid = d.pop("valid")

        def _parse_coupon_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coupon_id = _parse_coupon_id(d.pop("coupon_id", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        _effects = d.pop("effects", UNSET)
        effects: list[CodeResultEffectsItem] | Unset = UNSET
        if _effects is not UNSET:
            effects = []
            for effects_item_data in _effects:
                effects_item = CodeResultEffectsItem.from_dict(effects_item_data)

                effects.append(effects_item)

        def _parse_explain(data: object) -> list[ExplainEntry] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                explain_type_0 = []
                _explain_type_0 = data
                for explain_type_0_item_data in _explain_type_0:
                    explain_type_0_item = ExplainEntry.from_dict(
                        explain_type_0_item_data
                    )

                    explain_type_0.append(explain_type_0_item)

                return explain_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ExplainEntry] | None | Unset, data)

        explain = _parse_explain(d.pop("explain", UNSET))

        def _parse_lock(data: object) -> Lock | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                lock_type_1 = Lock.from_dict(data)

                return lock_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Lock | None | Unset, data)

        lock = _parse_lock(d.pop("lock", UNSET))

        code_result = cls(
            applied_discount=applied_discount,
            code=code,
            reasons=reasons,
            valid=valid,
            coupon_id=coupon_id,
            currency=currency,
            effects=effects,
            explain=explain,
            lock=lock,
        )

        code_result.additional_properties = d
        return code_result

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
