from enum import StrEnum


class ImportType(StrEnum):
    CODES = "codes"
    COUPONS = "coupons"
    REDEMPTIONS = "redemptions"

    def __str__(self) -> str:
        return str(self.value)
