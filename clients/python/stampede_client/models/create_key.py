from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.key_mode import KeyMode
from ..models.scope import Scope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateKey")


@_attrs_define
class CreateKey:
    """
    Attributes:
        name (str):
        scopes (list[Scope]):
        expires_in (None | str | Unset): Lifetime such as `30d`, `12h` or `90m`; absent = no expiry.
        mode (KeyMode | Unset): Where a key's requests land: `live` data, or the tenant's isolated
            sandbox (`test`), which never reads or writes live data.
    """

    name: str
    scopes: list[Scope]
    expires_in: None | str | Unset = UNSET
    mode: KeyMode | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        expires_in: None | str | Unset
        if isinstance(self.expires_in, Unset):
            expires_in = UNSET
        else:
            expires_in = self.expires_in

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if mode is not UNSET:
            field_dict["mode"] = mode

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = Scope(scopes_item_data)

            scopes.append(scopes_item)

        def _parse_expires_in(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expires_in = _parse_expires_in(d.pop("expires_in", UNSET))

        _mode = d.pop("mode", UNSET)
        mode: KeyMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = KeyMode(_mode)

        create_key = cls(
            name=name,
            scopes=scopes,
            expires_in=expires_in,
            mode=mode,
        )

        return create_key
