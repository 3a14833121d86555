from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Targeting")


@_attrs_define
class Targeting:
    """Which cart lines a promotion applies to. A line is eligible when no include list
    is given or it matches any include entry, and it matches no exclude entry:
    excludes always win.

        Attributes:
            exclude_categories (list[str] | Unset):
            exclude_collections (list[str] | Unset):
            exclude_products (list[str] | Unset):
            exclude_skus (list[str] | Unset):
            exclude_tags (list[str] | Unset):
            exclude_variants (list[str] | Unset):
            include_categories (list[str] | Unset): Category paths (`apparel/shoes`); a path also matches every sub-path.
            include_collections (list[str] | Unset):
            include_products (list[str] | Unset):
            include_skus (list[str] | Unset):
            include_tags (list[str] | Unset):
            include_variants (list[str] | Unset):
    """

    exclude_categories: list[str] | Unset = UNSET
    exclude_collections: list[str] | Unset = UNSET
    exclude_products: list[str] | Unset = UNSET
    exclude_skus: list[str] | Unset = UNSET
    exclude_tags: list[str] | Unset = UNSET
    exclude_variants: list[str] | Unset = UNSET
    include_categories: list[str] | Unset = UNSET
    include_collections: list[str] | Unset = UNSET
    include_products: list[str] | Unset = UNSET
    include_skus: list[str] | Unset = UNSET
    include_tags: list[str] | Unset = UNSET
    include_variants: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        exclude_categories: list[str] | Unset = UNSET
        if not isinstance(self.exclude_categories, Unset):
            exclude_categories = self.exclude_categories

        exclude_collections: list[str] | Unset = UNSET
        if not isinstance(self.exclude_collections, Unset):
            exclude_collections = self.exclude_collections

        exclude_products: list[str] | Unset = UNSET
        if not isinstance(self.exclude_products, Unset):
            exclude_products = self.exclude_products

        exclude_skus: list[str] | Unset = UNSET
        if not isinstance(self.exclude_skus, Unset):
            exclude_skus = self.exclude_skus

        exclude_tags: list[str] | Unset = UNSET
        if not isinstance(self.exclude_tags, Unset):
            exclude_tags = self.exclude_tags

        exclude_variants: list[str] | Unset = UNSET
        if not isinstance(self.exclude_variants, Unset):
            exclude_variants = self.exclude_variants

        include_categories: list[str] | Unset = UNSET
        if not isinstance(self.include_categories, Unset):
            include_categories = self.include_categories

        include_collections: list[str] | Unset = UNSET
        if not isinstance(self.include_collections, Unset):
            include_collections = self.include_collections

        include_products: list[str] | Unset = UNSET
        if not isinstance(self.include_products, Unset):
            include_products = self.include_products

        include_skus: list[str] | Unset = UNSET
        if not isinstance(self.include_skus, Unset):
            include_skus = self.include_skus

        include_tags: list[str] | Unset = UNSET
        if not isinstance(self.include_tags, Unset):
            include_tags = self.include_tags

        include_variants: list[str] | Unset = UNSET
        if not isinstance(self.include_variants, Unset):
            include_variants = self.include_variants

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if exclude_categories is not UNSET:
            field_dict["exclude_categories"] = exclude_categories
        if exclude_collections is not UNSET:
            field_dict["exclude_collections"] = exclude_collections
        if exclude_products is not UNSET:
            field_dict["exclude_products"] = exclude_products
        if exclude_skus is not UNSET:
            field_dict["exclude_skus"] = exclude_skus
        if exclude_tags is not UNSET:
            field_dict["exclude_tags"] = exclude_tags
        if exclude_variants is not UNSET:
            field_dict["exclude_variants"] = exclude_variants
        if include_categories is not UNSET:
            field_dict["include_categories"] = include_categories
        if include_collections is not UNSET:
            field_dict["include_collections"] = include_collections
        if include_products is not UNSET:
            field_dict["include_products"] = include_products
        if include_skus is not UNSET:
            field_dict["include_skus"] = include_skus
        if include_tags is not UNSET:
            field_dict["include_tags"] = include_tags
        if include_variants is not UNSET:
            field_dict["include_variants"] = include_variants

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        exclude_categories = cast(list[str], d.pop("exclude_categories", UNSET))

        exclude_collections = cast(list[str], d.pop("exclude_collections", UNSET))

        exclude_products = cast(list[str], d.pop("exclude_products", UNSET))

        exclude_skus = cast(list[str], d.pop("exclude_skus", UNSET))

        exclude_tags = cast(list[str], d.pop("exclude_tags", UNSET))

        exclude_variants = cast(list[str], d.pop("exclude_variants", UNSET))

        include_categories = cast(list[str], d.pop("include_categories", UNSET))

        include_collections = cast(list[str], d.pop("include_collections", UNSET))

        include_products = cast(list[str], d.pop("include_products", UNSET))

        include_skus = cast(list[str], d.pop("include_skus", UNSET))

        include_tags = cast(list[str], d.pop("include_tags", UNSET))

        include_variants = cast(list[str], d.pop("include_variants", UNSET))

        targeting = cls(
            exclude_categories=exclude_categories,
            exclude_collections=exclude_collections,
            exclude_products=exclude_products,
            exclude_skus=exclude_skus,
            exclude_tags=exclude_tags,
            exclude_variants=exclude_variants,
            include_categories=include_categories,
            include_collections=include_collections,
            include_products=include_products,
            include_skus=include_skus,
            include_tags=include_tags,
            include_variants=include_variants,
        )

        return targeting
