from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelFigures")


@_attrs_define
class ChannelFigures:
    """
    Attributes:
        redemptions (int):
        refusals (int):
        channel (None | str | Unset): `null`: redemptions that named no channel.
        redeem_rate (float | None | Unset):
    """

    redemptions: int
    refusals: int
    channel: None | str | Unset = UNSET
    redeem_rate: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        redemptions = self.redemptions

        refusals = self.refusals

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        else:
            channel = self.channel

        redeem_rate: float | None | Unset
        if isinstance(self.redeem_rate, Unset):
            redeem_rate = UNSET
        else:
            redeem_rate = self.redeem_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "redemptions": redemptions,
                "refusals": refusals,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if redeem_rate is not UNSET:
            field_dict["redeem_rate"] = redeem_rate

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        redemptions = d.pop("redemptions")

        refusals = d.pop("refusals")

        def _parse_channel(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        def _parse_redeem_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        redeem_rate = _parse_redeem_rate(d.pop("redeem_rate", UNSET))

        channel_figures = cls(
            redemptions=redemptions,
            refusals=refusals,
            channel=channel,
            redeem_rate=redeem_rate,
        )

        channel_figures.additional_properties = d
        return channel_figures

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
