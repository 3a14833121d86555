from enum import StrEnum


class DiscountType2Type(StrEnum):
    PRODUCT_PERCENTAGE = "product_percentage"

    def __str__(self) -> str:
        return str(self.value)
