from enum import StrEnum


class Dimension(StrEnum):
    CAMPAIGN = "campaign"
    CHANNEL = "channel"
    COUPON = "coupon"
    CURRENCY = "currency"
    DAY = "day"
    HOUR = "hour"
    REASON = "reason"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
