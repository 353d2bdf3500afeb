"""Stakeholder groups with how long since each was last told anything."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from crisisdesk import cadence
from crisisdesk.clock import Clock
from crisisdesk.vocabulary import CHANNEL_LABELS
from ui import palette, theme, timefmt
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

if TYPE_CHECKING:
    from crisisdesk.stakeholders import StakeholderState


def _whole(duration: str) -> str:
    """A duration that wraps as one word ("1 h 00 min" never ends a line at "00")."""
    return duration.replace(" ", "\u00a0")


ROW_GAP = 8  # pixels between one group's lines and the next group's


class StakeholderPane(QWidget):
    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.started_at: datetime | None = None
        self.due_soon_fraction = cadence.DUE_SOON_FRACTION
        self.model: RecordTableModel[StakeholderState] = RecordTableModel(self._columns(), self)
        self.table = status_table("stakeholderTable", self.model)
        hint = QLabel(
            "Status compares the time since each group's last update with the cadence "
            "promised to it."
        )
        hint.setObjectName("paneHint")
        theme.styled(hint)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Row heights follow the wrapped text, which follows the width the pane gets.
        super().resizeEvent(event)
        self._fit_rows()

    def set_groups(self, groups: list[StakeholderState], started_at: datetime | None) -> None:
        self.started_at = started_at
        self.model.set_rows(groups)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Each row as tall as its text, and a little more: two-line rows packed to their
        text ran into each other at a glance."""
        self.table.resizeRowsToContents()
        for row in range(self.model.rowCount()):
            self.table.setRowHeight(row, self.table.rowHeight(row) + ROW_GAP)

    def freshness(self, group: StakeholderState) -> cadence.FreshnessState:
        last = group.last_update
        return cadence.freshness(
            now=self.clock.now(),
            incident_started_at=self.started_at or self.clock.now(),
            last_update_at=last.sent_at if last else None,
            cadence=group.cadence,
            promised_next_at=last.promised_next_at if last else None,
            active=group.active,
            due_soon_fraction=self.due_soon_fraction,
        )

    def _badge(self, group: StakeholderState) -> palette.Badge:
        return palette.FRESHNESS[self.freshness(group).status]

    def _last(self, group: StakeholderState) -> str:
        last = group.last_update
        if last is None:
            return "—"
        now = self.clock.now()
        # Two short lines rather than one long one: the side pane is narrow on a laptop.
        return f"{_whole(timefmt.ago(now - last.sent_at))}\n{timefmt.day_clock(last.sent_at, now)}"

    def _next(self, group: StakeholderState) -> str:
        state = self.freshness(group)
        if state.next_due is None:
            return "—"
        left = state.next_due - self.clock.now()
        if left <= timedelta(0):
            text = f"OVERDUE {_whole(timefmt.ago(-left))}"
            if state.broken_promise is not None:
                text += f"\npromised {timefmt.clock(state.broken_promise)}"
            return text
        return f"in {_whole(timefmt.ago(left))}\nat {timefmt.clock(state.next_due)}"

    def _columns(self) -> list[Column[StakeholderState]]:
        def cadence_text(g: StakeholderState) -> str:
            if g.cadence is None:
                return "on demand"
            minutes = int(g.cadence.total_seconds() // 60)
            return f"every {minutes} min" if minutes < 120 else f"every {minutes // 60} h"

        def last_message(g: StakeholderState) -> str:
            last = g.last_update
            return (
                f"{CHANNEL_LABELS.get(last.channel, last.channel)}: {last.summary}" if last else ""
            )

        def details(g: StakeholderState) -> str:
            channels = ", ".join(CHANNEL_LABELS.get(c, c) for c in g.channels) or "none set"
            return (
                f"{g.name}\nOwner: {g.owner or 'not assigned'}\nCadence: {cadence_text(g)}"
                f"\nChannels: {channels}\nLast: {last_message(g) or 'nothing sent yet'}"
            )

        return [
            Column(
                "Status",
                lambda g: self._badge(g).label,
                badge=self._badge,
                ticks=True,
                align=Qt.AlignmentFlag.AlignCenter,
            ),
            Column("Group", lambda g: g.name, tooltip=details),
            Column("Since update", self._last, tooltip=last_message, ticks=True),
            Column("Next due", self._next, tooltip=cadence_text, ticks=True),
        ]
