from enum import StrEnum


class DiscountType9Type(StrEnum):
    GIFT_CARD = "gift_card"

    def __str__(self) -> str:
        return str(self.value)
