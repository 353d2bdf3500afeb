"""Logging an update that was sent, and editing a stakeholder group."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.stakeholders import MAX_CADENCE, MIN_CADENCE
from crisisdesk.vocabulary import CHANNEL_LABELS, CHANNELS
from ui import theme, timefmt

if TYPE_CHECKING:
    from crisisdesk.stakeholders import StakeholderState


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        heading = QLabel(title)
        heading.setObjectName("paneTitle")
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        theme.styled(heading, self.error)

    def problem(self) -> str:
        return ""

    def say(self, problem: str) -> None:
        self.error.setText(f"▲ {problem}")
        self.error.show()

    def _try_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.say(problem)
            return
        self.accept()


@dataclass(frozen=True)
class UpdateForm:
    stakeholder_id: str
    channel: str
    summary: str
    sent_at: datetime
    promised_next_at: datetime | None
    meets: list[str]


class LogUpdateDialog(_Form):
    """What was sent, to whom, by which channel, and when the next update was promised."""

    def __init__(
        self,
        groups: list[StakeholderState],
        chosen: str | None,
        now: datetime,
        find_promise: Callable[..., Any] | None = None,
        parent: QWidget | None = None,
        open_notices: Sequence[tuple[str, str]] = (),
        *,
        title: str = "Log an update that was sent",
        promise_source: str = "",
    ) -> None:
        super().__init__(title, parent)
        # The whole message, when the update is a draft going out: its promise counts too.
        self._promise_source = promise_source
        self.now = now
        self.ok.setText("Log update")
        self.group = QComboBox()
        self.group.setObjectName("updateGroup")
        for g in groups:
            if g.active:
                self.group.addItem(g.name, g.id)
        self._groups = {g.id: g for g in groups}
        if chosen is not None and self.group.findData(chosen) >= 0:
            self.group.setCurrentIndex(self.group.findData(chosen))
        self.channel = QComboBox()
        self.channel.setObjectName("updateChannel")
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("updateSummary")
        self.summary.setPlaceholderText(
            "What was said, in a line: e.g. Holding statement on the status page; "
            "next update at 15:00"
        )
        self.summary.setMaximumHeight(90)
        self.sent = QDateTimeEdit(timefmt.to_qt(now))
        self.sent.setObjectName("updateSent")
        self.sent.setDisplayFormat("ddd d MMM  HH:mm")
        self.sent.setCalendarPopup(True)
        self._shown_sent = self.sent.dateTime()
        self.promise_on = QCheckBox("Next update promised by")
        self.promise_on.setObjectName("updatePromiseOn")
        self.promise = QDateTimeEdit(timefmt.to_qt(now))
        self.promise.setObjectName("updatePromise")
        self.promise.setDisplayFormat("ddd d MMM  HH:mm")
        self.promise.setEnabled(False)
        self.promise_on.toggled.connect(self.promise.setEnabled)
        self.recognised = QLabel()
        self.recognised.setObjectName("paneHint")
        self.recognised.setWordWrap(True)
        theme.styled(self.recognised)
        self.form.addRow("To", self.group)
        self.form.addRow("By", self.channel)
        self.form.addRow("What was sent", self.summary)
        self.form.addRow("Sent at (local)", self.sent)
        self.form.addRow(self.promise_on, self.promise)
        self.form.addRow("", self.recognised)
        # A notice to a regulator may be what a legal clock is waiting for.
        self.fulfils: dict[str, QCheckBox] = {}
        for key, label in open_notices:
            box = QCheckBox(label)
            box.setObjectName(f"fulfils_{key}")
            self.fulfils[key] = box
            self.form.addRow("Fulfils" if len(self.fulfils) == 1 else "", box)
        self._find = find_promise
        self._confirmed_future = False
        self.group.currentIndexChanged.connect(self._fill_channels)
        self.summary.textChanged.connect(self._read_promise)
        self._fill_channels()
        self.summary.setFocus()

    def _fill_channels(self) -> None:
        group = self._groups.get(str(self.group.currentData()))
        self.channel.clear()
        preferred = list(group.channels) if group else []
        for channel in [*preferred, *(c for c in CHANNELS if c not in preferred)]:
            self.channel.addItem(CHANNEL_LABELS[channel], channel)

    def _read_promise(self) -> None:
        """A promise in the text ("next update at 15:00") fills in the promised time."""
        if self._find is None:
            return
        text = f"{self.summary.toPlainText()}\n{self._promise_source}"
        found = self._find(text, sent_at=self.sent_at())
        if found is None:
            self.recognised.setText("")
            return
        self.promise_on.setChecked(True)
        self.promise.setDateTime(timefmt.to_qt(found.at))
        self.recognised.setText(
            f"Recognised “{found.phrase}”: next update promised by "
            f"{timefmt.day_clock(found.at, self.now)}"
        )

    def problem(self) -> str:
        if not self.summary.toPlainText().strip():
            return "Say briefly what was sent."
        sent = self.sent_at()
        if self.promise_on.isChecked() and timefmt.from_qt(self.promise.dateTime()) <= sent:
            return "The promised next update must be after this update was sent."
        if (sent - self.now).total_seconds() > 300 and not self._confirmed_future:
            self._confirmed_future = True
            return "That sending time is in the future: check it, or press Log update again."
        return ""

    def sent_at(self) -> datetime:
        """When it was sent: exactly now unless the person changed the time shown."""
        if self.sent.dateTime() == self._shown_sent:
            return self.now
        return timefmt.from_qt(self.sent.dateTime())

    def form_data(self) -> UpdateForm:
        return UpdateForm(
            stakeholder_id=str(self.group.currentData()),
            channel=str(self.channel.currentData()),
            summary=" ".join(self.summary.toPlainText().split()),
            sent_at=self.sent_at(),
            promised_next_at=timefmt.from_qt(self.promise.dateTime())
            if self.promise_on.isChecked()
            else None,
            meets=[key for key, box in self.fulfils.items() if box.isChecked()],
        )


@dataclass(frozen=True)
class GroupForm:
    name: str
    owner: str
    channels: list[str]
    cadence_minutes: int | None
    active: bool


class GroupDialog(_Form):
    """Add a stakeholder group, or change one (every change is kept as a revision)."""

    def __init__(
        self, group: StakeholderState | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Change a stakeholder group" if group else "Add a stakeholder group", parent
        )
        self.name = QLineEdit(group.name if group else "")
        self.name.setObjectName("groupName")
        self.owner = QLineEdit(group.owner if group else "")
        self.owner.setObjectName("groupOwner")
        self.owner.setPlaceholderText("Who keeps this group informed")
        self.channels: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, channel in enumerate(CHANNELS):
            box = QCheckBox(CHANNEL_LABELS[channel])
            box.setChecked(bool(group and channel in group.channels))
            self.channels[channel] = box
            grid.addWidget(box, i // 2, i % 2)
        self.cadence = QSpinBox()
        self.cadence.setObjectName("groupCadence")
        self.cadence.setRange(0, MAX_CADENCE * 10)  # out-of-range values get a clear message
        self.cadence.setSuffix(" min")
        self.cadence.setValue(group.cadence_minutes or 60 if group else 60)
        self.on_demand = QCheckBox("No fixed cadence (on demand)")
        self.on_demand.setChecked(bool(group and group.cadence is None))
        self.on_demand.toggled.connect(lambda on: self.cadence.setEnabled(not on))
        self.cadence.setEnabled(not self.on_demand.isChecked())
        self.active = QCheckBox("Active (untick to retire the group: it is kept, greyed out)")
        self.active.setChecked(group.active if group else True)
        self.form.addRow("Name", self.name)
        self.form.addRow("Owner", self.owner)
        self.form.addRow("Channels", grid)
        self.form.addRow("Update every", self.cadence)
        self.form.addRow("", self.on_demand)
        self.form.addRow("", self.active)
        self.name.setFocus()

    def problem(self) -> str:
        if not self.name.text().strip():
            return "Give the group a name."
        if (
            not self.on_demand.isChecked()
            and not MIN_CADENCE <= self.cadence.value() <= MAX_CADENCE
        ):
            return (
                f"A cadence of {self.cadence.value()} minutes is not workable: choose "
                f"{MIN_CADENCE} minutes to {MAX_CADENCE // (60 * 24)} days, or on demand."
            )
        return ""

    def form_data(self) -> GroupForm:
        return GroupForm(
            name=self.name.text(),
            owner=self.owner.text(),
            channels=[c for c, box in self.channels.items() if box.isChecked()],
            cadence_minutes=None if self.on_demand.isChecked() else self.cadence.value(),
            active=self.active.isChecked(),
        )
