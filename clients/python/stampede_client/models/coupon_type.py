from enum import StrEnum


class CouponType(StrEnum):
    BUNDLE = "bundle"
    BUY_X_GET_Y = "buy_x_get_y"
    CUSTOM = "custom"
    FIXED = "fixed"
    FREE_PRODUCT = "free_product"
    FREE_SHIPPING = "free_shipping"
    GIFT_CARD = "gift_card"
    LOYALTY_POINTS = "loyalty_points"
    PERCENTAGE = "percentage"
    PRODUCT_FIXED = "product_fixed"
    PRODUCT_PERCENTAGE = "product_percentage"
    PROMOTION = "promotion"
    TIERED = "tiered"

    def __str__(self) -> str:
        return str(self.value)
