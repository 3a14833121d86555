from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preview_body_promotions_item import PreviewBodyPromotionsItem
    from ..models.preview_options import PreviewOptions
    from ..models.promo_context import PromoContext


T = TypeVar("T", bound="PreviewBody")


@_attrs_define
class PreviewBody:
    """
    Attributes:
        codes (list[str] | Unset):
        context (PromoContext | Unset): The checkout context of a preview: a superset of [`crate::Context`].
        options (PreviewOptions | Unset):
        promotions (list[PreviewBodyPromotionsItem] | Unset): Promotions in the engine's shape, previewed alongside the
            stored ones.
    """

    codes: list[str] | Unset = UNSET
    context: PromoContext | Unset = UNSET
    options: PreviewOptions | Unset = UNSET
    promotions: list[PreviewBodyPromotionsItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        codes: list[str] | Unset = UNSET
        if not isinstance(self.codes, Unset):
            codes = self.codes

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options.to_dict()

        promotions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.promotions, Unset):
            promotions = []
            for promotions_item_data in self.promotions:
                promotions_item = promotions_item_data.to_dict()
                promotions.append(promotions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if codes is not UNSET:
            field_dict["codes"] = codes
        if context is not UNSET:
            field_dict["context"] = context
        if options is not UNSET:
            field_dict["options"] = options
        if promotions is not UNSET:
            field_dict["promotions"] = promotions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.preview_body_promotions_item import PreviewBodyPromotionsItem
        from ..models.preview_options import PreviewOptions
        from ..models.promo_context import PromoContext

        d = dict(src_dict)
        codes = cast(list[str], d.pop("codes", UNSET))

        _context = d.pop("context", UNSET)
        context: PromoContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = PromoContext.from_dict(_context)

        _options = d.pop("options", UNSET)
        options: PreviewOptions | Unset
        if isinstance(_options, Unset):
            options = UNSET
        else:
            options = PreviewOptions.from_dict(_options)

        _promotions = d.pop("promotions", UNSET)
        promotions: list[PreviewBodyPromotionsItem] | Unset = UNSET
        if _promotions is not UNSET:
            promotions = []
            for promotions_item_data in _promotions:
                promotions_item = PreviewBodyPromotionsItem.from_dict(
                    promotions_item_data
                )

                promotions.append(promotions_item)

        preview_body = cls(
            codes=codes,
            context=context,
            options=options,
            promotions=promotions,
        )

        return preview_body
