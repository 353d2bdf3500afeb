"""The wall's colours and sizes.

Every size is a share of the window's height, so the wall looks the same on a 1080-line
screen and on a 2160-line one, only sharper; nothing is in points, and nothing depends
on the desk's own font settings except the family.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from ui import palette

# The smallest text on the wall, as a share of the screen's height: readable at 3-6 m.
MIN_TEXT = 0.025


@dataclass(frozen=True)
class Look:
    background: str
    panel: str
    edge: str  # tile borders and rules
    text: str
    dim: str  # headings and secondary text: still well above 4.5:1 on ``panel``
    track: str  # the empty part of a progress bar
    alarm_tint: float  # how much of the alarm colour an overdue tile's fill takes

    def colour(self, name: str) -> QColor:
        return QColor(getattr(self, name))


DARK = Look(
    background="#0A0E13",
    panel="#161D26",
    edge="#34414F",
    text="#F4F6F8",
    dim="#B3BDC7",
    track="#2E3A47",
    alarm_tint=0.16,
)
LIGHT = Look(
    background="#E4E8EC",
    panel="#FFFFFF",
    edge="#A9B3BD",
    text="#0D1117",
    dim="#3E4A56",
    track="#D0D7DE",
    alarm_tint=0.10,
)

ALARM = palette.VERMILLION
NOTICE = palette.BLUE


def mix(base: str, other: str, share: float) -> QColor:
    """``share`` of ``other`` over ``base``."""
    a, b = QColor(base), QColor(other)
    return QColor(
        round(a.red() + (b.red() - a.red()) * share),
        round(a.green() + (b.green() - a.green()) * share),
        round(a.blue() + (b.blue() - a.blue()) * share),
    )


@dataclass(frozen=True)
class Scale:
    """Pixel sizes for a window ``height`` lines tall."""

    height: int

    def px(self, share: float) -> int:
        return max(1, round(self.height * share))

    @cached_property
    def body(self) -> int:
        return max(math.ceil(self.height * MIN_TEXT), self.px(0.026))

    @cached_property
    def small(self) -> int:
        """Secondary text: the smallest on the wall."""
        return math.ceil(self.height * MIN_TEXT)

    @cached_property
    def title(self) -> int:
        return self.px(0.038)

    @cached_property
    def elapsed(self) -> int:
        return self.px(0.050)

    @cached_property
    def clock(self) -> int:
        return self.px(0.032)

    @cached_property
    def name(self) -> int:
        return self.body

    @cached_property
    def margin(self) -> int:
        return self.px(0.012)

    @cached_property
    def gap(self) -> int:
        return self.px(0.013)

    @cached_property
    def pad(self) -> int:
        return self.px(0.012)

    @cached_property
    def radius(self) -> int:
        return self.px(0.008)

    @cached_property
    def border(self) -> int:
        return self.px(0.0025)

    @cached_property
    def alarm_border(self) -> int:
        return self.px(0.006)

    def font(self, pixels: int, *, bold: bool = False, spaced: bool = False) -> QFont:
        font = QFont(QApplication.font())
        font.setPixelSize(pixels)
        font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        if spaced:
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        return font
