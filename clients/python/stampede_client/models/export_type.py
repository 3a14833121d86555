from enum import StrEnum


class ExportType(StrEnum):
    ANALYTICS = "analytics"
    CAMPAIGNS = "campaigns"
    CODES = "codes"
    COUPONS = "coupons"
    REDEMPTIONS = "redemptions"

    def __str__(self) -> str:
        return str(self.value)
