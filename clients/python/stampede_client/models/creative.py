from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.creative_kind import CreativeKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.creative_metadata import CreativeMetadata


T = TypeVar("T", bound="Creative")


@_attrs_define
class Creative:
    """Content a campaign displays on one channel: banner copy, an email subject,
    a deep link…

        Attributes:
            campaign_id (str):
            channel (str): A channel the tenant knows (built in or its own).
            created_at (datetime.datetime):
            id (str): `crv_…`.
            kind (CreativeKind): What a creative is.
            banner_copy (None | str | Unset):
            body (None | str | Unset):
            deep_link (None | str | Unset): An `http(s)` URL or an app-scheme URI (`myapp://offers/10`).
            email_subject (None | str | Unset):
            locale (None | str | Unset):
            metadata (CreativeMetadata | Unset):
            title (None | str | Unset):
    """

    campaign_id: str
    channel: str
    created_at: datetime.datetime
    id: str
    kind: CreativeKind
    banner_copy: None | str | Unset = UNSET
    body: None | str | Unset = UNSET
    deep_link: None | str | Unset = UNSET
    email_subject: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET
    metadata: CreativeMetadata | Unset = UNSET
    title: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        campaign_id = self.campaign_id

        channel = self.channel

        created_at = self.created_at.isoformat()

        id = self.id

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

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "campaign_id": campaign_id,
                "channel": channel,
                "created_at": created_at,
                "id": id,
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
        from ..models.creative_metadata import CreativeMetadata

        d = dict(src_dict)
        campaign_id = d.pop("campaign_id")

        channel = d.pop("channel")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

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

        _metadata = d.pop("metadata", UNSET)
        metadata: CreativeMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreativeMetadata.from_dict(_metadata)

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        creative = cls(
            campaign_id=campaign_id,
            channel=channel,
            created_at=created_at,
            id=id,
            kind=kind,
            banner_copy=banner_copy,
            body=body,
            deep_link=deep_link,
            email_subject=email_subject,
            locale=locale,
            metadata=metadata,
            title=title,
        )

        creative.additional_properties = d
        return creative

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
