"""Every user setting, declared once with its type, default and bounds.

Stored in the UI settings file (QSettings, in the user config folder). Reading an option
always returns a valid value: a missing or damaged entry gives the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class DatesOption:
    """A list of dates, written as ISO dates separated by commas or spaces."""

    key: str
    label: str

    @staticmethod
    def parse(text: str) -> frozenset[date]:
        found = set()
        for word in text.replace(",", " ").split():
            try:
                found.add(date.fromisoformat(word))
            except ValueError as err:
                raise ValueError(f"'{word}' is not a date: write dates as 2026-12-25") from err
        return frozenset(found)

    def read(self, settings: QSettings) -> frozenset[date]:
        try:
            return self.parse(str(settings.value(self.key, "")))
        except ValueError:
            return frozenset()

    def write(self, settings: QSettings, text: str) -> None:
        dates = self.parse(text)
        settings.setValue(self.key, ", ".join(sorted(d.isoformat() for d in dates)))


@dataclass(frozen=True)
class TextOption:
    key: str
    default: str
    label: str
    max_length: int = 60

    def read(self, settings: QSettings) -> str:
        raw = settings.value(self.key, self.default)
        text = str(raw) if raw is not None else self.default
        return text if len(text) <= self.max_length else self.default

    def write(self, settings: QSettings, value: str) -> None:
        value = value.strip()
        if len(value) > self.max_length:
            raise ValueError(f"{self.label}: at most {self.max_length} characters")
        settings.setValue(self.key, value)


SHOW_CHART = BoolOption("main/chart", True, "Show the timeline chart")
HOLIDAYS = DatesOption(
    "thresholds/holidays",
    "Public holidays to leave out of business-day deadlines (e.g. SEC 8-K), as dates",
)
SHOW_STRIP = BoolOption("matrix/freshness_strip", False, "Show the time without updates")
REPORT_MARKING = TextOption(
    "report/marking", "CONFIDENTIAL", "Marking printed on every page of a PDF report"
)
REPORT_OPEN = BoolOption("report/open_when_done", True, "Open a PDF report when it is written")
WALL_STILL = BoolOption("wall/still", False, "Keep the wall still: no pulsing of overdue tiles")
