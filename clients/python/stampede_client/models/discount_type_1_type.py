from enum import StrEnum


class DiscountType1Type(StrEnum):
    CART_FIXED = "cart_fixed"

    def __str__(self) -> str:
        return str(self.value)
