from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.limit_target import LimitTarget
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.limit_set_per_channel import LimitSetPerChannel
    from ..models.limit_set_per_store import LimitSetPerStore
    from ..models.time_window import TimeWindow


T = TypeVar("T", bound="LimitSet")


@_attrs_define
class LimitSet:
    """The limits of one coupon.

    Attributes:
        created_at (datetime.datetime):
        target (LimitTarget): What a limit set applies to.
        target_id (str):
        updated_at (datetime.datetime):
        version (int):
        consumer_count (int | Unset): How many consumers the coupon is limited to (seed 003 `consumers`, stored
            one key each); 0: anyone.
        daily_cap (int | None | Unset): Uses allowed per local calendar day.
        exclusive (bool | Unset): The coupon cannot be combined with other codes in one order (seed 003
            `exclusive`).
        per_channel (LimitSetPerChannel | Unset): Uses allowed per sales channel (`context.channel`).
        per_store (LimitSetPerStore | Unset): Uses allowed per store (`context.store_id`).
        reservation_ttl_secs (int | None | Unset): How long a reservation of this coupon holds its use.
        segment (None | str | Unset): The segment (by name) the customer must belong to (seed 003 `segment`):
            listed in an explicit segment, or matching a rule segment.
        stores (list[str] | Unset): Stores the coupon is redeemable in (seed 003 `stores`); empty: every store.
        time_zone (None | str | Unset): IANA zone for days and windows; default: the campaign's, else UTC.
        windows (list[TimeWindow] | Unset): Allowed windows; empty means any time.
    """

    created_at: datetime.datetime
    target: LimitTarget
    target_id: str
    updated_at: datetime.datetime
    version: int
    consumer_count: int | Unset = UNSET
    daily_cap: int | None | Unset = UNSET
    exclusive: bool | Unset = UNSET
    per_channel: LimitSetPerChannel | Unset = UNSET
    per_store: LimitSetPerStore | Unset = UNSET
    reservation_ttl_secs: int | None | Unset = UNSET
    segment: None | str | Unset = UNSET
    stores: list[str] | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    windows: list[TimeWindow] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        target = self.target.value

        target_id = self.target_id

        updated_at = self.updated_at.isoformat()

        version = self.version

        consumer_count = self.consumer_count

        daily_cap: int | None | Unset
        if isinstance(self.daily_cap, Unset):
            daily_cap = UNSET
        else:
            daily_cap = self.daily_cap

        exclusive = self.exclusive

        per_channel: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_channel, Unset):
            per_channel = self.per_channel.to_dict()

        per_store: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_store, Unset):
            per_store = self.per_store.to_dict()

        reservation_ttl_secs: int | None | Unset
        if isinstance(self.reservation_ttl_secs, Unset):
            reservation_ttl_secs = UNSET
        else:
            reservation_ttl_secs = self.reservation_ttl_secs

        segment: None | str | Unset
        if isinstance(self.segment, Unset):
            segment = UNSET
        else:
            segment = self.segment

        stores: list[str] | Unset = UNSET
        if not isinstance(self.stores, Unset):
            stores = self.stores

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        windows: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.windows, Unset):
            windows = []
            for windows_item_data in self.windows:
                windows_item = windows_item_data.to_dict()
                windows.append(windows_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "target": target,
                "target_id": target_id,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if consumer_count is not UNSET:
            field_dict["consumer_count"] = consumer_count
        if daily_cap is not UNSET:
            field_dict["daily_cap"] = daily_cap
        if exclusive is not UNSET:
            field_dict["exclusive"] = exclusive
        if per_channel is not UNSET:
            field_dict["per_channel"] = per_channel
        if per_store is not UNSET:
            field_dict["per_store"] = per_store
        if reservation_ttl_secs is not UNSET:
            field_dict["reservation_ttl_secs"] = reservation_ttl_secs
        if segment is not UNSET:
            field_dict["segment"] = segment
        if stores is not UNSET:
            field_dict["stores"] = stores
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if windows is not UNSET:
            field_dict["windows"] = windows

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limit_set_per_channel import LimitSetPerChannel
        from ..models.limit_set_per_store import LimitSetPerStore
        from ..models.time_window import TimeWindow

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        target = LimitTarget(d.pop("target"))

        target_id = d.pop("target_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        consumer_count = d.pop("consumer_count", UNSET)

        def _parse_daily_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_cap = _parse_daily_cap(d.pop("daily_cap", UNSET))

        exclusive = d.pop("exclusive", UNSET)

        _per_channel = d.pop("per_channel", UNSET)
        per_channel: LimitSetPerChannel | Unset
        if isinstance(_per_channel, Unset):
            per_channel = UNSET
        else:
            per_channel = LimitSetPerChannel.from_dict(_per_channel)

        _per_store = d.pop("per_store", UNSET)
        per_store: LimitSetPerStore | Unset
        if isinstance(_per_store, Unset):
            per_store = UNSET
        else:
            per_store = LimitSetPerStore.from_dict(_per_store)

        def _parse_reservation_ttl_secs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reservation_ttl_secs = _parse_reservation_ttl_secs(
            d.pop("reservation_ttl_secs", UNSET)
        )

        def _parse_segment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        segment = _parse_segment(d.pop("segment", UNSET))

        stores = cast(list[str], d.pop("stores", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        _windows = d.pop("windows", UNSET)
        windows: list[TimeWindow] | Unset = UNSET
        if _windows is not UNSET:
            windows = []
            for windows_item_data in _windows:
                windows_item = TimeWindow.from_dict(windows_item_data)

                windows.append(windows_item)

        limit_set = cls(
            created_at=created_at,
            target=target,
            target_id=target_id,
            updated_at=updated_at,
            version=version,
            consumer_count=consumer_count,
            daily_cap=daily_cap,
            exclusive=exclusive,
            per_channel=per_channel,
            per_store=per_store,
            reservation_ttl_secs=reservation_ttl_secs,
            segment=segment,
            stores=stores,
            time_zone=time_zone,
            windows=windows,
        )

        limit_set.additional_properties = d
        return limit_set

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
