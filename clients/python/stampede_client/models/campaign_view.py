from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.campaign_status import CampaignStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_budget import CampaignBudget
    from ..models.campaign_limits import CampaignLimits
    from ..models.campaign_metadata import CampaignMetadata
    from ..models.campaign_usage import CampaignUsage
    from ..models.daily_usage import DailyUsage
    from ..models.quota import Quota


T = TypeVar("T", bound="CampaignView")


@_attrs_define
class CampaignView:
    """A campaign with its usage.

    Attributes:
        created_at (datetime.datetime):
        id (str):
        name (str):
        status (CampaignStatus): Lifecycle of a campaign. Only an `active` campaign grants quota.
        updated_at (datetime.datetime):
        version (int):
        usage (CampaignUsage): How much of the budget is used.
        budget (CampaignBudget | Unset): A campaign's caps. Absent caps are unlimited; a money cap applies to discounts
            given in its currency only.
        channels (list[str] | Unset): Channels the campaign runs on (`web`, `email`, …); empty means every channel.
        commit_seq (int | Unset): Batches committed by the campaign's owner: lets a commit retried after an
            unknown result recognize that it already applied.
        daily (DailyUsage | None | Unset):
        description (None | str | Unset):
        end (datetime.datetime | None | Unset):
        granted (Quota | Unset): An amount of campaign quota: redemptions and money per currency.
        limits (CampaignLimits | None | Unset):
        metadata (CampaignMetadata | Unset):
        start (datetime.datetime | None | Unset):
        time_zone (None | str | Unset): IANA time zone in which the campaign's days are counted (daily caps).
    """

    created_at: datetime.datetime
    id: str
    name: str
    status: CampaignStatus
    updated_at: datetime.datetime
    version: int
    usage: CampaignUsage
    budget: CampaignBudget | Unset = UNSET
    channels: list[str] | Unset = UNSET
    commit_seq: int | Unset = UNSET
    daily: DailyUsage | None | Unset = UNSET
    description: None | str | Unset = UNSET
    end: datetime.datetime | None | Unset = UNSET
    granted: Quota | Unset = UNSET
    limits: CampaignLimits | None | Unset = UNSET
    metadata: CampaignMetadata | Unset = UNSET
    start: datetime.datetime | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.campaign_limits import CampaignLimits
        from ..models.daily_usage import DailyUsage

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        version = self.version

        usage = self.usage.to_dict()

        budget: dict[str, Any] | Unset = UNSET
        if not isinstance(self.budget, Unset):
            budget = self.budget.to_dict()

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels

        commit_seq = self.commit_seq

        daily: dict[str, Any] | None | Unset
        if isinstance(self.daily, Unset):
            daily = UNSET
        elif isinstance(self.daily, DailyUsage):
            daily = self.daily.to_dict()
        else:
            daily = self.daily

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

        granted: dict[str, Any] | Unset = UNSET
        if not isinstance(self.granted, Unset):
            granted = self.granted.to_dict()

        limits: dict[str, Any] | None | Unset
        if isinstance(self.limits, Unset):
            limits = UNSET
        elif isinstance(self.limits, CampaignLimits):
            limits = self.limits.to_dict()
        else:
            limits = self.limits

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "name": name,
                "status": status,
                "updated_at": updated_at,
                "version": version,
                "usage": usage,
            }
        )
        if budget is not UNSET:
            field_dict["budget"] = budget
        if channels is not UNSET:
            field_dict["channels"] = channels
        if commit_seq is not UNSET:
            field_dict["commit_seq"] = commit_seq
        if daily is not UNSET:
            field_dict["daily"] = daily
        if description is not UNSET:
            field_dict["description"] = description
        if end is not UNSET:
            field_dict["end"] = end
        if granted is not UNSET:
            field_dict["granted"] = granted
        if limits is not UNSET:
            field_dict["limits"] = limits
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if start is not UNSET:
            field_dict["start"] = start
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.campaign_budget import CampaignBudget
        from ..models.campaign_limits import CampaignLimits
        from ..models.campaign_metadata import CampaignMetadata
        from ..models.campaign_usage import CampaignUsage
        from ..models.daily_usage import DailyUsage
        from ..models.quota import Quota

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        name = d.pop("name")

        status = CampaignStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        usage = CampaignUsage.from_dict(d.pop("usage"))

        _budget = d.pop("budget", UNSET)
        budget: CampaignBudget | Unset
        if isinstance(_budget, Unset):
            budget = UNSET
        else:
            budget = CampaignBudget.from_dict(_budget)

        channels = cast(list[str], d.pop("channels", UNSET))

        commit_seq = d.pop("commit_seq", UNSET)

        def _parse_daily(data: object) -> DailyUsage | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                daily_type_1 = DailyUsage.from_dict(data)

                return daily_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DailyUsage | None | Unset, data)

        daily = _parse_daily(d.pop("daily", UNSET))

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

        _granted = d.pop("granted", UNSET)
        granted: Quota | Unset
        if isinstance(_granted, Unset):
            granted = UNSET
        else:
            granted = Quota.from_dict(_granted)

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

        _metadata = d.pop("metadata", UNSET)
        metadata: CampaignMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CampaignMetadata.from_dict(_metadata)

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

        campaign_view = cls(
            created_at=created_at,
            id=id,
            name=name,
            status=status,
            updated_at=updated_at,
            version=version,
            usage=usage,
            budget=budget,
            channels=channels,
            commit_seq=commit_seq,
            daily=daily,
            description=description,
            end=end,
            granted=granted,
            limits=limits,
            metadata=metadata,
            start=start,
            time_zone=time_zone,
        )

        campaign_view.additional_properties = d
        return campaign_view

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
