"""The timeline table: the current version of every entry, newest first."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from crisisdesk import timeline_pages as pages
from crisisdesk import timewords
from crisisdesk.entries import BACKDATED_AFTER, Entry, SortKey, TimelineFilter, stored_time
from crisisdesk.store import StoreError
from crisisdesk.vocabulary import KEY_MOMENT_WORDS
from ui import palette, timefmt

if TYPE_CHECKING:
    from sqlmodel import Session

    from crisisdesk.models import TimelineEntry

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Occurred", "Category", "Actor", "Entry", "Recorded by", "Marks")
OCCURRED, CATEGORY, ACTOR, TEXT, RECORDED, MARKS = range(len(COLUMNS))
EntryIdRole = Qt.ItemDataRole.UserRole + 1
_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        EntryIdRole,
    )
)
# Plain ints, looked up once: reading a Qt enum member costs more than the rest of data().
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
CENTRED = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter
_LEFT = int(LEFT.value)
_CENTRED = int(CENTRED.value)
CENTRED_COLUMNS = (CATEGORY, MARKS)
_CHIP_COLOURS = {
    key: (QColor(badge.colour), QColor(badge.text_colour))
    for key, badge in palette.CATEGORY.items()
}
_CHIP_BRUSHES = {key: (QBrush(bg), QBrush(ink)) for key, (bg, ink) in _CHIP_COLOURS.items()}


@dataclass(frozen=True)
class TimelineRow:
    rowid: int
    id: str
    occurred_at: datetime
    recorded_at: datetime
    category: str
    actor: str
    text: str
    author: str
    author_role: str
    desk_id: str
    source: str
    key_moment: str | None
    corrected: bool
    retracted: bool
    reason: str
    first_recorded_at: datetime  # when the original version was recorded
    first_occurred_at: datetime  # and when it said this happened

    @classmethod
    def of(
        cls,
        rowid: int,
        e: TimelineEntry | Entry,
        first: tuple[datetime, datetime] | None = None,
    ) -> TimelineRow:
        """A table row; ``first`` is the original version's recorded and occurred times,
        for a correction (``pages.first_versions``)."""
        first_recorded, first_occurred = first or (e.created_at, e.occurred_at)
        return cls(
            rowid,
            e.id,
            e.occurred_at,
            e.created_at,
            e.category,
            e.actor,
            e.text,
            e.author,
            e.author_role,
            e.desk_id,
            e.source,
            e.key_moment,
            e.supersedes is not None,
            e.retracted,
            e.reason,
            first_recorded,
            first_occurred,
        )

    @property
    def key(self) -> SortKey:
        return (stored_time(self.occurred_at), stored_time(self.recorded_at), self.rowid)

    @property
    def lateness(self) -> timedelta:
        """How long after the event its first version was recorded."""
        return self.first_recorded_at - self.first_occurred_at

    @property
    def backdated(self) -> bool:
        return self.lateness > BACKDATED_AFTER

    def marks(self) -> list[tuple[str, str]]:
        """(glyph, explanation) for each marker: key moment, corrected/retracted, back-dated."""
        parts = []
        if self.key_moment:
            parts.append(
                ("★", f"Key moment: {KEY_MOMENT_WORDS.get(self.key_moment, self.key_moment)}")
            )
        if self.retracted or self.corrected:
            # This version's own time and author: when, and by whom, it was changed.
            when = f"{timewords.weekday_hm(timefmt.local(self.recorded_at))} by {self.author}"
            why = f": {self.reason}" if self.reason else ""
            glyph, word = ("✖", "Retracted") if self.retracted else ("✎", "Corrected")
            parts.append((glyph, f"{word} {when}{why}"))
        if self.backdated:
            late = timefmt.ago(self.lateness)
            parts.append(("↶", f"Back-dated: recorded {late} after it happened"))
        return parts


class TimelineModel(QAbstractTableModel):
    totals_changed = Signal()  # the entry count and the list of actors are known
    failed = Signal(str)  # the database could not be read: what to tell the person

    """Newest entries first; older pages are fetched as the reader scrolls down.

    Only the rows shown so far are held, so a timeline of 100,000 entries opens as
    fast as one of 100. Filters run in SQL; new writes are taken in incrementally.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._read: Callable[[], AbstractContextManager[Session]] | None = None
        self.wrote = False
        self._rows: list[TimelineRow] = []
        self._incident_id: str | None = None
        self._filter = TimelineFilter()
        self._exhausted = True
        self._last_rowid = 0
        self._actors: set[str] = set()
        self.total = 0
        self.show_utc = False
        self.first_page = pages.FIRST_PAGE  # rows read on opening; the view sets it to fit
        self._shown: dict[str, tuple[str, ...]] = {}  # entry id -> its cells' text

    # --- loading -----------------------------------------------------------------------
    def attach(self, read: Callable[[], AbstractContextManager[Session]]) -> None:
        """Where to read from: the open store's ``read``."""
        self._read = read

    def load(self, incident_id: str | None, flt: TimelineFilter | None = None) -> None:
        """Show an incident: its newest page at once, the totals a moment later."""
        self._incident_id = incident_id
        self.total = 0
        self._actors = set()
        self._repage(flt if flt is not None else self._filter, fresh=True)
        # Counting and listing actors read the whole incident: done after the rows are
        # on screen, so opening a long timeline stays as quick as opening a short one.
        QTimer.singleShot(0, self._load_totals)

    def _load_totals(self) -> None:
        if self._incident_id is None or self._read is None:
            return
        try:
            with self._read() as session:
                self.total = pages.count_current(session, self._incident_id)
                self._actors = set(pages.actors(session, self._incident_id))
        except StoreError as err:
            self.failed.emit(str(err))
            return
        self.totals_changed.emit()

    def set_filter(self, flt: TimelineFilter) -> None:
        if self._exhausted and flt.narrows(self._filter):
            # Typing on in the search box: every match is among the rows already held.
            self.beginResetModel()
            self._filter = flt
            self._rows = [row for row in self._rows if flt.matches(row)]
            self.endResetModel()
            return
        self._repage(flt)

    def _repage(self, flt: TimelineFilter, *, fresh: bool = False) -> None:
        self.beginResetModel()
        try:
            self._filter = flt
            self._rows = []
            self._shown.clear()
            self._exhausted = self._incident_id is None
            if self._incident_id is not None and self._read is not None:
                with self._read() as session:
                    if fresh:
                        # Read in the same transaction as the page, so nothing written in
                        # between is missed or shown twice.
                        self._last_rowid = pages.last_rowid(session)
                    self._rows = self._page(session, self.first_page)
        except StoreError as err:
            self._exhausted = True
            self.failed.emit(str(err))
        finally:
            self.endResetModel()

    @property
    def filter(self) -> TimelineFilter:
        return self._filter

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def clear(self) -> None:
        self.load(None)

    def _page(self, session: Session, limit: int = pages.PAGE) -> list[TimelineRow]:
        """The next page after the rows held. Rows written since the last refresh are
        left out here: ``refresh`` takes them in, and they must not appear twice."""
        assert self._incident_id is not None
        after = self._rows[-1].key if self._rows else None
        batch = pages.page(session, self._incident_id, self._filter, after=after, limit=limit)
        self._exhausted = len(batch) < limit
        first = pages.first_versions(session, [e for _, e in batch])
        return [TimelineRow.of(r, e, first.get(e.id)) for r, e in batch if r <= self._last_rowid]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and self._read is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._read is not None
        try:
            with self._read() as session:
                rows = self._page(session)
        except StoreError as err:
            self._exhausted = True
            self.failed.emit(str(err))
            return
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def refresh(self) -> list[int]:
        """Take in what was written since the last read; returns the model rows added.

        ``wrote`` says afterwards whether anything at all was written, shown or not.
        """
        self.wrote = False
        if self._incident_id is None or self._read is None:
            return []
        try:
            with self._read() as session:
                written = pages.written_since(session, self._incident_id, self._last_rowid)
                first = pages.first_versions(session, [e for _, e in written])
                if written:
                    self.total = pages.count_current(session, self._incident_id)
        except StoreError as err:
            self.failed.emit(str(err))
            return []
        self.wrote = bool(written)
        actors = len(self._actors)
        added: list[TimelineRow] = []
        for rowid, entry in written:
            self._last_rowid = max(self._last_rowid, rowid)
            if entry.supersedes is not None:
                self._remove_id(entry.supersedes)
            if entry.actor:
                self._actors.add(entry.actor)
            row = TimelineRow.of(rowid, entry, first.get(entry.id))
            if self._filter.matches(entry) and self._insert(row):
                added.append(row)
        if len(self._actors) != actors:
            self.totals_changed.emit()
        return [self.row_of(r.id) for r in added]

    def _insert(self, row: TimelineRow) -> bool:
        """Put ``row`` in its place; rows older than what is loaded wait for their page."""
        if self.row_of(row.id) >= 0:
            return False
        at = 0
        while at < len(self._rows) and self._rows[at].key > row.key:
            at += 1
        if at == len(self._rows) and not self._exhausted:
            return False
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, row)
        self.endInsertRows()
        return True

    def _remove_id(self, entry_id: str) -> None:
        at = self.row_of(entry_id)
        if at < 0:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self.endRemoveRows()

    # --- access ------------------------------------------------------------------------
    @property
    def incident_id(self) -> str | None:
        return self._incident_id

    def row_of(self, entry_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.id == entry_id:
                return i
        return -1

    @property
    def held(self) -> int:
        """How many rows are loaded (``rowCount`` without the call through Qt)."""
        return len(self._rows)

    def entry(self, row: int) -> TimelineRow:
        return self._rows[row]

    def actors(self) -> list[str]:
        """Every actor on the incident's timeline, for completion and the actor filter."""
        return sorted(self._actors, key=str.lower)

    def set_show_utc(self, on: bool) -> None:
        self.show_utc = on
        self._shown.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, OCCURRED, OCCURRED)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, OCCURRED), self.index(len(self._rows) - 1, OCCURRED)
            )

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == OCCURRED:
                return "Occurred (UTC)" if self.show_utc else "Occurred"
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each paint: cheap checks first.
        if role not in _ROLES:
            return None
        r, col = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= col < len(COLUMNS)) or not index.isValid():
            return None
        row = self._rows[r]
        if role == _DISPLAY:
            return self.shown(r)[col]
        if role == _ALIGNMENT:
            return _CENTRED if col in CENTRED_COLUMNS else _LEFT
        if role == _FONT:
            return self.font(r, col)
        if role == _TOOLTIP:
            return self._tooltip(row, col)
        if role == EntryIdRole:
            return row.id
        if col == CATEGORY:
            brushes = _CHIP_BRUSHES.get(row.category)
            if brushes is not None:
                return brushes[0] if role == _BACKGROUND else brushes[1]
        return None

    def shown(self, r: int) -> tuple[str, ...]:
        """The text of each column of row ``r``, as painted (worked out once per row)."""
        row = self._rows[r]
        texts = self._shown.get(row.id)
        if texts is None:
            texts = self._shown[row.id] = self._display(row)
        return texts

    def chip_colours(self, r: int) -> tuple[QColor, QColor] | None:
        """The background and ink of row ``r``'s category chip (None for an unknown one)."""
        return _CHIP_COLOURS.get(self._rows[r].category)

    def font(self, r: int, col: int) -> QFont | None:
        """Bold for a key moment, struck through for a retracted entry's text."""
        row = self._rows[r]
        if not (row.retracted or row.key_moment):
            return None
        font = QFont()
        font.setStrikeOut(row.retracted and col == TEXT)
        font.setBold(bool(row.key_moment))
        return font

    def _display(self, row: TimelineRow) -> tuple[str, ...]:
        if self.show_utc:
            occurred = timewords.day_month_hm(row.occurred_at)
        else:
            occurred = timewords.weekday_hm(timefmt.local(row.occurred_at))
        badge = palette.CATEGORY.get(row.category)
        # Marks are glyphs only, to leave the width to the text; the tooltip explains each.
        marks = " ".join(glyph for glyph, _ in row.marks())
        return (occurred, badge.label if badge else row.category, row.actor, row.text,
                row.author, marks)  # fmt: skip

    def _tooltip(self, row: TimelineRow, col: int) -> str:
        if col == OCCURRED:
            return (
                f"Occurred {timefmt.utc(row.occurred_at)}\nRecorded {timefmt.utc(row.recorded_at)}"
            )
        if col == MARKS:
            return "\n".join(text for _, text in row.marks())
        if col == RECORDED:
            role = f" ({row.author_role})" if row.author_role else ""
            via = f", via {row.source}" if row.source else ""
            return f"{row.author}{role}, desk {row.desk_id[:8]}{via}"
        if col == TEXT:
            notes = [text for _, text in row.marks()]
            return "\n\n".join([row.text, *notes])
        return ""
