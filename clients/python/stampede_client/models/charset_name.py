from enum import StrEnum


class CharsetName(StrEnum):
    ALPHABETIC = "alphabetic"
    ALPHANUMERIC = "alphanumeric"
    CUSTOM = "custom"
    NUMERIC = "numeric"
    UNAMBIGUOUS = "unambiguous"

    def __str__(self) -> str:
        return str(self.value)
