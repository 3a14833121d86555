from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cart_item import CartItem
    from ..models.context_metadata import ContextMetadata
    from ..models.customer import Customer


T = TypeVar("T", bound="Context")


@_attrs_define
class Context:
    """The checkout context of a validate or redeem request.

    Attributes:
        cart_total (float | None | Unset): Order subtotal when the caller sends no items; at most 10^12
            (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
        channel (None | str | Unset): 1–256 bytes, no control characters
        currency (None | str | Unset): an upper-case ISO 4217 currency code
        customer (Customer | Unset): What the caller knows about the customer; rules read it as facts.
        device_id (None | str | Unset): The shopper's device (an identifier, up to 256 bytes). (1–256 bytes, no control
            characters)
        email (None | str | Unset): The shopper's email address (up to 254 bytes), normalized before it is
            matched or counted (`fraud::normalize_email`).
        ip (None | str | Unset): The shopper's IP address (v4 or v6): matched against the fraud
            blacklist (addresses and CIDR networks) and counted by fraud scoring.
        items (list[CartItem] | Unset): At most 500 lines, whose price × quantity totals at most 10^12
            (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
        metadata (ContextMetadata | Unset): any JSON object serializing to at most 16384 bytes
        region (None | str | Unset): Region the order ships to, for promotions limited to regions.
        shipping_amount (float | None | Unset): Shipping cost of the order, discounted separately from goods.
        shipping_country (None | str | Unset): 1–256 bytes, no control characters
        store_id (None | str | Unset): The store the order is placed in (per-store limits). (1–256 bytes, no control
            characters)
        user_id (None | str | Unset): 1–256 bytes, no control characters
    """

    cart_total: float | None | Unset = UNSET
    channel: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    customer: Customer | Unset = UNSET
    device_id: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    ip: None | str | Unset = UNSET
    items: list[CartItem] | Unset = UNSET
    metadata: ContextMetadata | Unset = UNSET
    region: None | str | Unset = UNSET
    shipping_amount: float | None | Unset = UNSET
    shipping_country: None | str | Unset = UNSET
    store_id: None | str | Unset = UNSET
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cart_total: float | None | Unset
        if isinstance(self.cart_total, Unset):
            cart_total = UNSET
        else:
            cart_total = self.cart_total

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        else:
            channel = self.channel

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        customer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customer, Unset):
            customer = self.customer.to_dict()

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item = items_item_data.to_dict()
                items.append(items_item)

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        shipping_amount: float | None | Unset
        if isinstance(self.shipping_amount, Unset):
            shipping_amount = UNSET
        else:
            shipping_amount = self.shipping_amount

        shipping_country: None | str | Unset
        if isinstance(self.shipping_country, Unset):
            shipping_country = UNSET
        else:
            shipping_country = self.shipping_country

        store_id: None | str | Unset
        if isinstance(self.store_id, Unset):
            store_id = UNSET
        else:
            store_id = self.store_id

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cart_total is not UNSET:
            field_dict["cart_total"] = cart_total
        if channel is not UNSET:
            field_dict["channel"] = channel
        if currency is not UNSET:
            field_dict["currency"] = currency
        if customer is not UNSET:
            field_dict["customer"] = customer
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if email is not UNSET:
            field_dict["email"] = email
        if ip is not UNSET:
            field_dict["ip"] = ip
        if items is not UNSET:
            field_dict["items"] = items
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if region is not UNSET:
            field_dict["region"] = region
        if shipping_amount is not UNSET:
            field_dict["shipping_amount"] = shipping_amount
        if shipping_country is not UNSET:
            field_dict["shipping_country"] = shipping_country
        if store_id is not UNSET:
            field_dict["store_id"] = store_id
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cart_item import CartItem
        from ..models.context_metadata import ContextMetadata
        from ..models.customer import Customer

        d = dict(src_dict)

        def _parse_cart_total(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cart_total = _parse_cart_total(d.pop("cart_total", UNSET))

        def _parse_channel(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        _customer = d.pop("customer", UNSET)
        customer: Customer | Unset
        if isinstance(_customer, Unset):
            customer = UNSET
        else:
            customer = Customer.from_dict(_customer)

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        _items = d.pop("items", UNSET)
        items: list[CartItem] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = CartItem.from_dict(items_item_data)

                items.append(items_item)

        _metadata = d.pop("metadata", UNSET)
        metadata: ContextMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ContextMetadata.from_dict(_metadata)

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        def _parse_shipping_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        shipping_amount = _parse_shipping_amount(d.pop("shipping_amount", UNSET))

        def _parse_shipping_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shipping_country = _parse_shipping_country(d.pop("shipping_country", UNSET))

        def _parse_store_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        store_id = _parse_store_id(d.pop("store_id", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        context = cls(
            cart_total=cart_total,
            channel=channel,
            currency=currency,
            customer=customer,
            device_id=device_id,
            email=email,
            ip=ip,
            items=items,
            metadata=metadata,
            region=region,
            shipping_amount=shipping_amount,
            shipping_country=shipping_country,
            store_id=store_id,
            user_id=user_id,
        )

        return context
