"""One step at a time, big enough to read under stress: what to do, who does it, what it
leads to, and three big answers (Done, Skip, Not applicable), all from the keyboard."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.checklists import RunView, StepStatus
from ui import palette, timefmt
from ui.checklists.steps_model import STATE, badge, done_text

TITLE_PX = 34
DETAIL_PX = 21
META_PX = 17
BUTTON_PX = 20


def _label(name: str, px: int, *, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    weight = "700" if bold else "400"
    label.setStyleSheet(f"font-size: {px}px; font-weight: {weight};")
    return label


def _button(text: str, name: str, colour: str, text_colour: str = "#FFFFFF") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setMinimumHeight(64)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setStyleSheet(
        f"QPushButton {{ background: {colour}; color: {text_colour}; font-size: {BUTTON_PX}px;"
        " font-weight: 700; border-radius: 8px; padding: 8px 16px; }"
        " QPushButton:disabled { background: #D9DDE2; color: #7B8794; }"
        " QPushButton:focus { border: 3px solid #1F2933; }"
    )
    return button


class Walkthrough(QWidget):
    """Emits what the person answered; the pane records it and shows the next step."""

    answered = Signal(str, str)  # step id, state ("done", "skipped", "not_applicable", ...)
    skip_requested = Signal(str)  # step id: the pane asks why
    follow = Signal(str, str)  # "stakeholder" | "template" | "clock", the id it names
    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkthrough")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view: RunView | None = None
        self.index = 0
        self.now = datetime.min
        self.position = _label("walkPosition", META_PX)
        self.state = _label("walkState", META_PX, bold=True)
        self.title = _label("walkTitle", TITLE_PX, bold=True)
        self.detail = _label("walkDetail", DETAIL_PX)
        self.owner = _label("walkOwner", META_PX, bold=True)
        self.due = _label("walkDue", META_PX, bold=True)
        self.waiting = _label("walkWaiting", META_PX)
        self.links_row = QHBoxLayout()
        self.link_buttons: list[QPushButton] = []
        self.summary = _label("walkSummary", DETAIL_PX)
        self.summary.setStyleSheet(
            f"font-size: {DETAIL_PX}px; background: #E3F4EC; border: 2px solid {palette.GREEN};"
            " border-radius: 8px; padding: 12px;"
        )
        self.summary.hide()

        self.done = _button("✔ Done  (Enter)", "walkDone", palette.GREEN)
        self.skip = _button("↷ Skip…  (S)", "walkSkip", palette.PURPLE, "#000000")
        self.not_applicable = _button("– Not applicable  (N)", "walkNA", palette.SKY, "#000000")
        self.reopen = _button("↺ Reopen  (R)", "walkReopen", palette.ORANGE, "#000000")
        self.previous = QPushButton("← Previous")
        self.previous.setObjectName("walkPrevious")
        self.next = QPushButton("Next →")
        self.next.setObjectName("walkNext")
        self.back = QPushButton("Back to the list  (Esc)")
        self.back.setObjectName("walkBack")
        for small in (self.previous, self.next, self.back):
            small.setMinimumHeight(40)
            small.setStyleSheet(f"font-size: {META_PX}px;")
        self.done.clicked.connect(lambda: self._answer("done"))
        self.skip.clicked.connect(self._ask_skip)
        self.not_applicable.clicked.connect(lambda: self._answer("not_applicable"))
        self.reopen.clicked.connect(lambda: self._answer("reopened"))
        self.previous.clicked.connect(lambda: self.step_by(-1))
        self.next.clicked.connect(lambda: self.step_by(1))
        self.back.clicked.connect(self.leave.emit)

        answers = QHBoxLayout()
        for button in (self.done, self.skip, self.not_applicable, self.reopen):
            answers.addWidget(button)
        moves = QHBoxLayout()
        moves.addWidget(self.previous)
        moves.addWidget(self.next)
        moves.addStretch(1)
        moves.addWidget(self.back)
        top = QHBoxLayout()
        top.addWidget(self.position, 1)
        top.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.owner)
        layout.addWidget(self.due)
        layout.addWidget(self.waiting)
        layout.addLayout(self.links_row)
        layout.addStretch(1)
        layout.addWidget(self.summary)
        layout.addLayout(answers)
        layout.addLayout(moves)

    # --- showing ------------------------------------------------------------------------------
    def show_run(self, view: RunView, index: int, now: datetime) -> None:
        self.view = view
        self.now = now
        self.index = max(0, min(index, len(view.steps) - 1))
        self._show()

    def current(self) -> StepStatus | None:
        return self.view.steps[self.index] if self.view and self.view.steps else None

    def _show(self) -> None:
        status = self.current()
        if status is None or self.view is None:
            return
        phases = [p.phase.id for p in self.view.phases()]
        phase_no = phases.index(status.phase.id) + 1
        self.position.setText(
            f"{self.view.title} · phase {phase_no} of {len(phases)}: {status.phase.title} · "
            f"step {self.index + 1} of {len(self.view.steps)} · "
            f"{self.view.finished} of {self.view.total} finished"
        )
        mark = badge(status, self.now)
        self.state.setText(mark.label)
        self.state.setStyleSheet(palette.chip_style(mark, size_px=META_PX))
        self.title.setText(status.step.title)
        self.detail.setText(status.step.detail)
        self.detail.setVisible(bool(status.step.detail))
        self.owner.setText(f"Who: {status.step.owner}" if status.step.owner else "Who: anyone")
        due = ""
        if status.due_at is not None:
            due = f"Due {timefmt.day_clock(status.due_at, self.now)}"
            if status.overdue(self.now):
                due = f"▲ OVERDUE by {timefmt.ago(self.now - status.due_at)} (was due " + (
                    f"{timefmt.day_clock(status.due_at, self.now)})"
                )
        elif status.step.due is not None and status.step.due.since == "awareness":
            due = f"Due {status.step.due.after} after the awareness moment (not set yet)"
        if not status.applies:
            due = "Does not apply: none of " + ", ".join(status.step.when) + " is ticked"
        if status.state != "todo" and status.at is not None:
            due = (
                (due + "\n" if due else "")
                + f"{STATE[status.state].word}: "
                + done_text(status, self.now)
            )
        self.due.setText(due)
        self.due.setVisible(bool(due))
        self.waiting.setText(
            "Comes after: " + ", ".join(status.waiting_for) if status.waiting_for else ""
        )
        self.waiting.setVisible(bool(status.waiting_for))
        self._show_links(status)
        open_ = status.is_open
        for button in (self.done, self.skip, self.not_applicable):
            button.setEnabled(open_)
        self.reopen.setVisible(not open_ and status.applies)
        self.previous.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < len(self.view.steps) - 1)

    def _show_links(self, status: StepStatus) -> None:
        for button in self.link_buttons:
            self.links_row.removeWidget(button)
            button.deleteLater()
        self.link_buttons = []
        links = status.step.links
        wanted = []
        if links.template:
            wanted.append(
                ("template", links.template, f"✎ Open the {_words(links.template)} draft")
            )
        if links.stakeholder:
            wanted.append(
                ("stakeholder", links.stakeholder, f"✉ Update {_words(links.stakeholder)}")
            )
        if links.clock:
            wanted.append(("clock", links.clock, f"◷ Show the {links.clock} clock"))
        for kind, value, text in wanted:
            button = QPushButton(text)
            button.setObjectName(f"walkLink_{kind}")
            button.setMinimumHeight(44)
            button.setStyleSheet(f"font-size: {META_PX}px; font-weight: 600;")
            button.clicked.connect(lambda _=False, k=kind, v=value: self.follow.emit(k, v))
            self.links_row.addWidget(button)
            self.link_buttons.append(button)

    def show_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    # --- answering ----------------------------------------------------------------------------
    def step_by(self, delta: int) -> None:
        if self.view is None:
            return
        self.index = max(0, min(self.index + delta, len(self.view.steps) - 1))
        self.show_summary("")
        self._show()

    def _answer(self, state: str) -> None:
        status = self.current()
        if status is not None:
            self.answered.emit(status.step.id, state)

    def _ask_skip(self) -> None:
        status = self.current()
        if status is not None and status.is_open:
            self.skip_requested.emit(status.step.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        status = self.current()
        open_ = status is not None and status.is_open
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.summary.isHidden():
                self.show_summary("")
            elif open_:
                self._answer("done")
        elif key == Qt.Key.Key_S and open_:
            self._ask_skip()
        elif key == Qt.Key.Key_N and open_:
            self._answer("not_applicable")
        elif key == Qt.Key.Key_R and status is not None and not open_ and status.applies:
            self._answer("reopened")
        elif key == Qt.Key.Key_Left:
            self.step_by(-1)
        elif key == Qt.Key.Key_Right:
            self.step_by(1)
        elif key == Qt.Key.Key_Escape:
            self.leave.emit()
        else:
            super().keyPressEvent(event)


def _words(identifier: str) -> str:
    return identifier.replace("_", " ").replace("-", " ")
