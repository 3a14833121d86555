from enum import StrEnum


class LimitTarget(StrEnum):
    CAMPAIGN = "campaign"
    COUPON = "coupon"

    def __str__(self) -> str:
        return str(self.value)
