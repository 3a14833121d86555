from enum import StrEnum


class DiscountType0Type(StrEnum):
    CART_PERCENTAGE = "cart_percentage"

    def __str__(self) -> str:
        return str(self.value)
