from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.context import Context
    from ..models.validate_options import ValidateOptions


T = TypeVar("T", bound="ValidateBody")


@_attrs_define
class ValidateBody:
    """Body of `POST /validate` (seed 000 §4).

    Attributes:
        code (None | str | Unset): A single code, as an alternative to `codes`. (1–64 of letters, digits, `-` and `_`;
            matched upper-cased unless the coupon is case-sensitive)
        codes (list[str] | Unset):
        context (Context | Unset): The checkout context of a validate or redeem request.
        options (ValidateOptions | Unset):
    """

    code: None | str | Unset = UNSET
    codes: list[str] | Unset = UNSET
    context: Context | Unset = UNSET
    options: ValidateOptions | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        codes: list[str] | Unset = UNSET
        if not isinstance(self.codes, Unset):
            codes = self.codes

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if codes is not UNSET:
            field_dict["codes"] = codes
        if context is not UNSET:
            field_dict["context"] = context
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.context import Context
        from ..models.validate_options import ValidateOptions

        d = dict(src_dict)

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        codes = cast(list[str], d.pop("codes", UNSET))

        _context = d.pop("context", UNSET)
        context: Context | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = Context.from_dict(_context)

        _options = d.pop("options", UNSET)
        options: ValidateOptions | Unset
        if isinstance(_options, Unset):
            options = UNSET
        else:
            options = ValidateOptions.from_dict(_options)

        validate_body = cls(
            code=code,
            codes=codes,
            context=context,
            options=options,
        )

        return validate_body
