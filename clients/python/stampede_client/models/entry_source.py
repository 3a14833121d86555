from enum import StrEnum


class EntrySource(StrEnum):
    MANUAL = "manual"
    QUARANTINE = "quarantine"

    def __str__(self) -> str:
        return str(self.value)
