from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.redemption_status import RedemptionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.redemption_metadata import RedemptionMetadata


T = TypeVar("T", bound="Redemption")


@_attrs_define
class Redemption:
    """A redemption record as stored and returned.

    Attributes:
        coupon_code (str):
        coupon_id (str):
        created_at (datetime.datetime):
        discount_amount (float):
        id (str):
        metadata (RedemptionMetadata):
        status (RedemptionStatus): Lifecycle of a redemption.
        campaign_id (None | str | Unset): The campaign whose budget this redemption was charged to.
        channel (None | str | Unset): The channel the order came through (`context.channel`): the analytics
            row a void takes the redemption back out of.
        checkout_id (None | str | Unset): The multi-code checkout this reservation belongs to: once that checkout's
            decision record exists, the reservation is confirmed, never expired.
        confirmed_at (datetime.datetime | None | Unset): When a reservation was confirmed (burned).
        counters (list[str] | Unset): Usage counters (`channel:…`, `store:…`, `day:…`) this redemption counts in;
            a void releases exactly these.
        currency (None | str | Unset):
        expires_at (datetime.datetime | None | Unset): When a `pending` reservation lapses if not confirmed.
        failure_reason (None | str | Unset):
        order_value (float | None | Unset): The order's value before discounts (`context.cart_total`, else its
            lines), in `currency`: the revenue the analytics count.
        redemption_client_id (None | str | Unset): Client-chosen id (seed 000 `redemption_client_id`) or idempotency key
            the
            redemption was created under; a retry with it finds this record.
        reference_id (None | str | Unset):
        reference_type (None | str | Unset):
        user_id (None | str | Unset):
        void_reason (None | str | Unset):
        voided_at (datetime.datetime | None | Unset):
    """

    coupon_code: str
    coupon_id: str
    created_at: datetime.datetime
    discount_amount: float
    id: str
    metadata: RedemptionMetadata
    status: RedemptionStatus
    campaign_id: None | str | Unset = UNSET
    channel: None | str | Unset = UNSET
    checkout_id: None | str | Unset = UNSET
    confirmed_at: datetime.datetime | None | Unset = UNSET
    counters: list[str] | Unset = UNSET
    currency: None | str | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    failure_reason: None | str | Unset = UNSET
    order_value: float | None | Unset = UNSET
    redemption_client_id: None | str | Unset = UNSET
    reference_id: None | str | Unset = UNSET
    reference_type: None | str | Unset = UNSET
    user_id: None | str | Unset = UNSET
    void_reason: None | str | Unset = UNSET
    voided_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coupon_code = self.coupon_code

        coupon_id = self.coupon_id

        created_at = self.created_at.isoformat()

        discount_amount = self.discount_amount

        id = self.id

        metadata = self.metadata.to_dict()

        status = self.status.value

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        else:
            channel = self.channel

        checkout_id: None | str | Unset
        if isinstance(self.checkout_id, Unset):
            checkout_id = UNSET
        else:
            checkout_id = self.checkout_id

        confirmed_at: None | str | Unset
        if isinstance(self.confirmed_at, Unset):
            confirmed_at = UNSET
        elif isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        counters: list[str] | Unset = UNSET
        if not isinstance(self.counters, Unset):
            counters = self.counters

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        order_value: float | None | Unset
        if isinstance(self.order_value, Unset):
            order_value = UNSET
        else:
            order_value = self.order_value

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
        else:
            reference_type = self.reference_type

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        void_reason: None | str | Unset
        if isinstance(self.void_reason, Unset):
            void_reason = UNSET
        else:
            void_reason = self.void_reason

        voided_at: None | str | Unset
        if isinstance(self.voided_at, Unset):
            voided_at = UNSET
        elif isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coupon_code": coupon_code,
                "coupon_id": coupon_id,
                "created_at": created_at,
                "discount_amount": discount_amount,
                "id": id,
                "metadata": metadata,
                "status": status,
            }
        )
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if channel is not UNSET:
            field_dict["channel"] = channel
        if checkout_id is not UNSET:
            field_dict["checkout_id"] = checkout_id
        if confirmed_at is not UNSET:
            field_dict["confirmed_at"] = confirmed_at
        if counters is not UNSET:
            field_dict["counters"] = counters
        if currency is not UNSET:
            field_dict["currency"] = currency
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if order_value is not UNSET:
            field_dict["order_value"] = order_value
        if redemption_client_id is not UNSET:
            field_dict["redemption_client_id"] = redemption_client_id
        if reference_id is not UNSET:
            field_dict["reference_id"] = reference_id
        if reference_type is not UNSET:
            field_dict["reference_type"] = reference_type
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if void_reason is not UNSET:
            field_dict["void_reason"] = void_reason
        if voided_at is not UNSET:
            field_dict["voided_at"] = voided_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.redemption_metadata import RedemptionMetadata

        d = dict(src_dict)
        coupon_code = d.pop("coupon_code")

        coupon_id = d.pop("coupon_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        discount_amount = d.pop("discount_amount")

        id = d.pop("id")

        metadata = RedemptionMetadata.from_dict(d.pop("metadata"))

        status = RedemptionStatus(d.pop("status"))

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        def _parse_channel(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        def _parse_checkout_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        checkout_id = _parse_checkout_id(d.pop("checkout_id", UNSET))

        def _parse_confirmed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at", UNSET))

        counters = cast(list[str], d.pop("counters", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        def _parse_order_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        order_value = _parse_order_value(d.pop("order_value", UNSET))

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

        def _parse_reference_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference_type = _parse_reference_type(d.pop("reference_type", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_void_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        void_reason = _parse_void_reason(d.pop("void_reason", UNSET))

        def _parse_voided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        voided_at = _parse_voided_at(d.pop("voided_at", UNSET))

        redemption = cls(
            coupon_code=coupon_code,
            coupon_id=coupon_id,
            created_at=created_at,
            discount_amount=discount_amount,
            id=id,
            metadata=metadata,
            status=status,
            campaign_id=campaign_id,
            channel=channel,
            checkout_id=checkout_id,
            confirmed_at=confirmed_at,
            counters=counters,
            currency=currency,
            expires_at=expires_at,
            failure_reason=failure_reason,
            order_value=order_value,
            redemption_client_id=redemption_client_id,
            reference_id=reference_id,
            reference_type=reference_type,
            user_id=user_id,
            void_reason=void_reason,
            voided_at=voided_at,
        )

        redemption.additional_properties = d
        return redemption

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
