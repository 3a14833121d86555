from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.redemption import Redemption


T = TypeVar("T", bound="VoidByReferenceResult")


@_attrs_define
class VoidByReferenceResult:
    """What a void by reference did.

    Attributes:
        redemptions (list[Redemption]): Every redemption of the order as it now stands.
        reference_id (str):
        voided (list[Redemption]): Redemptions this request voided (a repeat voids none).
    """

    redemptions: list[Redemption]
    reference_id: str
    voided: list[Redemption]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        redemptions = []
        for redemptions_item_data in self.redemptions:
            redemptions_item = redemptions_item_data.to_dict()
            redemptions.append(redemptions_item)

        reference_id = self.reference_id

        voided = []
        for voided_item_data in self.voided:
            voided_item = voided_item_data.to_dict()
            voided.append(voided_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "redemptions": redemptions,
                "reference_id": reference_id,
                "voided": voided,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.redemption import Redemption

        d = dict(src_dict)
        redemptions = []
        _redemptions = d.pop("redemptions")
        for redemptions_item_data in _redemptions:
            redemptions_item = Redemption.from_dict(redemptions_item_data)

            redemptions.append(redemptions_item)

        reference_id = d.pop("reference_id")

        voided = []
        _voided = d.pop("voided")
        for voided_item_data in _voided:
            voided_item = Redemption.from_dict(voided_item_data)

            voided.append(voided_item)

        void_by_reference_result = cls(
            redemptions=redemptions,
            reference_id=reference_id,
            voided=voided,
        )

        void_by_reference_result.additional_properties = d
        return void_by_reference_result

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
