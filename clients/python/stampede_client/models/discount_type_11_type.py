from enum import StrEnum


class DiscountType11Type(StrEnum):
    CUSTOM = "custom"

    def __str__(self) -> str:
        return str(self.value)
