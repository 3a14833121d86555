from enum import StrEnum


class Trigger(StrEnum):
    ACHIEVEMENT_COMPLETED = "achievement_completed"
    LEADERBOARD_RANK = "leaderboard_rank"
    PURCHASE_COUNT = "purchase_count"
    STREAK_MILESTONE = "streak_milestone"

    def __str__(self) -> str:
        return str(self.value)
