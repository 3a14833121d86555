from enum import StrEnum


class DiscountType4Type(StrEnum):
    BUY_X_GET_Y = "buy_x_get_y"

    def __str__(self) -> str:
        return str(self.value)
