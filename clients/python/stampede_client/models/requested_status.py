from enum import StrEnum


class RequestedStatus(StrEnum):
    PENDING = "pending"
    SUCCESS = "success"

    def __str__(self) -> str:
        return str(self.value)
