from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PromoItem")


@_attrs_define
class PromoItem:
    """One cart line of a preview: [`crate::CartItem`] plus the attributes targeting
    reads.

        Attributes:
            price (float): Unit price, 0–10^12; price × quantity is at most 10^12 too
                (`limits::MAX_LINE_TOTAL_MAJOR_UNITS`).
            quantity (int): Units, 0–1,000,000 (`limits::MAX_ITEM_QUANTITY`).
            categories (list[str] | Unset): Category paths, `/`-separated.
            category (None | str | Unset):
            collections (list[str] | Unset):
            product_id (None | str | Unset):
            sku (None | str | Unset):
            tags (list[str] | Unset):
            variant_id (None | str | Unset):
    """

    price: float
    quantity: int
    categories: list[str] | Unset = UNSET
    category: None | str | Unset = UNSET
    collections: list[str] | Unset = UNSET
    product_id: None | str | Unset = UNSET
    sku: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    variant_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        price = self.price

        quantity = self.quantity

        categories: list[str] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        collections: list[str] | Unset = UNSET
        if not isinstance(self.collections, Unset):
            collections = self.collections

        product_id: None | str | Unset
        if isinstance(self.product_id, Unset):
            product_id = UNSET
        else:
            product_id = self.product_id

        sku: None | str | Unset
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
            sku = self.sku

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        variant_id: None | str | Unset
        if isinstance(self.variant_id, Unset):
            variant_id = UNSET
        else:
            variant_id = self.variant_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "price": price,
                "quantity": quantity,
            }
        )
        if categories is not UNSET:
            field_dict["categories"] = categories
        if category is not UNSET:
            field_dict["category"] = category
        if collections is not UNSET:
            field_dict["collections"] = collections
        if product_id is not UNSET:
            field_dict["product_id"] = product_id
        if sku is not UNSET:
            field_dict["sku"] = sku
        if tags is not UNSET:
            field_dict["tags"] = tags
        if variant_id is not UNSET:
            field_dict["variant_id"] = variant_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        price = d.pop("price")

        quantity = d.pop("quantity")

        categories = cast(list[str], d.pop("categories", UNSET))

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        collections = cast(list[str], d.pop("collections", UNSET))

        def _parse_product_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        product_id = _parse_product_id(d.pop("product_id", UNSET))

        def _parse_sku(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_variant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        variant_id = _parse_variant_id(d.pop("variant_id", UNSET))

        promo_item = cls(
            price=price,
            quantity=quantity,
            categories=categories,
            category=category,
            collections=collections,
            product_id=product_id,
            sku=sku,
            tags=tags,
            variant_id=variant_id,
        )

        return promo_item
