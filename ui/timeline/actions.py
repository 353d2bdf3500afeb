"""What can be done to timeline entries: back-date, correct, retract, history, key moments,
and exporting the timeline as CSV. Every change is a new record; nothing is overwritten.

The dialogs are imported when first opened: they are not needed to paint the window.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QWidget

from crisisdesk.store import Store
from crisisdesk.vocabulary import KEY_MOMENT_WORDS, KEY_MOMENTS
from ui.errors import reported, write
from ui.host import Host
from ui.timeline.model import MARKS, TimelineRow
from ui.timeline.view import TimelinePane

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlmodel import Session

    from crisisdesk.entries import Entry


class TimelineActions(QObject):
    def __init__(self, host: Host, pane: TimelinePane, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.pane = pane
        self.window = parent
        table = pane.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.doubleClicked.connect(lambda _index: self.correct())
        table.clicked.connect(self._clicked)

    # --- helpers ------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self.host.store

    def show_error(self, message: str) -> None:
        self.host.show_error(message)

    def selected(self) -> TimelineRow | None:
        rows = self.pane.table.selectionModel().selectedRows()
        return self.pane.model.entry(rows[0].row()) if rows else None

    def _open_for_changes(self) -> bool:
        incident = self.host.incident
        if incident is None:
            return False
        if incident.is_closed:
            self.host.show_error("This incident is closed: reopen it (Incident menu) to change it.")
            return False
        return True

    def _entry(self, entry_id: str) -> Entry:
        from crisisdesk import timeline
        from crisisdesk.entries import Entry

        with self.host.store.read() as session:
            row = timeline.history(session, entry_id)[-1]
            return Entry(**{name: getattr(row, name) for name in Entry.__dataclass_fields__})

    def _record(self, what: str, work: Callable[[Session], None]) -> bool:
        """Run ``work(session)`` in one write; say what went wrong if it fails."""
        if not write(self.host, f"{what} was not recorded", work):
            return False
        self.host.on_data_changed()
        return True

    # --- actions ------------------------------------------------------------------------
    @reported
    def new_entry(self) -> None:
        from ui.timeline.dialogs import EntryDialog

        if self.host.incident is None or self.host.incident.is_closed:
            return
        dialog = EntryDialog(
            self.host.clock.now(), actors=self.pane.model.actors(), parent=self.window
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form()
        incident_id = self.host.incident.id

        def work(session: Session) -> None:
            from crisisdesk import timeline

            entry = timeline.append(
                session,
                self.host.desk.author(),
                self.host.clock,
                incident_id,
                form.text,
                category=form.category,
                occurred_at=form.occurred_at,
                actor=form.actor,
                source=form.source,
                key_moment=form.key_moment,
            )
            self._follow_awareness(session, None, entry)

        self._record("The entry", work)

    @reported
    def correct(self) -> None:
        from ui.timeline.dialogs import EntryDialog

        row = self.selected()
        if row is None or not self._open_for_changes():
            return
        entry = self._entry(row.id)
        dialog = EntryDialog(
            self.host.clock.now(), actors=self.pane.model.actors(), entry=entry, parent=self.window
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form()
        changes = {
            name: new
            for name, new in (
                ("text", form.text), ("category", form.category), ("actor", form.actor),
                ("source", form.source), ("occurred_at", form.occurred_at),
                ("key_moment", form.key_moment),
            )
            if new != getattr(entry, name)
        }  # fmt: skip
        if not changes:
            self.host.show_error("Nothing was changed, so no correction was recorded.")
            return
        self._revise(entry, form.reason, changes)

    @reported
    def retract(self) -> None:
        row = self.selected()
        if row is None or row.retracted or not self._open_for_changes():
            return
        reason, ok = QInputDialog.getText(
            self.window, "Retract entry",
            "Why is this entry withdrawn? The entry stays in the record, marked retracted.",
        )  # fmt: skip
        if not ok:
            return
        if not reason.strip():
            self.host.show_error("Say why the entry is retracted: the review will ask.")
            return
        self._revise(self._entry(row.id), reason, {}, retract=True)

    @reported
    def mark_key_moment(self, kind: str) -> None:
        row = self.selected()
        if row is None or not self._open_for_changes():
            return
        word = KEY_MOMENT_WORDS[kind]
        self._revise(self._entry(row.id), f"Marked as key moment: {word}", {"key_moment": kind})

    def _revise(
        self, entry: Entry, reason: str, changes: Mapping[str, object], *, retract: bool = False
    ) -> None:
        def work(session: Session) -> None:
            from crisisdesk import timeline

            new = timeline.correct(
                session,
                self.host.desk.author(),
                self.host.clock,
                entry.id,
                reason=reason,
                retract=retract,
                **changes,
            )
            self._follow_awareness(session, entry, new)

        self._record("The correction", work)

    def _follow_awareness(self, session: Session, before: Entry | None, after: Entry) -> None:
        """The awareness moment starts the regulatory clocks: it is the incident's aware_at."""
        from crisisdesk import incidents

        if self.host.incident is not None:
            incidents.follow_awareness(
                session, self.host.desk.author(), self.host.clock, self.host.incident.id,
                before=before, after=after,
            )  # fmt: skip

    @reported
    def history(self) -> None:
        row = self.selected()
        if row is None:
            return
        from crisisdesk import timeline
        from crisisdesk.entries import Entry

        with self.host.store.read() as session:
            versions = [
                Entry(**{n: getattr(v, n) for n in Entry.__dataclass_fields__})
                for v in timeline.history(session, row.id)
            ]
        from ui.timeline.dialogs import HistoryDialog

        HistoryDialog(versions, self.window).exec()

    @reported
    def export_csv(self) -> None:
        if self.host.incident is None:
            return
        from crisisdesk.timeline_csv import export_csv

        name = f"timeline-{self.host.clock.now():%Y%m%d-%H%M}.csv"
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, "Export the timeline as CSV", str(Path.home() / name), "CSV (*.csv)"
        )
        if not chosen:
            return
        try:
            with self.host.store.read() as session:
                count = export_csv(
                    session, self.host.incident.id, Path(chosen), self.pane.model.filter
                )
        except OSError as err:
            self.host.show_error(
                f"The CSV was not written: {err.strerror or err}. "
                "Check the folder and the free space, then try again."
            )
            return
        self.host.clear_error()
        noun = "entry" if count == 1 else "entries"
        self.pane.count.setText(f"{count:,} {noun} exported to {Path(chosen).name}")

    # --- mouse --------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == MARKS:
            row = self.pane.model.entry(index.row())
            if row.corrected or row.retracted:
                self.history()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.pane.table.indexAt(pos)
        if not index.isValid():
            return
        self.pane.table.selectRow(index.row())
        row = self.pane.model.entry(index.row())
        menu = QMenu(self.pane.table)
        menu.addAction("Correct…  (F2)", self.correct)
        retract = menu.addAction("Retract…", self.retract)
        retract.setEnabled(not row.retracted)
        menu.addAction("History…  (Ctrl+H)", self.history)
        moments = menu.addMenu("Mark as key moment")
        for kind in KEY_MOMENTS:
            action = moments.addAction(
                f"★ {KEY_MOMENT_WORDS[kind]}", partial(self.mark_key_moment, kind)
            )
            action.setEnabled(row.key_moment != kind)
        menu.exec(self.pane.table.viewport().mapToGlobal(pos))
