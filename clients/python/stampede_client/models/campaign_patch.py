from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_budget import CampaignBudget
    from ..models.campaign_limits import CampaignLimits
    from ..models.campaign_patch_metadata_type_0 import CampaignPatchMetadataType0


T = TypeVar("T", bound="CampaignPatch")


@_attrs_define
class CampaignPatch:
    """A change to a campaign's definition (PATCH). Status changes go through the
    lifecycle actions (`activate`, `pause`, `resume`, `end`) instead.

        Attributes:
            budget (CampaignBudget | None | Unset):
            channels (list[str] | None | Unset):
            description (None | str | Unset):
            end (datetime.datetime | None | Unset): At most 100 years from now (`limits::MAX_VALIDITY_HORIZON_YEARS`).
            limits (CampaignLimits | None | Unset):
            metadata (CampaignPatchMetadataType0 | None | Unset):
            name (None | str | Unset):
            start (datetime.datetime | None | Unset): At most 100 years from now (`limits::MAX_VALIDITY_HORIZON_YEARS`).
            time_zone (None | str | Unset):
            version (int | None | Unset): The version the client read; required, a stale one is refused with 409.
    """

    budget: CampaignBudget | None | Unset = UNSET
    channels: list[str] | None | Unset = UNSET
    description: None | str | Unset = UNSET
    end: datetime.datetime | None | Unset = UNSET
    limits: CampaignLimits | None | Unset = UNSET
    metadata: CampaignPatchMetadataType0 | None | Unset = UNSET
    name: None | str | Unset = UNSET
    start: datetime.datetime | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.campaign_budget import CampaignBudget
        from ..models.campaign_limits import CampaignLimits
        from ..models.campaign_patch_metadata_type_0 import CampaignPatchMetadataType0

        budget: dict[str, Any] | None | Unset
        if isinstance(self.budget, Unset):
            budget = UNSET
        elif isinstance(self.budget, CampaignBudget):
            budget = self.budget.to_dict()
        else:
            budget = self.budget

        channels: list[str] | None | Unset
        if isinstance(self.channels, Unset):
            channels = UNSET
        elif isinstance(self.channels, list):
            channels = self.channels

        else:
            channels = self.channels

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        end: None | str | Unset
        if isinstance(self.end, Unset):
            end = UNSET
        elif isinstance(self.end, datetime.datetime):
            end = self.end.isoformat()
        else:
            end = self.end

        limits: dict[str, Any] | None | Unset
        if isinstance(self.limits, Unset):
            limits = UNSET
        elif isinstance(self.limits, CampaignLimits):
            limits = self.limits.to_dict()
        else:
            limits = self.limits

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CampaignPatchMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.datetime):
            start = self.start.isoformat()
        else:
            start = self.start

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

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if budget is not UNSET:
            field_dict["budget"] = budget
        if channels is not UNSET:
            field_dict["channels"] = channels
        if description is not UNSET:
            field_dict["description"] = description
        if end is not UNSET:
            field_dict["end"] = end
        if limits is not UNSET:
            field_dict["limits"] = limits
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if name is not UNSET:
            field_dict["name"] = name
        if start is not UNSET:
            field_dict["start"] = start
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.campaign_budget import CampaignBudget
        from ..models.campaign_limits import CampaignLimits
        from ..models.campaign_patch_metadata_type_0 import CampaignPatchMetadataType0

        d = dict(src_dict)

        def _parse_budget(data: object) -> CampaignBudget | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                budget_type_1 = CampaignBudget.from_dict(data)

                return budget_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignBudget | None | Unset, data)

        budget = _parse_budget(d.pop("budget", UNSET))

        def _parse_channels(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                channels_type_0 = cast(list[str], data)

                return channels_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        channels = _parse_channels(d.pop("channels", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_end(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.datetime.fromisoformat(data)

                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        end = _parse_end(d.pop("end", UNSET))

        def _parse_limits(data: object) -> CampaignLimits | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                limits_type_1 = CampaignLimits.from_dict(data)

                return limits_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignLimits | None | Unset, data)

        limits = _parse_limits(d.pop("limits", UNSET))

        def _parse_metadata(data: object) -> CampaignPatchMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CampaignPatchMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignPatchMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_start(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.datetime.fromisoformat(data)

                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start = _parse_start(d.pop("start", UNSET))

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

        campaign_patch = cls(
            budget=budget,
            channels=channels,
            description=description,
            end=end,
            limits=limits,
            metadata=metadata,
            name=name,
            start=start,
            time_zone=time_zone,
            version=version,
        )

        return campaign_patch
