"""Small forms: who is at the desk, a new incident, a passphrase."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.identity import ROLES
from crisisdesk.unlock import MIN_PASSPHRASE, TRIES, passphrase_problem
from crisisdesk.vocabulary import SEVERITIES
from ui import palette, theme


class FormDialog(QDialog):
    """A titled form with an inline problem line: OK only closes it once the form is right."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        theme.styled(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        heading = QLabel(title)
        heading.setObjectName("paneTitle")
        theme.styled(heading)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _problem(self) -> str:
        return ""

    def _try_accept(self) -> None:
        problem = self._problem()
        if problem:
            self.error.setText(f"▲ {problem}")
            self.error.show()
            return
        self.accept()


class PersonDialog(FormDialog):
    """Asks for the name and role stamped on every record made at this desk."""

    def __init__(self, name: str = "", role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(
            "Who is at this desk?",
            "Everything you record carries your name and role, so the review can tell who "
            "knew what and when.",
            parent,
        )
        self.name = QLineEdit(name)
        self.name.setObjectName("personName")
        self.name.setPlaceholderText("e.g. Priya Shah")
        self.role = QComboBox()
        self.role.setObjectName("personRole")
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        self.role.setCurrentText(role or ROLES[0])
        self.form.addRow("Your name", self.name)
        self.form.addRow("Your role", self.role)
        self.name.setFocus()

    def _problem(self) -> str:
        if not self.name.text().strip():
            return "Enter your name: it is stamped on everything you record."
        return ""


class NewIncidentDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Start an incident",
            "You can change any of this later; every change is kept as a revision.",
            parent,
        )
        self.title = QLineEdit()
        self.title.setObjectName("incidentTitleEdit")
        self.title.setPlaceholderText("e.g. Customer database exposed")
        self.severity = QComboBox()
        self.severity.setObjectName("incidentSeverity")
        for key in SEVERITIES:
            self.severity.addItem(palette.SEVERITY[key].label, key)
        self.severity.setCurrentIndex(SEVERITIES.index("high"))
        self.started = QDateTimeEdit(QDateTime.currentDateTime())
        self.started.setObjectName("incidentStarted")
        self.started.setCalendarPopup(True)
        self.started.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.description = QPlainTextEdit()
        self.description.setObjectName("incidentDescription")
        self.description.setPlaceholderText("What is known so far, in a sentence or two")
        self.description.setMaximumHeight(90)
        self.form.addRow("Title", self.title)
        self.title.setFocus()
        self.form.addRow("Severity", self.severity)
        self.form.addRow("Started (local time)", self.started)
        self.form.addRow("Description", self.description)

    def _problem(self) -> str:
        if not self.title.text().strip():
            return "Give the incident a short title."
        if self.started_at() > datetime.now(UTC):
            return "The start time is in the future."
        return ""

    def started_at(self) -> datetime:
        return datetime.fromtimestamp(self.started.dateTime().toSecsSinceEpoch(), UTC)


class PassphraseDialog(FormDialog):
    """Asks for the passphrase (or recovery key) of an encrypted database, or chooses a new
    passphrase: typed hidden, twice for a new one, with every problem said in the form."""

    def __init__(
        self, reason: str, attempt: int, *, new: bool, parent: QWidget | None = None
    ) -> None:
        title = "Choose a passphrase" if new else f"Passphrase (try {attempt} of {TRIES})"
        super().__init__(title, reason, parent)
        self.new = new
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("passphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal = QCheckBox("Show what I type")
        self.reveal.toggled.connect(self._reveal)
        self.form.addRow("New passphrase" if new else "Passphrase", self.passphrase)
        if new:
            self.passphrase.setPlaceholderText(f"at least {MIN_PASSPHRASE} characters")
            self.form.addRow("Type it again", self.again)
        self.form.addRow("", self.reveal)
        self.passphrase.setFocus()

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in (self.passphrase, self.again):
            field.setEchoMode(mode)

    def _problem(self) -> str:
        typed = self.passphrase.text()
        if not typed:
            return "Type the passphrase first." if not self.new else "Choose a passphrase."
        if not self.new:
            return ""
        problem = passphrase_problem(typed)
        if problem:
            return problem[:1].upper() + problem[1:]
        if not self.again.text():
            self.again.setFocus()
            return "Type the same passphrase again in the second box."
        if self.again.text() != typed:
            self.again.clear()
            self.again.setFocus()
            return "The two passphrases differ: type it again in the second box."
        return ""
