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
        target (LimitTarget): What a limit set applies to.
        target_id (str):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        per_channel (LimitSetPerChannel | Unset): Uses allowed per sales channel (`context.channel`).
        per_store (LimitSetPerStore | Unset): Uses allowed per store (`context.store_id`).
        daily_cap (int | None | Unset): Uses allowed per local calendar day.
        time_zone (None | str | Unset): IANA zone for days and windows; default: the campaign's, else UTC.
        windows (list[TimeWindow] | Unset): Allowed windows; empty means any time.
        reservation_ttl_secs (int | None | Unset): How long a reservation of this coupon holds its use.
        stores (list[str] | Unset): Stores the coupon is redeemable in (seed 003 `stores`); empty: every store.
        exclusive (bool | Unset): The coupon cannot be combined with other codes in one order (seed 003
            `exclusive`).
        consumer_count (int | Unset): How many consumers the coupon is limited to (seed 003 `consumers`, stored
            one key each); 0: anyone.
        segment (None | str | Unset): The segment (by name) the customer must belong to (seed 003 `segment`):
            listed in an explicit segment, or matching a rule segment.
    """

    target: LimitTarget
    target_id: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    per_channel: LimitSetPerChannel | Unset = UNSET
    per_store: LimitSetPerStore | Unset = UNSET
    daily_cap: int | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    windows: list[TimeWindow] | Unset = UNSET
    reservation_ttl_secs: int | None | Unset = UNSET
    stores: list[str] | Unset = UNSET
    exclusive: bool | Unset = UNSET
    consumer_count: int | Unset = UNSET
    segment: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        target = self.target.value

        target_id = self.target_id

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        per_channel: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_channel, Unset):
            per_channel = self.per_channel.to_dict()

        per_store: dict[str, Any] | Unset = UNSET
        if not isinstance(self.per_store, Unset):
            per_store = self.per_store.to_dict()

        daily_cap: int | None | Unset
        if isinstance(self.daily_cap, Unset):
            daily_cap = UNSET
        else:
            daily_cap = self.daily_cap

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

        reservation_ttl_secs: int | None | Unset
        if isinstance(self.reservation_ttl_secs, Unset):
            reservation_ttl_secs = UNSET
        else:
            reservation_ttl_secs = self.reservation_ttl_secs

        stores: list[str] | Unset = UNSET
        if not isinstance(self.stores, Unset):
            stores = self.stores

        exclusive = self.exclusive

        consumer_count = self.consumer_count

        segment: None | str | Unset
        if isinstance(self.segment, Unset):
            segment = UNSET
        else:
            segment = self.segment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "target": target,
                "target_id": target_id,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if per_channel is not UNSET:
            field_dict["per_channel"] = per_channel
        if per_store is not UNSET:
            field_dict["per_store"] = per_store
        if daily_cap is not UNSET:
            field_dict["daily_cap"] = daily_cap
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if windows is not UNSET:
            field_dict["windows"] = windows
        if reservation_ttl_secs is not UNSET:
            field_dict["reservation_ttl_secs"] = reservation_ttl_secs
        if stores is not UNSET:
            field_dict["stores"] = stores
        if exclusive is not UNSET:
            field_dict["exclusive"] = exclusive
        if consumer_count is not UNSET:
            field_dict["consumer_count"] = consumer_count
        if segment is not UNSET:
            field_dict["segment"] = segment

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limit_set_per_channel import LimitSetPerChannel
        from ..models.limit_set_per_store import LimitSetPerStore
        from ..models.time_window import TimeWindow

        d = dict(src_dict)
        target = LimitTarget(d.pop("target"))

        target_id = d.pop("target_id")

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        def _parse_daily_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_cap = _parse_daily_cap(d.pop("daily_cap", UNSET))

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

        def _parse_reservation_ttl_secs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reservation_ttl_secs = _parse_reservation_ttl_secs(
            d.pop("reservation_ttl_secs", UNSET)
        )

        stores = cast(list[str], d.pop("stores", UNSET))

        exclusive = d.pop("exclusive", UNSET)

        consumer_count = d.pop("consumer_count", UNSET)

        def _parse_segment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        segment = _parse_segment(d.pop("segment", UNSET))

        limit_set = cls(
            target=target,
            target_id=target_id,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            per_channel=per_channel,
            per_store=per_store,
            daily_cap=daily_cap,
            time_zone=time_zone,
            windows=windows,
            reservation_ttl_secs=reservation_ttl_secs,
            stores=stores,
            exclusive=exclusive,
            consumer_count=consumer_count,
            segment=segment,
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
