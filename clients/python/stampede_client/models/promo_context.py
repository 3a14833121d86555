from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.promo_context_metadata import PromoContextMetadata
    from ..models.promo_item import PromoItem


T = TypeVar("T", bound="PromoContext")


@_attrs_define
class PromoContext:
    """The checkout context of a preview: a superset of [`crate::Context`].

    Attributes:
        cart_total (float | None | Unset): Goods subtotal when the caller sends no items; at most 10^12
            (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
        channel (None | str | Unset):
        currency (None | str | Unset):
        customer (Customer | Unset): What the caller knows about the customer; rules read it as facts.
        items (list[PromoItem] | Unset): At most 500 lines, whose price × quantity totals at most 10^12
            (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
        metadata (PromoContextMetadata | Unset):
        region (None | str | Unset):
        shipping_amount (float | None | Unset):
        shipping_country (None | str | Unset):
        store (None | str | Unset):
        user_id (None | str | Unset):
    """

    cart_total: float | None | Unset = UNSET
    channel: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    customer: Customer | Unset = UNSET
    items: list[PromoItem] | Unset = UNSET
    metadata: PromoContextMetadata | Unset = UNSET
    region: None | str | Unset = UNSET
    shipping_amount: float | None | Unset = UNSET
    shipping_country: None | str | Unset = UNSET
    store: None | str | Unset = UNSET
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

        store: None | str | Unset
        if isinstance(self.store, Unset):
            store = UNSET
        else:
            store = self.store

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
        if store is not UNSET:
            field_dict["store"] = store
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer import Customer
        from ..models.promo_context_metadata import PromoContextMetadata
        from ..models.promo_item import PromoItem

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

        _items = d.pop("items", UNSET)
        items: list[PromoItem] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = PromoItem.from_dict(items_item_data)

                items.append(items_item)

        _metadata = d.pop("metadata", UNSET)
        metadata: PromoContextMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = PromoContextMetadata.from_dict(_metadata)

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

        def _parse_store(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        store = _parse_store(d.pop("store", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        promo_context = cls(
            cart_total=cart_total,
            channel=channel,
            currency=currency,
            customer=customer,
            items=items,
            metadata=metadata,
            region=region,
            shipping_amount=shipping_amount,
            shipping_country=shipping_country,
            store=store,
            user_id=user_id,
        )

        return promo_context
