from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FromPoints")


@_attrs_define
class FromPoints:
    """Body of `POST /coupons/from-points`.

    Attributes:
        debit_reference (str): The caller's ledger id of the debit (1–128 bytes): the idempotency key.
        points (int): Points debited: 1–1,000,000,000,000, within the settings' bounds.
        user_id (str):
        currency (None | str | Unset): Must be the settings' currency when given.
    """

    debit_reference: str
    points: int
    user_id: str
    currency: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        debit_reference = self.debit_reference

        points = self.points

        user_id = self.user_id

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "debit_reference": debit_reference,
                "points": points,
                "user_id": user_id,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        debit_reference = d.pop("debit_reference")

        points = d.pop("points")

        user_id = d.pop("user_id")

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        from_points = cls(
            debit_reference=debit_reference,
            points=points,
            user_id=user_id,
            currency=currency,
        )

        return from_points
