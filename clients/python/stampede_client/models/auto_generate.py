from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.trigger import Trigger
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trigger_config import TriggerConfig


T = TypeVar("T", bound="AutoGenerate")


@_attrs_define
class AutoGenerate:
    """Seed 002's `auto_generate` on a coupon (the template).

    Attributes:
        enabled (bool):
        code_length (int | None | Unset): Seed 002 `code_length`: random characters after the prefix, 4–32
            (8 when absent).
        code_prefix (None | str | Unset): Seed 002 `code_prefix`: the generated codes' prefix.
        trigger (None | Trigger | Unset):
        trigger_config (None | TriggerConfig | Unset):
    """

    enabled: bool
    code_length: int | None | Unset = UNSET
    code_prefix: None | str | Unset = UNSET
    trigger: None | Trigger | Unset = UNSET
    trigger_config: None | TriggerConfig | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.trigger_config import TriggerConfig

        enabled = self.enabled

        code_length: int | None | Unset
        if isinstance(self.code_length, Unset):
            code_length = UNSET
        else:
            code_length = self.code_length

        code_prefix: None | str | Unset
        if isinstance(self.code_prefix, Unset):
            code_prefix = UNSET
        else:
            code_prefix = self.code_prefix

        trigger: None | str | Unset
        if isinstance(self.trigger, Unset):
            trigger = UNSET
        elif isinstance(self.trigger, Trigger):
            trigger = self.trigger.value
        else:
            trigger = self.trigger

        trigger_config: dict[str, Any] | None | Unset
        if isinstance(self.trigger_config, Unset):
            trigger_config = UNSET
        elif isinstance(self.trigger_config, TriggerConfig):
            trigger_config = self.trigger_config.to_dict()
        else:
            trigger_config = self.trigger_config

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enabled": enabled,
            }
        )
        if code_length is not UNSET:
            field_dict["code_length"] = code_length
        if code_prefix is not UNSET:
            field_dict["code_prefix"] = code_prefix
        if trigger is not UNSET:
            field_dict["trigger"] = trigger
        if trigger_config is not UNSET:
            field_dict["trigger_config"] = trigger_config

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.trigger_config import TriggerConfig

        d = dict(src_dict)
        enabled = d.pop("enabled")

        def _parse_code_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        code_length = _parse_code_length(d.pop("code_length", UNSET))

        def _parse_code_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code_prefix = _parse_code_prefix(d.pop("code_prefix", UNSET))

        def _parse_trigger(data: object) -> None | Trigger | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trigger_type_1 = Trigger(data)

                return trigger_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Trigger | Unset, data)

        trigger = _parse_trigger(d.pop("trigger", UNSET))

        def _parse_trigger_config(data: object) -> None | TriggerConfig | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_config_type_1 = TriggerConfig.from_dict(data)

                return trigger_config_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TriggerConfig | Unset, data)

        trigger_config = _parse_trigger_config(d.pop("trigger_config", UNSET))

        auto_generate = cls(
            enabled=enabled,
            code_length=code_length,
            code_prefix=code_prefix,
            trigger=trigger,
            trigger_config=trigger_config,
        )

        return auto_generate
