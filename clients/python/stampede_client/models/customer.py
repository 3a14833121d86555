from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_attributes import CustomerAttributes


T = TypeVar("T", bound="Customer")


@_attrs_define
class Customer:
    """What the caller knows about the customer; rules read it as facts.

    Attributes:
        attributes (CustomerAttributes | Unset): Free-form attributes (`lifetime_spend`, …) for rules and segments.
        first_time (bool | None | Unset):
        loyalty_tier (None | str | Unset):
        segments (list[str] | Unset): Segments the customer belongs to (the edge adds stored memberships).
    """

    attributes: CustomerAttributes | Unset = UNSET
    first_time: bool | None | Unset = UNSET
    loyalty_tier: None | str | Unset = UNSET
    segments: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        first_time: bool | None | Unset
        if isinstance(self.first_time, Unset):
            first_time = UNSET
        else:
            first_time = self.first_time

        loyalty_tier: None | str | Unset
        if isinstance(self.loyalty_tier, Unset):
            loyalty_tier = UNSET
        else:
            loyalty_tier = self.loyalty_tier

        segments: list[str] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = self.segments

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if first_time is not UNSET:
            field_dict["first_time"] = first_time
        if loyalty_tier is not UNSET:
            field_dict["loyalty_tier"] = loyalty_tier
        if segments is not UNSET:
            field_dict["segments"] = segments

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer_attributes import CustomerAttributes

        d = dict(src_dict)
        _attributes = d.pop("attributes", UNSET)
        attributes: CustomerAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = CustomerAttributes.from_dict(_attributes)

        def _parse_first_time(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        first_time = _parse_first_time(d.pop("first_time", UNSET))

        def _parse_loyalty_tier(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        loyalty_tier = _parse_loyalty_tier(d.pop("loyalty_tier", UNSET))

        segments = cast(list[str], d.pop("segments", UNSET))

        customer = cls(
            attributes=attributes,
            first_time=first_time,
            loyalty_tier=loyalty_tier,
            segments=segments,
        )

        return customer
