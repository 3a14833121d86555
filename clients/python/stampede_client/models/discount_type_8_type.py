from enum import StrEnum


class DiscountType8Type(StrEnum):
    FREE_PRODUCT = "free_product"

    def __str__(self) -> str:
        return str(self.value)
