from enum import StrEnum


class Scope(StrEnum):
    ADMIN = "admin"
    COUPONSREAD = "coupons:read"
    COUPONSWRITE = "coupons:write"
    REDEMPTIONSREAD = "redemptions:read"
    REDEMPTIONSWRITE = "redemptions:write"
    VALIDATE = "validate"

    def __str__(self) -> str:
        return str(self.value)
