from enum import StrEnum


class DiscountType7Type(StrEnum):
    FREE_SHIPPING = "free_shipping"

    def __str__(self) -> str:
        return str(self.value)
