from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.time_window import TimeWindow


T = TypeVar("T", bound="CampaignLimits")


@_attrs_define
class CampaignLimits:
    """Limits that span every coupon of a campaign, enforced by its actor when it
    grants quota, in the campaign's time zone. The daily cap counts redemptions
    granted that day: a later void does not give the day's allowance back.

        Attributes:
            daily_cap (int | None | Unset):
            windows (list[TimeWindow] | Unset):
    """

    daily_cap: int | None | Unset = UNSET
    windows: list[TimeWindow] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        daily_cap: int | None | Unset
        if isinstance(self.daily_cap, Unset):
            daily_cap = UNSET
        else:
            daily_cap = self.daily_cap

        windows: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.windows, Unset):
            windows = []
            for windows_item_data in self.windows:
                windows_item = windows_item_data.to_dict()
                windows.append(windows_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if daily_cap is not UNSET:
            field_dict["daily_cap"] = daily_cap
        if windows is not UNSET:
            field_dict["windows"] = windows

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.time_window import TimeWindow

        d = dict(src_dict)

        def _parse_daily_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_cap = _parse_daily_cap(d.pop("daily_cap", UNSET))

        _windows = d.pop("windows", UNSET)
        windows: list[TimeWindow] | Unset = UNSET
        if _windows is not UNSET:
            windows = []
            for windows_item_data in _windows:
                windows_item = TimeWindow.from_dict(windows_item_data)

                windows.append(windows_item)

        campaign_limits = cls(
            daily_cap=daily_cap,
            windows=windows,
        )

        return campaign_limits
