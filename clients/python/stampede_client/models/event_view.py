from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_after_type_0 import EventAfterType0
    from ..models.event_before_type_0 import EventBeforeType0


T = TypeVar("T", bound="EventView")


@_attrs_define
class EventView:
    """An event with its id, as the audit API and webhooks show it.

    Attributes:
        actor (str): The API key id, `jwt:{subject}`, `root`, or `system:{worker}` for effects
            the service makes on its own (a reservation expiring, a schedule firing).
        type_ (str): What happened: `coupon.redeemed`, `campaign.paused`, `promotion.updated`…
        at (datetime.datetime):
        target_type (str): The kind of record the effect changed: `coupon`, `redemption`, …
        target_id (str):
        id (str):
        reason (None | str | Unset): The reason the caller gave (`reason` in the body or `X-Reason`).
        request_id (None | str | Unset): The request that caused it (`X-Request-Id`, or one the edge minted).
        correlation_id (None | str | Unset): Ties events of one business flow together across requests
            (`X-Correlation-Id`; the request id when none was given).
        before (EventBeforeType0 | None | Unset): The record before the effect (`null` for a creation).
        after (EventAfterType0 | None | Unset): The record after the effect (`null` for a deletion).
    """

    actor: str
    type_: str
    at: datetime.datetime
    target_type: str
    target_id: str
    id: str
    reason: None | str | Unset = UNSET
    request_id: None | str | Unset = UNSET
    correlation_id: None | str | Unset = UNSET
    before: EventBeforeType0 | None | Unset = UNSET
    after: EventAfterType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.event_after_type_0 import EventAfterType0
        from ..models.event_before_type_0 import EventBeforeType0

        actor = self.actor

        type_ = self.type_

        at = self.at.isoformat()

        target_type = self.target_type

        target_id = self.target_id

        id = self.id

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        correlation_id: None | str | Unset
        if isinstance(self.correlation_id, Unset):
            correlation_id = UNSET
        else:
            correlation_id = self.correlation_id

        before: dict[str, Any] | None | Unset
        if isinstance(self.before, Unset):
            before = UNSET
        elif isinstance(self.before, EventBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        after: dict[str, Any] | None | Unset
        if isinstance(self.after, Unset):
            after = UNSET
        elif isinstance(self.after, EventAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "type": type_,
                "at": at,
                "target_type": target_type,
                "target_id": target_id,
                "id": id,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if correlation_id is not UNSET:
            field_dict["correlation_id"] = correlation_id
        if before is not UNSET:
            field_dict["before"] = before
        if after is not UNSET:
            field_dict["after"] = after

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.event_after_type_0 import EventAfterType0
        from ..models.event_before_type_0 import EventBeforeType0

        d = dict(src_dict)
        actor = d.pop("actor")

        type_ = d.pop("type")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        target_type = d.pop("target_type")

        target_id = d.pop("target_id")

        id = d.pop("id")

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        def _parse_correlation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        correlation_id = _parse_correlation_id(d.pop("correlation_id", UNSET))

        def _parse_before(data: object) -> EventBeforeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = EventBeforeType0.from_dict(data)

                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventBeforeType0 | None | Unset, data)

        before = _parse_before(d.pop("before", UNSET))

        def _parse_after(data: object) -> EventAfterType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = EventAfterType0.from_dict(data)

                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventAfterType0 | None | Unset, data)

        after = _parse_after(d.pop("after", UNSET))

        event_view = cls(
            actor=actor,
            type_=type_,
            at=at,
            target_type=target_type,
            target_id=target_id,
            id=id,
            reason=reason,
            request_id=request_id,
            correlation_id=correlation_id,
            before=before,
            after=after,
        )

        event_view.additional_properties = d
        return event_view

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
