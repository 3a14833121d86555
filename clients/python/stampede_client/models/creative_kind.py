from enum import StrEnum


class CreativeKind(StrEnum):
    BANNER = "banner"
    DEEP_LINK = "deep_link"
    EMAIL = "email"
    OTHER = "other"
    PUSH = "push"

    def __str__(self) -> str:
        return str(self.value)
