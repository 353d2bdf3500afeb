"""Regulatory clocks under the matrix: each applicable notice, its deadline and time left."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.clock import Clock
from crisisdesk.deadlines import ClockState, ClockStatus
from ui import palette, theme, timefmt
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

if TYPE_CHECKING:
    from crisisdesk.deadlines import Regime


CLOCK = {  # the deadlines module loads after the first paint, so not in palette
    ClockStatus.RUNNING: palette.Badge(palette.BLUE, "◷", "Running"),
    ClockStatus.DUE_SOON: palette.Badge(palette.ORANGE, "◔", "Due soon", "#000000"),
    ClockStatus.MISSED: palette.Badge(palette.VERMILLION, "▲", "Missed"),
    ClockStatus.MET: palette.Badge(palette.GREEN, "✔", "Met"),
    ClockStatus.NOT_STARTED: palette.Badge(palette.GREY, "○", "Not started"),
    ClockStatus.NO_FIXED_DEADLINE: palette.Badge(palette.SKY, "◌", "No fixed deadline", "#000000"),
    ClockStatus.NOT_APPLICABLE: palette.Badge(palette.GREY, "–", "Not ticked"),
}


def _left(state: ClockState, now: datetime) -> str:
    if state.status is ClockStatus.MET:
        late = " (late)" if state.sent_late else ""
        return f"sent {timefmt.day_clock(state.met_at, now)}{late}" if state.met_at else "sent"
    left = state.time_left(now)
    if left is None:
        return "as soon as possible" if state.status is ClockStatus.NO_FIXED_DEADLINE else "—"
    if left <= timedelta(0):
        return f"missed by {timefmt.ago(-left)}"
    return timefmt.ago(left) + " left"


class ClocksPane(QWidget):
    choose = Signal()  # the person wants to tick which regimes apply

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.met_by: dict[str, str] = {}  # update id -> what was sent, for "Met by"
        self.model: RecordTableModel[ClockState] = RecordTableModel(
            [
                Column("Status", lambda c: CLOCK[c.status].label,
                       badge=lambda c: CLOCK[c.status], ticks=True),
                Column("Regime", lambda c: c.regime_name),
                Column("Notice", lambda c: c.stage_name),
                Column("Deadline", self._deadline, tooltip=self._deadline_utc),
                Column("Time left", lambda c: _left(c, self.clock.now()), ticks=True),
                Column("Met by", self._met, tooltip=self._met),
            ],
            self,
        )  # fmt: skip
        title = QLabel("Regulatory clocks")
        title.setObjectName("paneTitle")
        self.note = QLabel()
        self.note.setObjectName("paneHint")
        self.note.setWordWrap(True)
        theme.styled(title, self.note)
        self.regimes_button = QPushButton("Which regimes apply…")
        self.regimes_button.setObjectName("regimesButton")
        self.regimes_button.clicked.connect(lambda _checked=False: self.choose.emit())
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.note, 1)
        head.addWidget(self.regimes_button)
        self.table = status_table("clocksTable", self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)

    def _deadline(self, state: ClockState) -> str:
        if state.deadline is None:
            return "without undue delay" if state.status is not ClockStatus.NOT_STARTED else "—"
        return timefmt.day_clock(state.deadline, self.clock.now())

    @staticmethod
    def _deadline_utc(state: ClockState) -> str:
        return timefmt.utc(state.deadline) if state.deadline else ""

    def _met(self, state: ClockState) -> str:
        return self.met_by.get(state.met_by, "") if state.met_by else ""

    def show_clocks(
        self,
        states: list[ClockState],
        aware_at: datetime | None,
        met_by: dict[str, str] | None = None,
    ) -> None:
        if met_by is not None:
            self.met_by = met_by
        shown = [s for s in states if s.status is not ClockStatus.NOT_APPLICABLE]
        self.model.set_rows(shown)
        if aware_at is None:
            self.note.setText(
                "The clocks start at the awareness moment: mark it on the timeline "
                "(right-click an entry)."
            )
        elif not shown:
            self.note.setText("No regime is ticked for this incident yet.")
        else:
            self.note.setText(f"From awareness at {timefmt.utc(aware_at)}.")


# Questions a comms lead can answer in the room, and the regimes (by id prefix) that each
# answer brings into view. They only suggest: nothing is ticked for the team.
SUGGESTED = "◆ suggested — "
QUESTIONS = (
    ("Personal data of people in the UK or EU is involved", ("gdpr-",)),
    ("We provide public telecoms services (broadband, phone, mobile)", ("pecr-",)),
    ("We are an essential or important entity under NIS2", ("nis2-",)),
    ("We are a financial entity under DORA", ("dora-",)),
    ("We are listed in the US (we file with the SEC)", ("sec-",)),
    ("US health data is involved", ("hipaa",)),
    ("Residents of US states are affected", ("us-",)),
)


class RegimesDialog(QDialog):
    """Tick the regimes that apply. The app lists them and, from a few answers, suggests
    which to look at; the team decides."""

    def __init__(
        self, regimes: list[Regime], ticked: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which regimes apply to this incident?")
        self.setMinimumSize(760, 600)
        heading = QLabel("Which regimes apply to this incident?")
        heading.setObjectName("paneTitle")
        intro = QLabel(
            "Tick each regime your legal or data-protection lead says applies; its clocks "
            "then run from the awareness moment. Nothing here is decided for you."
        )
        intro.setWordWrap(True)
        theme.styled(heading)
        self.boxes: dict[str, QCheckBox] = {}
        self.answers: dict[str, QCheckBox] = {}
        inner = QWidget()
        rows = QVBoxLayout(inner)
        ask = QLabel("A few questions, to suggest which regimes to look at:")
        ask.setObjectName("paneHint")
        theme.styled(ask)
        rows.addWidget(ask)
        for question, _prefixes in QUESTIONS:
            answer = QCheckBox(question)
            answer.toggled.connect(self._suggest)
            self.answers[question] = answer
            rows.addWidget(answer)
        rows.addSpacing(10)
        for regime in regimes:
            box = QCheckBox(regime.name)
            box.setObjectName(f"regime_{regime.id}")
            box.setChecked(regime.id in ticked)
            who = (
                regime.who[:1].lower() + regime.who[1:]
                if regime.who.startswith("The ")
                else regime.who
            )
            detail = f"Notify {who}. {regime.applies_when or regime.note}".strip()
            box.setToolTip(f"{detail}\n\nSource: {regime.source}")
            self.boxes[regime.id] = box
            rows.addWidget(box)
            if detail:
                hint = QLabel(detail)
                hint.setObjectName("paneHint")
                hint.setWordWrap(True)
                hint.setContentsMargins(26, 0, 0, 6)
                theme.styled(hint)
                rows.addWidget(hint)
        rows.addStretch(1)
        self.list_area = scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def suggested(self) -> list[str]:
        prefixes = [p for q, ps in QUESTIONS if self.answers[q].isChecked() for p in ps]
        return [rid for rid in self.boxes if any(rid.startswith(p) for p in prefixes)]

    def _suggest(self) -> None:
        suggested = set(self.suggested())
        for rid, box in self.boxes.items():
            font = box.font()
            font.setBold(rid in suggested)
            box.setFont(font)
            base = box.text().removeprefix(SUGGESTED)
            box.setText(SUGGESTED + base if rid in suggested else base)

    def ticked(self) -> list[str]:
        return [rid for rid, box in self.boxes.items() if box.isChecked()]
