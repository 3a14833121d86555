from enum import StrEnum


class ScheduleAction(StrEnum):
    ACTIVATE = "activate"
    PAUSE = "pause"

    def __str__(self) -> str:
        return str(self.value)
