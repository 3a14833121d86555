from enum import StrEnum


class Metric(StrEnum):
    AVG_ORDER_VALUE = "avg_order_value"
    DISCOUNT = "discount"
    REDEEM_RATE = "redeem_rate"
    REDEMPTIONS = "redemptions"
    REFUSALS = "refusals"
    REVENUE = "revenue"
    UNIQUE_CUSTOMERS = "unique_customers"
    VALIDATIONS = "validations"
    VALID_VALIDATIONS = "valid_validations"
    VOIDS = "voids"

    def __str__(self) -> str:
        return str(self.value)
