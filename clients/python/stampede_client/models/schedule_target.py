from enum import StrEnum


class ScheduleTarget(StrEnum):
    CAMPAIGN = "campaign"
    COUPON = "coupon"
    PROMOTION = "promotion"
    RULE = "rule"

    def __str__(self) -> str:
        return str(self.value)
