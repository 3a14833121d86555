from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="Off")


@_attrs_define
class Off:
    """How much comes off the selected items of a BOGO, a bundle or a tier: exactly one
    of `percent` or per-currency `amounts`.

        Attributes:
            amounts (list[Money] | Unset):
            percent (float | None | Unset):
    """

    amounts: list[Money] | Unset = UNSET
    percent: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amounts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.amounts, Unset):
            amounts = []
            for amounts_item_data in self.amounts:
                amounts_item = amounts_item_data.to_dict()
                amounts.append(amounts_item)

        percent: float | None | Unset
        if isinstance(self.percent, Unset):
            percent = UNSET
        else:
            percent = self.percent

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amounts is not UNSET:
            field_dict["amounts"] = amounts
        if percent is not UNSET:
            field_dict["percent"] = percent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.money import Money

        d = dict(src_dict)
        _amounts = d.pop("amounts", UNSET)
        amounts: list[Money] | Unset = UNSET
        if _amounts is not UNSET:
            amounts = []
            for amounts_item_data in _amounts:
                amounts_item = Money.from_dict(amounts_item_data)

                amounts.append(amounts_item)

        def _parse_percent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        percent = _parse_percent(d.pop("percent", UNSET))

        off = cls(
            amounts=amounts,
            percent=percent,
        )

        return off
