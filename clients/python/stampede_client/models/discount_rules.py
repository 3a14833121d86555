from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DiscountRules")


@_attrs_define
class DiscountRules:
    """Seed 001 `discount_rules`. The seed's fields plus what each promotion type
    needs; amounts are in `currency`, or in the cart's currency when absent.

        Attributes:
            applicable_categories (list[str] | Unset):
            applicable_products (list[str] | Unset):
            bonus_points (int | None | Unset): `loyalty_bonus`: points granted, and points per currency unit spent.
            bundle_price (float | None | Unset):
            bundle_products (list[str] | Unset): `bundle_deal`: the products of the bundle (one unit each) and its price.
            buy_quantity (int | None | Unset): `buy_x_get_y`: units to buy and units given.
            currency (None | str | Unset):
            discount_value (float | None | Unset): Percent for `percentage_discount` (and the share off the free items of a
                `buy_x_get_y` or a `bundle_deal`), amount for `fixed_amount_discount`.
            excluded_items (list[str] | Unset): Products, SKUs or categories left out.
            get_quantity (int | None | Unset):
            max_applications (int | None | Unset): `buy_x_get_y` / `bundle_deal`: how many times per order.
            max_discount_amount (float | None | Unset):
            min_purchase_amount (float | None | Unset):
            points_per_unit (float | None | Unset):
    """

    applicable_categories: list[str] | Unset = UNSET
    applicable_products: list[str] | Unset = UNSET
    bonus_points: int | None | Unset = UNSET
    bundle_price: float | None | Unset = UNSET
    bundle_products: list[str] | Unset = UNSET
    buy_quantity: int | None | Unset = UNSET
    currency: None | str | Unset = UNSET
    discount_value: float | None | Unset = UNSET
    excluded_items: list[str] | Unset = UNSET
    get_quantity: int | None | Unset = UNSET
    max_applications: int | None | Unset = UNSET
    max_discount_amount: float | None | Unset = UNSET
    min_purchase_amount: float | None | Unset = UNSET
    points_per_unit: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        applicable_categories: list[str] | Unset = UNSET
        if not isinstance(self.applicable_categories, Unset):
            applicable_categories = self.applicable_categories

        applicable_products: list[str] | Unset = UNSET
        if not isinstance(self.applicable_products, Unset):
            applicable_products = self.applicable_products

        bonus_points: int | None | Unset
        if isinstance(self.bonus_points, Unset):
            bonus_points = UNSET
        else:
            bonus_points = self.bonus_points

        bundle_price: float | None | Unset
        if isinstance(self.bundle_price, Unset):
            bundle_price = UNSET
        else:
            bundle_price = self.bundle_price

        bundle_products: list[str] | Unset = UNSET
        if not isinstance(self.bundle_products, Unset):
            bundle_products = self.bundle_products

        buy_quantity: int | None | Unset
        if isinstance(self.buy_quantity, Unset):
            buy_quantity = UNSET
        else:
            buy_quantity = self.buy_quantity

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        discount_value: float | None | Unset
        if isinstance(self.discount_value, Unset):
            discount_value = UNSET
        else:
            discount_value = self.discount_value

        excluded_items: list[str] | Unset = UNSET
        if not isinstance(self.excluded_items, Unset):
            excluded_items = self.excluded_items

        get_quantity: int | None | Unset
        if isinstance(self.get_quantity, Unset):
            get_quantity = UNSET
        else:
            get_quantity = self.get_quantity

        max_applications: int | None | Unset
        if isinstance(self.max_applications, Unset):
            max_applications = UNSET
        else:
            max_applications = self.max_applications

        max_discount_amount: float | None | Unset
        if isinstance(self.max_discount_amount, Unset):
            max_discount_amount = UNSET
        else:
            max_discount_amount = self.max_discount_amount

        min_purchase_amount: float | None | Unset
        if isinstance(self.min_purchase_amount, Unset):
            min_purchase_amount = UNSET
        else:
            min_purchase_amount = self.min_purchase_amount

        points_per_unit: float | None | Unset
        if isinstance(self.points_per_unit, Unset):
            points_per_unit = UNSET
        else:
            points_per_unit = self.points_per_unit

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if applicable_categories is not UNSET:
            field_dict["applicable_categories"] = applicable_categories
        if applicable_products is not UNSET:
            field_dict["applicable_products"] = applicable_products
        if bonus_points is not UNSET:
            field_dict["bonus_points"] = bonus_points
        if bundle_price is not UNSET:
            field_dict["bundle_price"] = bundle_price
        if bundle_products is not UNSET:
            field_dict["bundle_products"] = bundle_products
        if buy_quantity is not UNSET:
            field_dict["buy_quantity"] = buy_quantity
        if currency is not UNSET:
            field_dict["currency"] = currency
        if discount_value is not UNSET:
            field_dict["discount_value"] = discount_value
        if excluded_items is not UNSET:
            field_dict["excluded_items"] = excluded_items
        if get_quantity is not UNSET:
            field_dict["get_quantity"] = get_quantity
        if max_applications is not UNSET:
            field_dict["max_applications"] = max_applications
        if max_discount_amount is not UNSET:
            field_dict["max_discount_amount"] = max_discount_amount
        if min_purchase_amount is not UNSET:
            field_dict["min_purchase_amount"] = min_purchase_amount
        if points_per_unit is not UNSET:
            field_dict["points_per_unit"] = points_per_unit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        applicable_categories = cast(list[str], d.pop("applicable_categories", UNSET))

        applicable_products = cast(list[str], d.pop("applicable_products", UNSET))

        def _parse_bonus_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bonus_points = _parse_bonus_points(d.pop("bonus_points", UNSET))

        def _parse_bundle_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        bundle_price = _parse_bundle_price(d.pop("bundle_price", UNSET))

        bundle_products = cast(list[str], d.pop("bundle_products", UNSET))

        def _parse_buy_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        buy_quantity = _parse_buy_quantity(d.pop("buy_quantity", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_discount_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        discount_value = _parse_discount_value(d.pop("discount_value", UNSET))

        excluded_items = cast(list[str], d.pop("excluded_items", UNSET))

        def _parse_get_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        get_quantity = _parse_get_quantity(d.pop("get_quantity", UNSET))

        def _parse_max_applications(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_applications = _parse_max_applications(d.pop("max_applications", UNSET))

        def _parse_max_discount_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_discount_amount = _parse_max_discount_amount(
            d.pop("max_discount_amount", UNSET)
        )

        def _parse_min_purchase_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_purchase_amount = _parse_min_purchase_amount(
            d.pop("min_purchase_amount", UNSET)
        )

        def _parse_points_per_unit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        points_per_unit = _parse_points_per_unit(d.pop("points_per_unit", UNSET))

        discount_rules = cls(
            applicable_categories=applicable_categories,
            applicable_products=applicable_products,
            bonus_points=bonus_points,
            bundle_price=bundle_price,
            bundle_products=bundle_products,
            buy_quantity=buy_quantity,
            currency=currency,
            discount_value=discount_value,
            excluded_items=excluded_items,
            get_quantity=get_quantity,
            max_applications=max_applications,
            max_discount_amount=max_discount_amount,
            min_purchase_amount=min_purchase_amount,
            points_per_unit=points_per_unit,
        )

        return discount_rules
