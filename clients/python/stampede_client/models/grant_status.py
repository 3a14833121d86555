from enum import StrEnum


class GrantStatus(StrEnum):
    GRANTED = "granted"
    VOIDED = "voided"

    def __str__(self) -> str:
        return str(self.value)
