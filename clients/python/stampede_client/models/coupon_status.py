from enum import StrEnum


class CouponStatus(StrEnum):
    ACTIVE = "active"
    DRAFT = "draft"
    EXPIRED = "expired"
    PAUSED = "paused"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
