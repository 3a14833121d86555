from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.creative_kind import CreativeKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_creative_metadata_type_0 import CreateCreativeMetadataType0


T = TypeVar("T", bound="CreateCreative")


@_attrs_define
class CreateCreative:
    """Body of `POST /campaigns/{campaign_id}/creatives`.

    Attributes:
        channel (str): A channel the tenant knows (`GET /channels`).
        kind (CreativeKind): What a creative is.
        banner_copy (None | str | Unset): At most 2,048 bytes; required for a `banner`.
        body (None | str | Unset): At most 16 KiB; required for a `push`.
        deep_link (None | str | Unset): An `http(s)` URL or an app-scheme URI, at most 2,048 bytes; required
            for a `deep_link`.
        email_subject (None | str | Unset): At most 256 bytes, one line; required for an `email`.
        locale (None | str | Unset): A BCP 47 tag (`en`, `en-GB`), at most 35 bytes.
        metadata (CreateCreativeMetadataType0 | None | Unset):
        title (None | str | Unset): At most 256 bytes, one line.
    """

    channel: str
    kind: CreativeKind
    banner_copy: None | str | Unset = UNSET
    body: None | str | Unset = UNSET
    deep_link: None | str | Unset = UNSET
    email_subject: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET
    metadata: CreateCreativeMetadataType0 | None | Unset = UNSET
    title: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_creative_metadata_type_0 import CreateCreativeMetadataType0

        channel = self.channel

        kind = self.kind.value

        banner_copy: None | str | Unset
        if isinstance(self.banner_copy, Unset):
            banner_copy = UNSET
        else:
            banner_copy = self.banner_copy

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        deep_link: None | str | Unset
        if isinstance(self.deep_link, Unset):
            deep_link = UNSET
        else:
            deep_link = self.deep_link

        email_subject: None | str | Unset
        if isinstance(self.email_subject, Unset):
            email_subject = UNSET
        else:
            email_subject = self.email_subject

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateCreativeMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "kind": kind,
            }
        )
        if banner_copy is not UNSET:
            field_dict["banner_copy"] = banner_copy
        if body is not UNSET:
            field_dict["body"] = body
        if deep_link is not UNSET:
            field_dict["deep_link"] = deep_link
        if email_subject is not UNSET:
            field_dict["email_subject"] = email_subject
        if locale is not UNSET:
            field_dict["locale"] = locale
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_creative_metadata_type_0 import CreateCreativeMetadataType0

        d = dict(src_dict)
        channel = d.pop("channel")

        kind = CreativeKind(d.pop("kind"))

        def _parse_banner_copy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        banner_copy = _parse_banner_copy(d.pop("banner_copy", UNSET))

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_deep_link(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        deep_link = _parse_deep_link(d.pop("deep_link", UNSET))

        def _parse_email_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email_subject = _parse_email_subject(d.pop("email_subject", UNSET))

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        def _parse_metadata(data: object) -> CreateCreativeMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateCreativeMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateCreativeMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        create_creative = cls(
            channel=channel,
            kind=kind,
            banner_copy=banner_copy,
            body=body,
            deep_link=deep_link,
            email_subject=email_subject,
            locale=locale,
            metadata=metadata,
            title=title,
        )

        return create_creative
