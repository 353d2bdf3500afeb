"""Every user setting, declared once with its type, default and bounds.

Stored in the UI settings file (QSettings, in the user config folder). Reading an option
always returns a valid value: a missing or damaged entry gives the default.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings


@dataclass(frozen=True)
class IntOption:
    key: str
    default: int
    minimum: int
    maximum: int
    label: str
    suffix: str = ""

    def read(self, settings: QSettings) -> int:
        raw = settings.value(self.key, self.default)
        try:
            value = int(str(raw))
        except ValueError:
            return self.default
        return value if self.minimum <= value <= self.maximum else self.default

    def write(self, settings: QSettings, value: int) -> None:
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"{self.label}: {value} is outside {self.minimum}–{self.maximum}")
        settings.setValue(self.key, value)


@dataclass(frozen=True)
class BoolOption:
    key: str
    default: bool
    label: str

    def read(self, settings: QSettings) -> bool:
        raw = settings.value(self.key, self.default)
        if isinstance(raw, bool):
            return raw
        return str(raw).lower() in ("true", "1", "yes")

    def write(self, settings: QSettings, value: bool) -> None:
        settings.setValue(self.key, value)


DUE_SOON = IntOption(
    "thresholds/due_soon_percent", 75, 50, 95,
    "A group is 'due soon' once this share of its interval has passed", "%",
)  # fmt: skip
CLOCK_DUE_SOON = IntOption(
    "thresholds/clock_due_soon_percent", 25, 5, 50,
    "A legal deadline is 'due soon' when this share of its window is left", "%",
)  # fmt: skip
SHOW_CHART = BoolOption("main/chart", True, "Show the timeline chart")
SHOW_STRIP = BoolOption("matrix/freshness_strip", False, "Show the time without updates")
