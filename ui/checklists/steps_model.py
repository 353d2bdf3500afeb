"""The steps of one checklist run as a table: state, step, owner, done at, due, links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject

from crisisdesk.checklists import RunView, StepStatus
from ui import palette, timefmt
from ui.widgets.table_model import Column, RecordTableModel

STATE = {
    "todo": palette.Badge(palette.GREY, "○", "To do"),
    "reopened": palette.Badge(palette.ORANGE, "↺", "Reopened", "#000000"),
    "done": palette.Badge(palette.GREEN, "✔", "Done"),
    "skipped": palette.Badge(palette.PURPLE, "↷", "Skipped", "#000000"),
    "not_applicable": palette.Badge(palette.SKY, "–", "N/A", "#000000"),
}
OVERDUE = palette.Badge(palette.VERMILLION, "▲", "Overdue")
DOES_NOT_APPLY = palette.Badge(palette.SKY, "–", "Does not apply", "#000000")


def badge(status: StepStatus, now: datetime) -> palette.Badge:
    if not status.applies:
        return DOES_NOT_APPLY
    if status.overdue(now):
        return OVERDUE
    return STATE[status.state]


def links_text(status: StepStatus) -> str:
    links = status.step.links
    parts = []
    if links.stakeholder:
        parts.append(f"update {links.stakeholder}")
    if links.template:
        parts.append(f"template {links.template.replace('_', ' ')}")
    if links.clock:
        parts.append(f"clock {links.clock}")
    return ", ".join(parts)


def due_text(status: StepStatus, now: datetime) -> str:
    if status.due_at is None:
        if status.step.due is not None and status.step.due.since == "awareness":
            return f"{status.step.due.after} after awareness"
        return ""
    when = timefmt.day_clock(status.due_at, now)
    if status.is_open and status.overdue(now):
        return f"{when} · {timefmt.ago(now - status.due_at)} late"
    return when


def done_text(status: StepStatus, now: datetime) -> str:
    if status.at is None or status.state == "todo":
        return ""
    text = f"{timefmt.day_clock(status.at, now)} by {status.by}"
    return f"{text} — {status.note}" if status.note else text


class StepsModel(RecordTableModel[StepStatus]):
    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        at = now

        super().__init__(
            [
                Column(
                    "State",
                    lambda s: badge(s, at()).label,
                    badge=lambda s: badge(s, at()),
                    ticks=True,
                ),
                Column("Phase", lambda s: s.phase.title),
                Column(
                    "Step",
                    lambda s: s.step.title,
                    tooltip=lambda s: s.step.detail or s.step.title,
                ),
                Column("Owner", lambda s: s.step.owner),
                Column("Due", lambda s: due_text(s, at()), ticks=True),
                Column("Leads to", links_text),
                Column("Done", lambda s: done_text(s, at()), tooltip=lambda s: s.note),
            ],
            parent,
        )

    def set_run(self, view: RunView | None) -> None:
        self.set_rows(view.steps if view else [])
