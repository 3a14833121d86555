from enum import StrEnum


class SegmentKind(StrEnum):
    EXPLICIT = "explicit"
    RULE = "rule"

    def __str__(self) -> str:
        return str(self.value)
