from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.limit_target import LimitTarget
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.limit_body_per_channel_type_0 import LimitBodyPerChannelType0
    from ..models.limit_body_per_store_type_0 import LimitBodyPerStoreType0
    from ..models.time_window import TimeWindow


T = TypeVar("T", bound="LimitBody")


@_attrs_define
class LimitBody:
    """Body of `POST /limits` (also the fields of `PATCH`).

    Attributes:
        consumers (list[str] | None | Unset): Limit the coupon to these customers (`user_id`s), replacing any list.
        daily_cap (int | None | Unset):
        exclusive (bool | None | Unset): Refuse to combine the coupon with other codes in one order.
        per_channel (LimitBodyPerChannelType0 | None | Unset):
        per_store (LimitBodyPerStoreType0 | None | Unset):
        reservation_ttl_secs (int | None | Unset):
        segment (None | str | Unset): Limit the coupon to the customers of this segment (by name); `""` lifts it.
        stores (list[str] | None | Unset): Stores the coupon is redeemable in; empty: every store.
        target (LimitTarget | None | Unset):
        target_id (None | str | Unset):
        time_zone (None | str | Unset):
        version (int | None | Unset): Required on PATCH: the version read.
        windows (list[TimeWindow] | None | Unset):
    """

    consumers: list[str] | None | Unset = UNSET
    daily_cap: int | None | Unset = UNSET
    exclusive: bool | None | Unset = UNSET
    per_channel: LimitBodyPerChannelType0 | None | Unset = UNSET
    per_store: LimitBodyPerStoreType0 | None | Unset = UNSET
    reservation_ttl_secs: int | None | Unset = UNSET
    segment: None | str | Unset = UNSET
    stores: list[str] | None | Unset = UNSET
    target: LimitTarget | None | Unset = UNSET
    target_id: None | str | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    version: int | None | Unset = UNSET
    windows: list[TimeWindow] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.limit_body_per_channel_type_0 import LimitBodyPerChannelType0
        from ..models.limit_body_per_store_type_0 import LimitBodyPerStoreType0

        consumers: list[str] | None | Unset
        if isinstance(self.consumers, Unset):
            consumers = UNSET
        elif isinstance(self.consumers, list):
            consumers = self.consumers

        else:
            consumers = self.consumers

        daily_cap: int | None | Unset
        if isinstance(self.daily_cap, Unset):
            daily_cap = UNSET
        else:
            daily_cap = self.daily_cap

        exclusive: bool | None | Unset
        if isinstance(self.exclusive, Unset):
            exclusive = UNSET
        else:
            exclusive = self.exclusive

        per_channel: dict[str, Any] | None | Unset
        if isinstance(self.per_channel, Unset):
            per_channel = UNSET
        elif isinstance(self.per_channel, LimitBodyPerChannelType0):
            per_channel = self.per_channel.to_dict()
        else:
            per_channel = self.per_channel

        per_store: dict[str, Any] | None | Unset
        if isinstance(self.per_store, Unset):
            per_store = UNSET
        elif isinstance(self.per_store, LimitBodyPerStoreType0):
            per_store = self.per_store.to_dict()
        else:
            per_store = self.per_store

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

        stores: list[str] | None | Unset
        if isinstance(self.stores, Unset):
            stores = UNSET
        elif isinstance(self.stores, list):
            stores = self.stores

        else:
            stores = self.stores

        target: None | str | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        elif isinstance(self.target, LimitTarget):
            target = self.target.value
        else:
            target = self.target

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        else:
            target_id = self.target_id

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        windows: list[dict[str, Any]] | None | Unset
        if isinstance(self.windows, Unset):
            windows = UNSET
        elif isinstance(self.windows, list):
            windows = []
            for windows_type_0_item_data in self.windows:
                windows_type_0_item = windows_type_0_item_data.to_dict()
                windows.append(windows_type_0_item)

        else:
            windows = self.windows

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if consumers is not UNSET:
            field_dict["consumers"] = consumers
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
        if target is not UNSET:
            field_dict["target"] = target
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if version is not UNSET:
            field_dict["version"] = version
        if windows is not UNSET:
            field_dict["windows"] = windows

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limit_body_per_channel_type_0 import LimitBodyPerChannelType0
        from ..models.limit_body_per_store_type_0 import LimitBodyPerStoreType0
        from ..models.time_window import TimeWindow

        d = dict(src_dict)

        def _parse_consumers(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                consumers_type_0 = cast(list[str], data)

                return consumers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        consumers = _parse_consumers(d.pop("consumers", UNSET))

        def _parse_daily_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_cap = _parse_daily_cap(d.pop("daily_cap", UNSET))

        def _parse_exclusive(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        exclusive = _parse_exclusive(d.pop("exclusive", UNSET))

        def _parse_per_channel(data: object) -> LimitBodyPerChannelType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                per_channel_type_0 = LimitBodyPerChannelType0.from_dict(data)

                return per_channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LimitBodyPerChannelType0 | None | Unset, data)

        per_channel = _parse_per_channel(d.pop("per_channel", UNSET))

        def _parse_per_store(data: object) -> LimitBodyPerStoreType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                per_store_type_0 = LimitBodyPerStoreType0.from_dict(data)

                return per_store_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LimitBodyPerStoreType0 | None | Unset, data)

        per_store = _parse_per_store(d.pop("per_store", UNSET))

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

        def _parse_stores(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                stores_type_0 = cast(list[str], data)

                return stores_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        stores = _parse_stores(d.pop("stores", UNSET))

        def _parse_target(data: object) -> LimitTarget | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_type_1 = LimitTarget(data)

                return target_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LimitTarget | None | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        def _parse_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_id = _parse_target_id(d.pop("target_id", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        def _parse_windows(data: object) -> list[TimeWindow] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                windows_type_0 = []
                _windows_type_0 = data
                for windows_type_0_item_data in _windows_type_0:
                    windows_type_0_item = TimeWindow.from_dict(windows_type_0_item_data)

                    windows_type_0.append(windows_type_0_item)

                return windows_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeWindow] | None | Unset, data)

        windows = _parse_windows(d.pop("windows", UNSET))

        limit_body = cls(
            consumers=consumers,
            daily_cap=daily_cap,
            exclusive=exclusive,
            per_channel=per_channel,
            per_store=per_store,
            reservation_ttl_secs=reservation_ttl_secs,
            segment=segment,
            stores=stores,
            target=target,
            target_id=target_id,
            time_zone=time_zone,
            version=version,
            windows=windows,
        )

        return limit_body
