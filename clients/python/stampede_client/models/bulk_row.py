from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reference_type import ReferenceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bulk_row_metadata_type_0 import BulkRowMetadataType0
    from ..models.context import Context


T = TypeVar("T", bound="BulkRow")


@_attrs_define
class BulkRow:
    """One row of a bulk request: a single-code redemption.

    Attributes:
        coupon_code (str):
        context (Context | Unset): The checkout context of a validate or redeem request.
        metadata (BulkRowMetadataType0 | None | Unset):
        reference_id (None | str | Unset):
        reference_type (None | ReferenceType | Unset):
        user_id (None | str | Unset):
    """

    coupon_code: str
    context: Context | Unset = UNSET
    metadata: BulkRowMetadataType0 | None | Unset = UNSET
    reference_id: None | str | Unset = UNSET
    reference_type: None | ReferenceType | Unset = UNSET
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.bulk_row_metadata_type_0 import BulkRowMetadataType0

        coupon_code = self.coupon_code

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, BulkRowMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        reference_id: None | str | Unset
        if isinstance(self.reference_id, Unset):
            reference_id = UNSET
        else:
            reference_id = self.reference_id

        reference_type: None | str | Unset
        if isinstance(self.reference_type, Unset):
            reference_type = UNSET
        elif isinstance(self.reference_type, ReferenceType):
            reference_type = self.reference_type.value
        else:
            reference_type = self.reference_type

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "coupon_code": coupon_code,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if reference_id is not UNSET:
            field_dict["reference_id"] = reference_id
        if reference_type is not UNSET:
            field_dict["reference_type"] = reference_type
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.bulk_row_metadata_type_0 import BulkRowMetadataType0
        from ..models.context import Context

        d = dict(src_dict)
        coupon_code = d.pop("coupon_code")

        _context = d.pop("context", UNSET)
        context: Context | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = Context.from_dict(_context)

        def _parse_metadata(data: object) -> BulkRowMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = BulkRowMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BulkRowMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_reference_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference_id = _parse_reference_id(d.pop("reference_id", UNSET))

        def _parse_reference_type(data: object) -> None | ReferenceType | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reference_type_type_1 = ReferenceType(data)

                return reference_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferenceType | Unset, data)

        reference_type = _parse_reference_type(d.pop("reference_type", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        bulk_row = cls(
            coupon_code=coupon_code,
            context=context,
            metadata=metadata,
            reference_id=reference_id,
            reference_type=reference_type,
            user_id=user_id,
        )

        return bulk_row
