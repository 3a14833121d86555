from enum import StrEnum


class RewardType(StrEnum):
    EXTERNAL = "external"
    ITEM = "item"
    POINTS = "points"

    def __str__(self) -> str:
        return str(self.value)
