from enum import StrEnum


class ImportMode(StrEnum):
    INSERT = "insert"
    REPLACE = "replace"
    UPSERT = "upsert"

    def __str__(self) -> str:
        return str(self.value)
