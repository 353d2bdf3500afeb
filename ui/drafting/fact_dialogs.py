"""Forms for one fact: add or correct it, retract it with a reason, and its history.

Problems are said inside the form, under the fields, in the core's own words; the form
stays open until they are fixed or it is cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.facts import (
    FactError,
    check_key,
    check_reason,
    check_statement,
    key_label,
    normalise_key,
)
from ui import palette, theme, timefmt
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

if TYPE_CHECKING:
    from crisisdesk.facts import FactState, FactVersion

STATUSES_TO_CHOOSE = ("unconfirmed", "confirmed")  # retracting asks why: see RetractDialog


def _sentence(err: FactError) -> str:
    text = str(err)
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


class _Form(QDialog):
    def __init__(self, title: str, intro: str, ok: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        heading = QLabel(title)
        heading.setObjectName("paneTitle")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        theme.styled(heading, self.error)

    def problem(self) -> str:
        return ""

    def _try_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(f"▲ {problem}")
            self.error.show()
            return
        self.error.hide()
        self.accept()


@dataclass(frozen=True)
class FactForm:
    key: str
    statement: str
    value: str
    status: str
    source: str


class FactDialog(_Form):
    """A new fact, or a correction of one (its key stays: it names the fact)."""

    def __init__(
        self,
        fact: FactState | None = None,
        *,
        taken: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        correcting = fact is not None
        super().__init__(
            "Correct a fact" if correcting else "Add a fact",
            "The earlier version stays in the record; this becomes the fact as it stands."
            if correcting
            else "State what is known and where it comes from. Every audience's message "
            "quotes the sheet.",
            "Record correction" if correcting else "Add fact",
            parent,
        )
        self.fact = fact
        self.taken = set(taken)
        self.key = QLineEdit(key_label(fact.key) if fact else "")
        self.key.setObjectName("factKey")
        self.key.setPlaceholderText("e.g. Records exposed")
        self.key.setReadOnly(correcting)
        self.key_hint = QLabel()
        self.key_hint.setObjectName("paneHint")
        self.key.textChanged.connect(self._show_key)
        self.statement = QPlainTextEdit(fact.statement if fact else "")
        self.statement.setObjectName("factStatement")
        self.statement.setPlaceholderText(
            "What exactly is known, in a sentence any audience could be told"
        )
        self.statement.setTabChangesFocus(True)
        self.statement.setMaximumHeight(96)
        self.value = QLineEdit(fact.value if fact else "")
        self.value.setObjectName("factValue")
        self.value.setPlaceholderText("The figure or short answer, e.g. about 1,000,000")
        self.status = QComboBox()
        self.status.setObjectName("factStatus")
        choices = list(STATUSES_TO_CHOOSE)
        if fact is not None and fact.status not in choices:
            choices.append(fact.status)  # a retracted fact stays so unless reinstated
        for status in choices:
            self.status.addItem(palette.FACT_STATUS[status].label, status)
        self.status.setCurrentIndex(choices.index(fact.status if fact else "unconfirmed"))
        self.source = QLineEdit(fact.source if fact else "")
        self.source.setObjectName("factSource")
        self.source.setPlaceholderText("Who or what says so, e.g. data team, deduplicated count")
        self.form.addRow("Key", self.key)
        self.form.addRow("", self.key_hint)
        self.form.addRow("Statement", self.statement)
        self.form.addRow("Value", self.value)
        self.form.addRow("Status", self.status)
        self.form.addRow("Source", self.source)
        theme.styled(self.key_hint)
        self._show_key(self.key.text())
        (self.statement if correcting else self.key).setFocus()

    def _show_key(self, text: str) -> None:
        key = normalise_key(text)
        self.key_hint.setText(f"Kept as {key}" if key and self.fact is None else "")
        self.key_hint.setVisible(bool(self.key_hint.text()))

    def problem(self) -> str:
        try:
            if self.fact is None:
                check_key(self.key.text(), self.taken)
            check_statement(self.statement.toPlainText())
        except FactError as err:
            return _sentence(err)
        if self.fact is not None and self._unchanged(self.fact):
            return "Nothing was changed: change the statement, value, source or status, or Cancel."
        return ""

    def _unchanged(self, fact: FactState) -> bool:
        form = self.form_data()
        return (form.statement, form.value, form.status, form.source) == (
            fact.statement, fact.value, fact.status, fact.source,
        )  # fmt: skip

    def form_data(self) -> FactForm:
        return FactForm(
            key=self.fact.key if self.fact else normalise_key(self.key.text()),
            statement=self.statement.toPlainText().strip(),
            value=self.value.text().strip(),
            status=str(self.status.currentData()),
            source=self.source.text().strip(),
        )


class RetractDialog(_Form):
    """Why a fact is withdrawn: required, and kept on the timeline."""

    def __init__(self, fact: FactState, parent: QWidget | None = None) -> None:
        what = f"{fact.label} = {fact.value}" if fact.value else fact.label
        super().__init__(
            "Retract a fact",
            f"“{what}” stays on the sheet, marked retracted, and messages must no longer "
            "quote it. Say why it is withdrawn: the reason goes on the timeline.",
            "Retract fact",
            parent,
        )
        self.reason = QLineEdit()
        self.reason.setObjectName("factReason")
        self.reason.setPlaceholderText("e.g. rows were double-counted; recount under way")
        self.form.addRow("Reason", self.reason)
        self.reason.setFocus()

    def problem(self) -> str:
        try:
            check_reason(self.reason.text())
        except FactError as err:
            return _sentence(err)
        return ""

    def reason_text(self) -> str:
        return " ".join(self.reason.text().split())


@dataclass(frozen=True)
class VersionRow:
    number: int
    current: bool
    version: FactVersion


def _by(row: VersionRow) -> str:
    role = f" ({row.version.author_role})" if row.version.author_role else ""
    return f"{row.version.author}{role}"


class FactHistoryDialog(QDialog):
    """Every version of one fact, oldest first, read-only."""

    def __init__(
        self, fact_label: str, versions: list[FactVersion], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of the fact: {fact_label}")
        self.resize(1100, 440)
        heading = QLabel(f"History of “{fact_label}”")
        heading.setObjectName("paneTitle")
        hint = QLabel(
            f"{len(versions)} version{'s' if len(versions) != 1 else ''}, oldest first. "
            "Nothing is overwritten: each change is a new version."
        )
        hint.setObjectName("paneHint")
        hint.setWordWrap(True)
        self.model: RecordTableModel[VersionRow] = RecordTableModel(
            [
                Column(
                    "Status",
                    lambda r: palette.FACT_STATUS[r.version.status].label,
                    badge=lambda r: palette.FACT_STATUS[r.version.status],
                ),
                Column("Version", lambda r: f"{r.number}{' (current)' if r.current else ''}"),
                Column(
                    "Recorded",
                    lambda r: timefmt.day_month_hms(r.version.created_at),
                    tooltip=lambda r: timefmt.utc(r.version.created_at),
                ),
                Column("By", _by, tooltip=lambda r: f"desk {r.version.desk_id[:8]}"),
                Column("Value", lambda r: r.version.value),
                Column("Source", lambda r: r.version.source),
                Column(
                    "Statement",
                    lambda r: r.version.statement,
                    tooltip=lambda r: r.version.statement,
                ),
            ],
            self,
        )
        self.model.set_rows(
            [VersionRow(n, n == len(versions), v) for n, v in enumerate(versions, 1)]
        )
        self.table = status_table("factHistoryTable", self.model)
        # Source and statement share the room left and wrap, so every column stays in view.
        header = self.table.horizontalHeader()
        last = self.model.columnCount() - 1
        header.setSectionResizeMode(last - 1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        theme.styled(heading, hint)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # now that the wrapped columns have their width
