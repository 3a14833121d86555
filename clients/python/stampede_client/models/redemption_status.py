from enum import StrEnum


class RedemptionStatus(StrEnum):
    EXPIRED = "expired"
    FAILED = "failed"
    PENDING = "pending"
    SUCCESS = "success"
    VOIDED = "voided"

    def __str__(self) -> str:
        return str(self.value)
