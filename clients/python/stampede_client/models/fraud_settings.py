from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FraudSettings")


@_attrs_define
class FraudSettings:
    """The tenant's scoring thresholds (`PUT /fraud/settings`). A signal at its
    threshold scores 50, at twice it 100; the score is the sum, at most 100.

        Attributes:
            auto_quarantine (bool | Unset): An alert whose score reaches `block_score` blacklists its subject for
                `quarantine_minutes`. Default: False.
            block_score (int | Unset): Score from which the recommended action is `block`. Default: 80.
            max_attempts_per_minute (int | Unset): Validations and redemption attempts by one subject in a minute. Default:
                60.
            max_distinct_codes_per_hour (int | Unset): Distinct codes one subject tried in an hour (code guessing). Default:
                10.
            max_refusal_percent_per_code (int | Unset): Percent of one code's attempts in an hour that were refused for a
                reason other than its being sold out (`limit_reached`,
                `campaign_limit_reached`): a spike of ineligible or abusive tries. Default: 50.
            max_refusals_per_hour (int | Unset): Refused attempts by one subject in an hour. Default: 30.
            max_users_per_device_per_day (int | Unset): Distinct users seen from one device in a day. Default: 5.
            max_users_per_ip_per_day (int | Unset): Distinct users seen from one IP address in a day. Default: 20.
            min_code_attempts_per_hour (int | Unset): Attempts at a code in an hour before its refusal ratio counts.
                Default: 100.
            quarantine_minutes (int | Unset):  Default: 60.
            review_score (int | Unset): Score from which the recommended action is `review`. Default: 50.
    """

    auto_quarantine: bool | Unset = False
    block_score: int | Unset = 80
    max_attempts_per_minute: int | Unset = 60
    max_distinct_codes_per_hour: int | Unset = 10
    max_refusal_percent_per_code: int | Unset = 50
    max_refusals_per_hour: int | Unset = 30
    max_users_per_device_per_day: int | Unset = 5
    max_users_per_ip_per_day: int | Unset = 20
    min_code_attempts_per_hour: int | Unset = 100
    quarantine_minutes: int | Unset = 60
    review_score: int | Unset = 50

    def to_dict(self) -> dict[str, Any]:
        auto_quarantine = self.auto_quarantine

        block_score = self.block_score

        max_attempts_per_minute = self.max_attempts_per_minute

        max_distinct_codes_per_hour = self.max_distinct_codes_per_hour

        max_refusal_percent_per_code = self.max_refusal_percent_per_code

        max_refusals_per_hour = self.max_refusals_per_hour

        max_users_per_device_per_day = self.max_users_per_device_per_day

        max_users_per_ip_per_day = self.max_users_per_ip_per_day

        min_code_attempts_per_hour = self.min_code_attempts_per_hour

        quarantine_minutes = self.quarantine_minutes

        review_score = self.review_score

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if auto_quarantine is not UNSET:
            field_dict["auto_quarantine"] = auto_quarantine
        if block_score is not UNSET:
            field_dict["block_score"] = block_score
        if max_attempts_per_minute is not UNSET:
            field_dict["max_attempts_per_minute"] = max_attempts_per_minute
        if max_distinct_codes_per_hour is not UNSET:
            field_dict["max_distinct_codes_per_hour"] = max_distinct_codes_per_hour
        if max_refusal_percent_per_code is not UNSET:
            field_dict["max_refusal_percent_per_code"] = max_refusal_percent_per_code
        if max_refusals_per_hour is not UNSET:
            field_dict["max_refusals_per_hour"] = max_refusals_per_hour
        if max_users_per_device_per_day is not UNSET:
            field_dict["max_users_per_device_per_day"] = max_users_per_device_per_day
        if max_users_per_ip_per_day is not UNSET:
            field_dict["max_users_per_ip_per_day"] = max_users_per_ip_per_day
        if min_code_attempts_per_hour is not UNSET:
            field_dict["min_code_attempts_per_hour"] = min_code_attempts_per_hour
        if quarantine_minutes is not UNSET:
            field_dict["quarantine_minutes"] = quarantine_minutes
        if review_score is not UNSET:
            field_dict["review_score"] = review_score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        auto_quarantine = d.pop("auto_quarantine", UNSET)

        block_score = d.pop("block_score", UNSET)

        max_attempts_per_minute = d.pop("max_attempts_per_minute", UNSET)

        max_distinct_codes_per_hour = d.pop("max_distinct_codes_per_hour", UNSET)

        max_refusal_percent_per_code = d.pop("max_refusal_percent_per_code", UNSET)

        max_refusals_per_hour = d.pop("max_refusals_per_hour", UNSET)

        max_users_per_device_per_day = d.pop("max_users_per_device_per_day", UNSET)

        max_users_per_ip_per_day = d.pop("max_users_per_ip_per_day", UNSET)

        min_code_attempts_per_hour = d.pop("min_code_attempts_per_hour", UNSET)

        quarantine_minutes = d.pop("quarantine_minutes", UNSET)

        review_score = d.pop("review_score", UNSET)

        fraud_settings = cls(
            auto_quarantine=auto_quarantine,
            block_score=block_score,
            max_attempts_per_minute=max_attempts_per_minute,
            max_distinct_codes_per_hour=max_distinct_codes_per_hour,
            max_refusal_percent_per_code=max_refusal_percent_per_code,
            max_refusals_per_hour=max_refusals_per_hour,
            max_users_per_device_per_day=max_users_per_device_per_day,
            max_users_per_ip_per_day=max_users_per_ip_per_day,
            min_code_attempts_per_hour=min_code_attempts_per_hour,
            quarantine_minutes=quarantine_minutes,
            review_score=review_score,
        )

        return fraud_settings
