from enum import StrEnum


class Recommendation(StrEnum):
    INVESTIGATE_SRM = "investigate_srm"
    KEEP_RUNNING = "keep_running"
    NO_DIFFERENCE = "no_difference"
    SHIP_VARIANT = "ship_variant"

    def __str__(self) -> str:
        return str(self.value)
