from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SettingsBody")


@_attrs_define
class SettingsBody:
    """Body of `PUT /analytics/settings`.

    Attributes:
        time_zone (str): IANA zone of days and weeks when a request names none.
    """

    time_zone: str

    def to_dict(self) -> dict[str, Any]:
        time_zone = self.time_zone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "time_zone": time_zone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        time_zone = d.pop("time_zone")

        settings_body = cls(
            time_zone=time_zone,
        )

        return settings_body
