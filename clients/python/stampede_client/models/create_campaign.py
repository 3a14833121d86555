from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.campaign_status import CampaignStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_budget import CampaignBudget
    from ..models.create_campaign_metadata_type_0 import CreateCampaignMetadataType0


T = TypeVar("T", bound="CreateCampaign")


@_attrs_define
class CreateCampaign:
    """Body of `POST /campaigns` (seed 000 §2).

    Attributes:
        name (str):
        budget (CampaignBudget | Unset): A campaign's caps. Absent caps are unlimited; a money cap applies to discounts
            given in its currency only.
        channels (list[str] | Unset):
        description (None | str | Unset):
        end (datetime.datetime | None | Unset): After `start`; at most 100 years from now.
        metadata (CreateCampaignMetadataType0 | None | Unset):
        start (datetime.datetime | None | Unset): At most 100 years from now (`limits::MAX_VALIDITY_HORIZON_YEARS`).
        status (CampaignStatus | None | Unset):
        time_zone (None | str | Unset): IANA time zone (e.g. `Europe/London`) for daily caps; default UTC.
    """

    name: str
    budget: CampaignBudget | Unset = UNSET
    channels: list[str] | Unset = UNSET
    description: None | str | Unset = UNSET
    end: datetime.datetime | None | Unset = UNSET
    metadata: CreateCampaignMetadataType0 | None | Unset = UNSET
    start: datetime.datetime | None | Unset = UNSET
    status: CampaignStatus | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_campaign_metadata_type_0 import CreateCampaignMetadataType0

        name = self.name

        budget: dict[str, Any] | Unset = UNSET
        if not isinstance(self.budget, Unset):
            budget = self.budget.to_dict()

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
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

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateCampaignMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.datetime):
            start = self.start.isoformat()
        else:
            start = self.start

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, CampaignStatus):
            status = self.status.value
        else:
            status = self.status

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if budget is not UNSET:
            field_dict["budget"] = budget
        if channels is not UNSET:
            field_dict["channels"] = channels
        if description is not UNSET:
            field_dict["description"] = description
        if end is not UNSET:
            field_dict["end"] = end
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if start is not UNSET:
            field_dict["start"] = start
        if status is not UNSET:
            field_dict["status"] = status
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.campaign_budget import CampaignBudget
        from ..models.create_campaign_metadata_type_0 import CreateCampaignMetadataType0

        d = dict(src_dict)
        name = d.pop("name")

        _budget = d.pop("budget", UNSET)
        budget: CampaignBudget | Unset
        if isinstance(_budget, Unset):
            budget = UNSET
        else:
            budget = CampaignBudget.from_dict(_budget)

        channels = cast(list[str], d.pop("channels", UNSET))

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

        def _parse_metadata(data: object) -> CreateCampaignMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateCampaignMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateCampaignMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

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

        def _parse_status(data: object) -> CampaignStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = CampaignStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        create_campaign = cls(
            name=name,
            budget=budget,
            channels=channels,
            description=description,
            end=end,
            metadata=metadata,
            start=start,
            status=status,
            time_zone=time_zone,
        )

        return create_campaign
