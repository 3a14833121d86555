from enum import StrEnum


class DiscountType3Type(StrEnum):
    PRODUCT_FIXED = "product_fixed"

    def __str__(self) -> str:
        return str(self.value)
