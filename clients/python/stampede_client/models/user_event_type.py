from enum import StrEnum


class UserEventType(StrEnum):
    ACHIEVEMENT_COMPLETED = "achievement_completed"
    LEADERBOARD_CLOSED = "leaderboard_closed"
    PURCHASE = "purchase"
    STREAK_DAY = "streak_day"

    def __str__(self) -> str:
        return str(self.value)
