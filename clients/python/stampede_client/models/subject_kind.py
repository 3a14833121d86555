from enum import StrEnum


class SubjectKind(StrEnum):
    CODE = "code"
    DEVICE_ID = "device_id"
    EMAIL = "email"
    IP = "ip"
    USER_ID = "user_id"

    def __str__(self) -> str:
        return str(self.value)
