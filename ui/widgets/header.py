"""The band across the top: which incident, how bad, how long it has run."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout

from ui import palette, timefmt

if TYPE_CHECKING:
    from crisisdesk.incidents import IncidentState


# A QFrame, so the style sheet paints its band without Qt.WidgetAttribute: reaching the Qt
# namespace builds all of its enums (about 30 ms) before the window's first paint.
class IncidentHeader(QFrame):
    incident_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("incidentHeader")
        self.title = QLabel()
        self.title.setObjectName("incidentTitle")
        self.severity = QLabel()
        self.severity.setObjectName("severityChip")
        self.status = QLabel()
        self.status.setObjectName("statusChip")
        self.demo = QLabel("DEMO DATA · fictional incident")
        self.demo.setObjectName("demoBadge")
        self.demo.setStyleSheet(
            palette.chip_style(palette.Badge(palette.PURPLE, "", ""), size_px=12)
        )
        self.demo.hide()
        self.elapsed = QLabel()
        self.elapsed.setObjectName("elapsed")
        self.elapsed.setToolTip("Time since the incident started")
        self.aware = QLabel()
        self.aware.setObjectName("awareAt")
        self.switcher = QComboBox()
        self.switcher.setObjectName("incidentSwitcher")
        self.switcher.setToolTip("Switch incident (Ctrl+K)")
        self.switcher.setMinimumWidth(260)
        self.switcher.activated.connect(self._chosen)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.demo)
        top.addWidget(self.switcher)
        chips = QHBoxLayout()
        chips.addWidget(self.severity)
        chips.addWidget(self.status)
        chips.addSpacing(16)
        chips.addWidget(self.elapsed)
        chips.addSpacing(16)
        chips.addWidget(self.aware)
        chips.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addLayout(chips)
        self._state: IncidentState | None = None

    def set_incidents(self, incidents: list[IncidentState], current: str | None) -> None:
        self.switcher.blockSignals(True)
        self.switcher.clear()
        for inc in incidents:
            badge = palette.INCIDENT_STATUS[inc.status]
            self.switcher.addItem(f"{badge.glyph} {inc.title}  ({badge.word.lower()})", inc.id)
        if current is not None:
            self.switcher.setCurrentIndex(max(self.switcher.findData(current), 0))
        self.switcher.blockSignals(False)

    def _chosen(self, index: int) -> None:
        incident_id = self.switcher.itemData(index)
        if incident_id and (self._state is None or incident_id != self._state.id):
            self.incident_chosen.emit(str(incident_id))

    def show_incident(self, state: IncidentState, now: datetime) -> None:
        self._state = state
        self.title.setText(state.title)
        self.title.setToolTip(state.description)
        sev = palette.SEVERITY[state.severity]
        self.severity.setText(sev.label)
        self.severity.setStyleSheet(palette.chip_style(sev))
        self.severity.setToolTip("Severity")
        status = palette.INCIDENT_STATUS[state.status]
        self.status.setText(status.label)
        self.status.setStyleSheet(palette.chip_style(status))
        self.status.setToolTip("Incident status")
        if state.aware_at is not None:
            self.aware.setText(
                f"Aware since {timefmt.day_clock(state.aware_at, now)} "
                f"(T+{timefmt.elapsed(state.aware_at - state.started_at)})"
            )
            self.aware.setToolTip(
                f"Awareness recorded at {timefmt.utc(state.aware_at)}: "
                "regulatory clocks run from here"
            )
        else:
            self.aware.setText("Awareness not yet recorded")
            self.aware.setToolTip("Mark the awareness moment to start the regulatory clocks")
        self.tick(now)

    def tick(self, now: datetime) -> None:
        if self._state is None:
            return
        started = timefmt.day_clock(self._state.started_at, now)
        self.elapsed.setText(f"T+{timefmt.elapsed(now - self._state.started_at)}  since {started}")
