from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reference_type import ReferenceType
from ..models.requested_status import RequestedStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.context import Context
    from ..models.redeem_body_metadata_type_0 import RedeemBodyMetadataType0


T = TypeVar("T", bound="RedeemBody")


@_attrs_define
class RedeemBody:
    """Body of `POST /redemptions`: one `coupon_code`, or several `coupon_codes`
    applied all or nothing.

        Attributes:
            context (Context | Unset): The checkout context of a validate or redeem request.
            coupon_code (None | str | Unset): 1–64 of letters, digits, `-` and `_`; matched upper-cased unless the coupon is
                case-sensitive
            coupon_codes (list[str] | Unset):
            metadata (None | RedeemBodyMetadataType0 | Unset): any JSON object serializing to at most 16384 bytes
            redemption_client_id (None | str | Unset): Client-chosen id making the redemption idempotent without a header.
                (1–256 bytes, no control characters)
            reference_id (None | str | Unset): 1–256 bytes, no control characters
            reference_type (None | ReferenceType | Unset):
            status (RequestedStatus | Unset): The status a redemption is created in: `success` (redeem now) or `pending`
                (reserve: holds the use until confirmed, released or expired).
            user_id (None | str | Unset): 1–256 bytes, no control characters
    """

    context: Context | Unset = UNSET
    coupon_code: None | str | Unset = UNSET
    coupon_codes: list[str] | Unset = UNSET
    metadata: None | RedeemBodyMetadataType0 | Unset = UNSET
    redemption_client_id: None | str | Unset = UNSET
    reference_id: None | str | Unset = UNSET
    reference_type: None | ReferenceType | Unset = UNSET
    status: RequestedStatus | Unset = UNSET
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.redeem_body_metadata_type_0 import RedeemBodyMetadataType0

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        coupon_code: None | str | Unset
        if isinstance(self.coupon_code, Unset):
            coupon_code = UNSET
        else:
            coupon_code = self.coupon_code

        coupon_codes: list[str] | Unset = UNSET
        if not isinstance(self.coupon_codes, Unset):
            coupon_codes = self.coupon_codes

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, RedeemBodyMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        redemption_client_id: None | str | Unset
        if isinstance(self.redemption_client_id, Unset):
            redemption_client_id = UNSET
        else:
            redemption_client_id = self.redemption_client_id

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

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if context is not UNSET:
            field_dict["context"] = context
        if coupon_code is not UNSET:
            field_dict["coupon_code"] = coupon_code
        if coupon_codes is not UNSET:
            field_dict["coupon_codes"] = coupon_codes
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if redemption_client_id is not UNSET:
            field_dict["redemption_client_id"] = redemption_client_id
        if reference_id is not UNSET:
            field_dict["reference_id"] = reference_id
        if reference_type is not UNSET:
            field_dict["reference_type"] = reference_type
        if status is not UNSET:
            field_dict["status"] = status
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.context import Context
        from ..models.redeem_body_metadata_type_0 import RedeemBodyMetadataType0

        d = dict(src_dict)
        _context = d.pop("context", UNSET)
        context: Context | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = Context.from_dict(_context)

        def _parse_coupon_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coupon_code = _parse_coupon_code(d.pop("coupon_code", UNSET))

        coupon_codes = cast(list[str], d.pop("coupon_codes", UNSET))

        def _parse_metadata(data: object) -> None | RedeemBodyMetadataType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = RedeemBodyMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RedeemBodyMetadataType0 | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_redemption_client_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        redemption_client_id = _parse_redemption_client_id(
            d.pop("redemption_client_id", UNSET)
        )

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

        _status = d.pop("status", UNSET)
        status: RequestedStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = RequestedStatus(_status)

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        redeem_body = cls(
            context=context,
            coupon_code=coupon_code,
            coupon_codes=coupon_codes,
            metadata=metadata,
            redemption_client_id=redemption_client_id,
            reference_id=reference_id,
            reference_type=reference_type,
            status=status,
            user_id=user_id,
        )

        return redeem_body
