from enum import StrEnum


class DiscountType10Type(StrEnum):
    LOYALTY_POINTS = "loyalty_points"

    def __str__(self) -> str:
        return str(self.value)
