from enum import StrEnum


class PromotionType(StrEnum):
    BUNDLE_DEAL = "bundle_deal"
    BUY_X_GET_Y = "buy_x_get_y"
    FIXED_AMOUNT_DISCOUNT = "fixed_amount_discount"
    FREE_SHIPPING = "free_shipping"
    LOYALTY_BONUS = "loyalty_bonus"
    PERCENTAGE_DISCOUNT = "percentage_discount"

    def __str__(self) -> str:
        return str(self.value)
