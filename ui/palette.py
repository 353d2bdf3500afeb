"""Colours, glyphs and words for every status: never colour alone.

Colours come from the Okabe–Ito palette, which stays distinguishable with the
common forms of colour blindness.
"""

from __future__ import annotations

from dataclasses import dataclass

from crisisdesk.cadence import Freshness

ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6B6B6B"


@dataclass(frozen=True)
class Badge:
    colour: str
    glyph: str
    word: str
    text_colour: str = "#FFFFFF"

    @property
    def label(self) -> str:
        return f"{self.glyph} {self.word}"


FRESHNESS = {
    Freshness.FRESH: Badge(GREEN, "✔", "Fresh"),
    Freshness.DUE_SOON: Badge(ORANGE, "◔", "Due soon", "#000000"),
    Freshness.OVERDUE: Badge(VERMILLION, "▲", "Overdue"),
    Freshness.NEVER: Badge(VERMILLION, "✖", "Never updated"),
    Freshness.AWAITING: Badge(SKY, "◌", "First update due", "#000000"),
    Freshness.PAUSED: Badge(GREY, "❚❚", "Paused"),
    Freshness.ON_DEMAND: Badge(BLUE, "○", "On demand"),
}

CATEGORY = {
    "detection": Badge(BLUE, "◉", "Detection"),
    "decision": Badge(PURPLE, "◆", "Decision", "#000000"),
    "action": Badge(GREEN, "▶", "Action"),
    "communication": Badge(ORANGE, "✉", "Comms", "#000000"),
    "external": Badge(SKY, "⬈", "External", "#000000"),
    "checklist": Badge(GREY, "☑", "Checklist"),
    "note": Badge(YELLOW, "✎", "Note", "#000000"),
}

SEVERITY = {
    "critical": Badge(VERMILLION, "▲▲", "CRITICAL"),
    "high": Badge(ORANGE, "▲", "HIGH", "#000000"),
    "medium": Badge(YELLOW, "●", "MEDIUM", "#000000"),
    "low": Badge(SKY, "▼", "LOW", "#000000"),
}

INCIDENT_STATUS = {
    "active": Badge(VERMILLION, "●", "ACTIVE"),
    "resolved": Badge(GREEN, "✔", "RESOLVED"),
    "closed": Badge(GREY, "■", "CLOSED"),
}

FACT_STATUS = {
    "confirmed": Badge(GREEN, "✔", "Confirmed"),
    "unconfirmed": Badge(ORANGE, "?", "Unconfirmed", "#000000"),
    "retracted": Badge(GREY, "✖", "Retracted"),
}

DRAFT_STATUS = {
    "draft": Badge(GREY, "✎", "Draft"),
    "review": Badge(ORANGE, "◔", "In review", "#000000"),
    "approved": Badge(GREEN, "✔", "Approved"),
    "sent": Badge(BLUE, "✉", "Sent"),
}

FINDING = {
    "error": Badge(VERMILLION, "✖", "Error"),
    "warning": Badge(ORANGE, "▲", "Warning", "#000000"),
    "info": Badge(BLUE, "ℹ", "Note"),
}


def chip_style(badge: Badge, *, size_px: int = 13) -> str:
    return (
        f"background:{badge.colour}; color:{badge.text_colour}; border-radius:4px;"
        f" padding:3px 8px; font-weight:600; font-size:{size_px}px;"
    )
