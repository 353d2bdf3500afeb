"""The stakeholder matrix: every group against every channel, coloured by how long since
it was last told anything there, with the group's overall status and what is due next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from crisisdesk import cadence
from crisisdesk.cadence import Freshness
from crisisdesk.vocabulary import CHANNEL_LABELS, CHANNELS
from ui import palette, timefmt

if TYPE_CHECKING:
    from crisisdesk.stakeholders import StakeholderState

Index = QModelIndex | QPersistentModelIndex
SHORT_CHANNEL = {
    "status_page": "Status page",
    "email": "Email",
    "sms": "SMS",
    "phone": "Phone",
    "intranet": "Intranet",
    "press_release": "Press",
    "regulator_portal": "Regulator",
    "social": "Social",
}
HEADERS = (
    "Status", "Group", *(SHORT_CHANNEL[c] for c in CHANNELS),
    "Last update", "Next due", "Cadence", "Owner", "Last message",
)  # fmt: skip
STATUS, GROUP = 0, 1
FIRST_CHANNEL = 2
LAST, NEXT, CADENCE, OWNER, MESSAGE = range(FIRST_CHANNEL + len(CHANNELS), len(HEADERS))
UNUSED = QBrush(QColor("#EEF0F2"))
TICKING = (STATUS, *range(FIRST_CHANNEL, FIRST_CHANNEL + len(CHANNELS)), LAST, NEXT)


def cadence_text(minutes: int | None) -> str:
    if minutes is None:
        return "on demand"
    if minutes < 120 or minutes % 60:
        return f"every {minutes} min"
    return f"every {minutes // 60} h"


class MatrixModel(QAbstractTableModel):
    """Rows are groups. Statuses are worked out from the groups held and the clock, so a
    tick repaints without reading the database again."""

    def __init__(self, now: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._now = now
        self._groups: list[StakeholderState] = []
        self._started_at: datetime | None = None
        self.due_soon_fraction = cadence.DUE_SOON_FRACTION

    def set_groups(self, groups: list[StakeholderState], started_at: datetime) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self._started_at = started_at
        self.endResetModel()

    def group(self, row: int) -> StakeholderState:
        return self._groups[row]

    def groups(self) -> list[StakeholderState]:
        return list(self._groups)

    def freshness(
        self, group: StakeholderState, now: datetime | None = None
    ) -> cadence.FreshnessState:
        last = group.last_update
        moment = now or self._now()
        return cadence.freshness(
            now=moment,
            incident_started_at=self._started_at or moment,
            last_update_at=last.sent_at if last else None,
            cadence=group.cadence,
            promised_next_at=last.promised_next_at if last else None,
            active=group.active,
            due_soon_fraction=self.due_soon_fraction,
        )

    def statuses(self, now: datetime) -> dict[str, Freshness]:
        return {g.id: self.freshness(g, now).status for g in self._groups}

    def tick(self) -> None:
        if self._groups:
            for col in TICKING:
                self.dataChanged.emit(self.index(0, col), self.index(len(self._groups) - 1, col))

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._groups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and FIRST_CHANNEL <= section < LAST:
            channel = CHANNELS[section - FIRST_CHANNEL]
            return f"Time since the last update by {CHANNEL_LABELS[channel]}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._groups):
            return None
        col = index.column()
        if not 0 <= col < len(HEADERS):
            return None
        group = self._groups[index.row()]
        if FIRST_CHANNEL <= col < LAST:
            return self._channel(group, CHANNELS[col - FIRST_CHANNEL], role)
        if col == STATUS:
            badge = palette.FRESHNESS[self.freshness(group).status]
            return self._badge(badge, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(group, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(group, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft).value)
        return None

    @staticmethod
    def _badge(badge: palette.Badge, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return badge.label
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(badge.colour))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(badge.text_colour))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter.value)
        return None

    def _channel(self, group: StakeholderState, channel: str, role: int) -> Any:
        used = channel in group.channels
        last = group.last_by_channel.get(channel)
        if not used and last is None:
            return UNUSED if role == Qt.ItemDataRole.BackgroundRole else None
        now = self._now()
        if last is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "nothing yet"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Nothing sent to {group.name} by {CHANNEL_LABELS[channel]} yet"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter.value)
            return None
        status = cadence.channel_freshness(
            now=now, last_on_channel=last.sent_at, cadence=group.cadence,
            due_soon_fraction=self.due_soon_fraction,
        )  # fmt: skip
        badge = palette.FRESHNESS[status or Freshness.ON_DEMAND]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{badge.glyph} {timefmt.ago(now - last.sent_at)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{CHANNEL_LABELS[channel]}: last sent {timefmt.day_clock(last.sent_at, now)} "
                f"by {last.author} ({badge.word.lower()})\n{last.summary}"
            )
        return self._badge(badge, role) if role != Qt.ItemDataRole.DisplayRole else None

    def _text(self, group: StakeholderState, col: int) -> str:
        now = self._now()
        last = group.last_update
        if col == GROUP:
            return group.name if group.active else f"{group.name} (retired)"
        if col == LAST:
            if last is None:
                return "never"
            return f"{timefmt.ago(now - last.sent_at)} ago ({timefmt.day_clock(last.sent_at, now)})"
        if col == NEXT:
            return self._next(group, now)
        if col == CADENCE:
            return cadence_text(group.cadence_minutes)
        if col == OWNER:
            return group.owner or "—"
        if col == MESSAGE:
            if last is None:
                return ""
            return f"{CHANNEL_LABELS.get(last.channel, last.channel)}: {last.summary}"
        return ""

    def _next(self, group: StakeholderState, now: datetime) -> str:
        state = self.freshness(group, now)
        if state.next_due is None:
            return "—"
        left = state.next_due - now
        if state.broken_promise is not None:
            return f"promised {timefmt.clock(state.broken_promise)}, now {timefmt.clock(now)}"
        if left <= timedelta(0):
            return f"overdue by {timefmt.ago(-left)}"
        return f"in {timefmt.ago(left)} ({timefmt.clock(state.next_due)})"

    def _tip(self, group: StakeholderState, col: int) -> str:
        if col == MESSAGE and group.last_update is not None:
            return group.last_update.summary
        if col == GROUP:
            channels = ", ".join(CHANNEL_LABELS[c] for c in group.channels) or "none set"
            return f"{group.name}: {group.profile} audience · channels: {channels}"
        return ""
