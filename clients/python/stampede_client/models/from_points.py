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
        user_id (str):
        points (int): Points debited: 1–1,000,000,000,000, within the settings' bounds.
        debit_reference (str): The caller's ledger id of the debit (1–128 bytes): the idempotency key.
        currency (None | str | Unset): Must be the settings' currency when given.
    """

    user_id: str
    points: int
    debit_reference: str
    currency: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        points = self.points

        debit_reference = self.debit_reference

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
                "points": points,
                "debit_reference": debit_reference,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        points = d.pop("points")

        debit_reference = d.pop("debit_reference")

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        from_points = cls(
            user_id=user_id,
            points=points,
            debit_reference=debit_reference,
            currency=currency,
        )

        return from_points
