"""Forms for one timeline entry: a back-dated entry, a correction, and its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.vocabulary import CATEGORIES, KEY_MOMENT_WORDS, KEY_MOMENTS
from ui import palette, theme, timefmt

if TYPE_CHECKING:
    from crisisdesk.entries import Entry

FUTURE_GRACE = timedelta(minutes=5)
LOCAL, IN_UTC = "Local time", "UTC"


@dataclass(frozen=True)
class EntryForm:
    text: str
    category: str
    actor: str
    source: str
    occurred_at: datetime
    key_moment: str | None
    reason: str


class EntryDialog(QDialog):
    """A new entry with its own time (back-dated), or a correction of an existing one."""

    def __init__(
        self,
        now: datetime,
        *,
        actors: list[str],
        entry: Entry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.now = now
        self.correcting = entry is not None
        title = "Correct an entry" if self.correcting else "New timeline entry"
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        heading = QLabel(title)
        heading.setObjectName("paneTitle")
        intro = QLabel(
            "The original stays in the record; this becomes its current version."
            if self.correcting
            else "For something that happened earlier: give the time it happened."
        )
        intro.setWordWrap(True)
        local = (entry.occurred_at if entry else now).astimezone()
        self.date = QDateEdit(QDate(local.year, local.month, local.day))
        self.date.setObjectName("entryDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.time = QTimeEdit(QTime(local.hour, local.minute, local.second))
        self.time.setObjectName("entryTime")
        self.time.setDisplayFormat("HH:mm:ss")
        self.zone = QComboBox()
        self.zone.setObjectName("entryZone")
        self.zone.setEditable(True)
        self.zone.addItems([LOCAL, IN_UTC, *sorted(available_timezones())])
        zone_completer = self.zone.completer()
        if zone_completer is not None:
            zone_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(self.time)
        when.addWidget(self.zone, 1)
        self.category = QComboBox()
        self.category.setObjectName("entryCategory")
        for key in CATEGORIES:
            self.category.addItem(palette.CATEGORY[key].label, key)
        self.category.setCurrentIndex(CATEGORIES.index(entry.category if entry else "note"))
        self.actor = QLineEdit(entry.actor if entry else "")
        self.actor.setObjectName("entryActor")
        self.actor.setCompleter(QCompleter(actors, self))
        self.actor.setPlaceholderText("Who did or said it, e.g. SOC, ICO, Ruth Calloway")
        self.source = QLineEdit(entry.source if entry else "")
        self.source.setObjectName("entrySource")
        self.source.setPlaceholderText("Where this comes from, e.g. bridge call, ticket 4411")
        self.text = QPlainTextEdit(entry.text if entry else "")
        self.text.setObjectName("entryText")
        self.text.setMinimumHeight(90)
        self.key_moment = QComboBox()
        self.key_moment.setObjectName("entryKeyMoment")
        self.key_moment.addItem("Not a key moment", None)
        for key in KEY_MOMENTS:
            self.key_moment.addItem(f"★ {KEY_MOMENT_WORDS[key]}", key)
        if entry and entry.key_moment:
            self.key_moment.setCurrentIndex(self.key_moment.findData(entry.key_moment))
        self.reason = QLineEdit()
        self.reason.setObjectName("entryReason")
        self.reason.setPlaceholderText("Why it is corrected (kept in the record)")
        form = QFormLayout()
        form.addRow("Happened at", when)
        form.addRow("Category", self.category)
        form.addRow("Actor", self.actor)
        form.addRow("Source", self.source)
        form.addRow("What happened", self.text)
        form.addRow("Key moment", self.key_moment)
        if self.correcting:
            form.addRow("Reason", self.reason)
        else:
            self.reason.hide()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self._confirmed_future = False
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Record correction" if self.correcting else "Record entry")
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        theme.styled(heading, self.error)
        self.text.setFocus()
        # A correction keeps the exact original time (microseconds, the hour that happens
        # twice when clocks go back) unless the person changes the date, time or zone.
        self._original = entry.occurred_at if entry else None
        self._shown_time = self._when_fields()
        # Choosing another zone before typing a time shows the form's moment in that zone:
        # "12:05" typed after choosing UTC is then 12:05 on the day it is in UTC, not on
        # the local calendar's day. A date or time already typed keeps what was typed.
        self._zone_before = self.zone.currentText()
        self.zone.currentTextChanged.connect(self._zone_changed)

    def _when_fields(self) -> tuple[QDate, QTime, str]:
        return (self.date.date(), self.time.time(), self.zone.currentText())

    def _moment(self, zone: str) -> datetime | None:
        """The moment the date and time fields give, read in ``zone``; None for a zone
        that does not exist (yet: it may be half typed)."""
        d, t = self.date.date(), self.time.time()
        naive = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
        zone = zone.strip()
        if zone == LOCAL:
            return naive.astimezone().astimezone(UTC)
        if zone == IN_UTC:
            return naive.replace(tzinfo=UTC)
        try:
            return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
        except (ZoneInfoNotFoundError, ValueError):
            return None

    def _zone_changed(self, zone: str) -> None:
        moment = self._moment(self._zone_before)
        if moment is None or self._moment(zone) is None:
            return
        self._zone_before = zone
        if self._when_fields()[:2] != self._shown_time[:2]:
            return  # typed by the person: the same wall time, now read in this zone
        zone = zone.strip()
        shown = (
            moment.astimezone()
            if zone == LOCAL
            else moment.astimezone(UTC if zone == IN_UTC else ZoneInfo(zone))
        )
        self.date.setDate(QDate(shown.year, shown.month, shown.day))
        self.time.setTime(QTime(shown.hour, shown.minute, shown.second))
        self._shown_time = self._when_fields()  # the same moment: a correction keeps it exactly

    def occurred_at(self) -> datetime:
        if self._original is not None and self._when_fields() == self._shown_time:
            return self._original
        moment = self._moment(self.zone.currentText())
        if moment is None:
            raise ValueError(f"{self.zone.currentText()!r} is not a time zone")
        return moment

    def _problem(self) -> str:
        if not self.text.toPlainText().strip():
            return "Say what happened: the entry has no text."
        zone = self.zone.currentText().strip()
        if zone not in (LOCAL, IN_UTC):
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                return f"'{zone}' is not a time zone: choose one from the list."
        ahead = self.occurred_at() - self.now
        if ahead > FUTURE_GRACE and not self._confirmed_future:
            self._confirmed_future = True
            return (
                f"That is {timefmt.ago(ahead)} in the future. Check the date and time; "
                "press the button again to record it as it is."
            )
        return ""

    def _try_accept(self) -> None:
        problem = self._problem()
        if problem:
            self.error.setText(f"▲ {problem}")
            self.error.show()
            return
        self.accept()

    def form(self) -> EntryForm:
        return EntryForm(
            text=self.text.toPlainText().strip(),
            category=str(self.category.currentData()),
            actor=self.actor.text().strip(),
            source=self.source.text().strip(),
            occurred_at=self.occurred_at(),
            key_moment=self.key_moment.currentData(),
            reason=self.reason.text().strip(),
        )


def history_html(versions: list[Entry]) -> str:
    """Every version of an entry, oldest first; superseded text is struck through."""
    parts = []
    for n, version in enumerate(versions):
        current = n == len(versions) - 1
        label = "Current version" if current else f"Version {n + 1}"
        if version.retracted:
            label += " — RETRACTED"
        text = escape(version.text)
        body = f"<p style='font-size:15px'>{text if current else f'<s>{text}</s>'}</p>"
        who = escape(version.author + (f" ({version.author_role})" if version.author_role else ""))
        why = f"<br>Reason: <i>{escape(version.reason)}</i>" if version.reason else ""
        parts.append(
            f"<h3>{label}</h3>{body}<p>Happened {timefmt.utc(version.occurred_at)} · "
            f"recorded {timefmt.utc(version.created_at)} by {who}, desk "
            f"{escape(version.desk_id[:8])} · {escape(version.category)}{why}</p>"
        )
    return "<hr>".join(reversed(parts))


class HistoryDialog(QDialog):
    def __init__(self, versions: list[Entry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entry history")
        self.resize(640, 480)
        self.view = QTextBrowser()
        self.view.setObjectName("historyView")
        self.view.setHtml(history_html(versions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
