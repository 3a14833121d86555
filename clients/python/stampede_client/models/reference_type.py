from enum import StrEnum


class ReferenceType(StrEnum):
    CHECKOUT = "checkout"
    GIFT = "gift"
    MANUAL = "manual"
    ORDER = "order"

    def __str__(self) -> str:
        return str(self.value)
