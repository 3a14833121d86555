from enum import StrEnum


class DiscountType6Type(StrEnum):
    TIERED = "tiered"

    def __str__(self) -> str:
        return str(self.value)
