from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discount_type_4_type import DiscountType4Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.off import Off
    from ..models.targeting import Targeting


T = TypeVar("T", bound="DiscountType4")


@_attrs_define
class DiscountType4:
    """Buy `buy` units, get `get` units (the cheapest) with `off` taken off them.

    Attributes:
        buy (int):
        get (int):
        off (Off): How much comes off the selected items of a BOGO, a bundle or a tier: exactly one
            of `percent` or per-currency `amounts`.
        type_ (DiscountType4Type):
        get_target (None | Targeting | Unset):
        repeat_limit (int | None | Unset):
    """

    buy: int
    get: int
    off: Off
    type_: DiscountType4Type
    get_target: None | Targeting | Unset = UNSET
    repeat_limit: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.targeting import Targeting

        buy = self.buy

        get = self.get

        off = self.off.to_dict()

        type_ = self.type_.value

        get_target: dict[str, Any] | None | Unset
        if isinstance(self.get_target, Unset):
            get_target = UNSET
        elif isinstance(self.get_target, Targeting):
            get_target = self.get_target.to_dict()
        else:
            get_target = self.get_target

        repeat_limit: int | None | Unset
        if isinstance(self.repeat_limit, Unset):
            repeat_limit = UNSET
        else:
            repeat_limit = self.repeat_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buy": buy,
                "get": get,
                "off": off,
                "type": type_,
            }
        )
        if get_target is not UNSET:
            field_dict["get_target"] = get_target
        if repeat_limit is not UNSET:
            field_dict["repeat_limit"] = repeat_limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.off import Off
        from ..models.targeting import Targeting

        d = dict(src_dict)
        buy = d.pop("buy")

        get = d.pop("get")

        off = Off.from_dict(d.pop("off"))

        type_ = DiscountType4Type(d.pop("type"))

        def _parse_get_target(data: object) -> None | Targeting | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                get_target_type_1 = Targeting.from_dict(data)

                return get_target_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Targeting | Unset, data)

        get_target = _parse_get_target(d.pop("get_target", UNSET))

        def _parse_repeat_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        repeat_limit = _parse_repeat_limit(d.pop("repeat_limit", UNSET))

        discount_type_4 = cls(
            buy=buy,
            get=get,
            off=off,
            type_=type_,
            get_target=get_target,
            repeat_limit=repeat_limit,
        )

        discount_type_4.additional_properties = d
        return discount_type_4

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
