from enum import StrEnum


class Class(StrEnum):
    ADMIN = "admin"
    REDEEM = "redeem"
    VALIDATE = "validate"

    def __str__(self) -> str:
        return str(self.value)
