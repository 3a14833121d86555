from enum import StrEnum


class JobKind(StrEnum):
    BULK_REDEEM = "bulk_redeem"
    BULK_REVOKE = "bulk_revoke"
    EXPORT = "export"
    GENERATE_CODES = "generate_codes"
    IMPORT = "import"

    def __str__(self) -> str:
        return str(self.value)
