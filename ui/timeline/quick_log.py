"""The quick-log line: type what happened, press Enter.

"14:05 SOC confirms DDoS #detection @SOC" is read as it is typed; a hint under the
line says how, so nobody has to guess what will be recorded.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.clock import Clock
from crisisdesk.vocabulary import CATEGORIES
from ui import palette, theme, timefmt

if TYPE_CHECKING:
    from crisisdesk.quicklog import QuickEntry

TAG_WORDS = sorted({f"#{tag}" for tag in (*CATEGORIES, "comms")})


class QuickLog(QWidget):
    """One line to record what just happened: type, Enter, done."""

    submitted = Signal(object)  # QuickEntry, with the category filled in

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.setObjectName("quickLog")
        self.clock = clock
        self.actors: list[str] = []
        self._confirm_future = ""
        self._before = ("", 0, 0)
        self.line = QLineEdit()
        self.line.setObjectName("quickLogLine")
        self.line.setClearButtonEnabled(True)
        self.line.setToolTip(
            "Start with a time (14:05, yesterday 23:10) for something that already happened; "
            "#decision #comms #action #external set the category; @Name sets who did it."
        )
        self.category = QComboBox()
        self.category.setObjectName("quickLogCategory")
        for key in CATEGORIES:
            self.category.addItem(palette.CATEGORY[key].label, key)
        self.category.setCurrentIndex(CATEGORIES.index("note"))
        self.category.setToolTip("Category when the line has no #tag")
        self.button = QPushButton("Log")
        self.button.setObjectName("quickLogButton")
        self.button.setToolTip("Record the entry (Enter)")
        self.hint = QLabel()
        self.hint.setObjectName("quickLogHint")
        self.hint.setWordWrap(True)
        self.completions = QStringListModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setWidget(self.line)
        self.completer.activated.connect(self._complete)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.category)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self.line.returnPressed.connect(self._submit)
        self.line.textEdited.connect(self._edited)
        self.line.textChanged.connect(self._show_reading)
        self.category.currentIndexChanged.connect(self._show_reading)
        self.button.clicked.connect(self._submit)
        theme.styled(self)
        self.set_open(True)
        self._show_reading()

    @cached_property
    def zone(self) -> tzinfo:
        # Read when first needed: loading the zone's rules is not worth delaying start-up.
        return timefmt.local_zone()

    def set_open(self, is_open: bool) -> None:
        for widget in (self.line, self.category, self.button):
            widget.setEnabled(is_open)
        self.line.setPlaceholderText(
            "Log what just happened, then press Enter   (Ctrl+L jumps here)"
            if is_open
            else "This incident is closed: reopen it (Incident menu) to log more"
        )

    def set_actors(self, actors: list[str]) -> None:
        self.actors = actors

    def reading(self) -> QuickEntry:
        from crisisdesk.quicklog import parse  # its patterns compile on first use

        entry = parse(self.line.text(), now=self.clock.now(), tz=self.zone, actors=self.actors)
        if entry.category is None:
            entry = replace(entry, category=str(self.category.currentData()))
        return entry

    def _show_reading(self) -> None:
        if not self.line.text().strip():
            self.hint.setText(
                "Tip: 14:05 … back-dates an entry · #decision sets the category · @SOC says who"
            )
            self.hint.setProperty("warning", False)
        else:
            entry = self.reading()
            words = [entry.reading, *(f"▲ {w}" for w in entry.warnings)]
            if self._confirm_future:
                words.append(f"▲ {self._confirm_future}")
            self.hint.setText("   ".join(words))
            self.hint.setProperty("warning", bool(entry.warnings or self._confirm_future))
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)

    def _submit(self) -> None:
        if not self.line.text().strip():
            return
        entry = self.reading()
        if not entry.text:
            self._show_reading()
            return
        if entry.future and not self._confirm_future:
            self._confirm_future = "That time is ahead of now: press Enter again to record it."
            self._show_reading()
            return
        self.submitted.emit(entry)

    def clear(self) -> None:
        self._confirm_future = ""
        self.line.clear()
        self.category.setCurrentIndex(CATEGORIES.index("note"))

    # --- completion of the word being typed -----------------------------------------------
    def _token(self) -> tuple[int, str]:
        """Where the word under the cursor starts, and the word."""
        text, cursor = self.line.text(), self.line.cursorPosition()
        start = text.rfind(" ", 0, cursor) + 1
        return start, text[start:cursor]

    def _edited(self) -> None:
        self._confirm_future = ""
        start, word = self._token()
        # Kept for _complete: a completer on a line edit replaces the whole line itself.
        self._before = (self.line.text(), start, start + len(word))
        if len(word) >= 1 and word[0] in "#@":
            options = (
                TAG_WORDS if word[0] == "#" else ["@" + a.replace(" ", "_") for a in self.actors]
            )
            self.completions.setStringList(options)
            self.completer.setCompletionPrefix(word)
            if self.completer.completionCount() and word not in options:
                self.completer.complete()
                return
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def _complete(self, choice: str) -> None:
        text, start, end = self._before
        self.line.setText(text[:start] + choice + " " + text[end:].lstrip())
        self.line.setCursorPosition(start + len(choice) + 1)
