from enum import StrEnum


class DiscountType5Type(StrEnum):
    BUNDLE = "bundle"

    def __str__(self) -> str:
        return str(self.value)
