"""What can be done to the fact sheet: add, confirm, correct and retract a fact, and read
its history. Every change is a new version of the fact and a timeline entry, written
together; nothing is overwritten.

The dialogs are imported when first opened: they are not needed to paint the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from crisisdesk.store import Store
from ui.errors import reported, write

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session

    from crisisdesk.facts import FactState
    from ui.drafting.facts_pane import FactSheetPane
    from ui.host import Host


class FactActions(QObject):
    def __init__(self, host: Host, pane: FactSheetPane, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.pane = pane
        self.window = parent
        pane.add_action.triggered.connect(lambda _checked=False: self.add())
        pane.confirm_action.triggered.connect(lambda _checked=False: self.confirm())
        pane.correct_action.triggered.connect(lambda _checked=False: self.correct())
        pane.retract_action.triggered.connect(lambda _checked=False: self.retract())
        pane.history_action.triggered.connect(lambda _checked=False: self.history())
        pane.table.doubleClicked.connect(lambda _index: self.correct())
        # The window refills the pane after every change, its own or another desk's.
        pane.model.modelReset.connect(self.sync)
        self.sync()

    # --- helpers ------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self.host.store

    def show_error(self, message: str) -> None:
        self.host.show_error(message)

    def sync(self) -> None:
        """Allow changes while the incident shown is open."""
        incident = self.host.incident
        closed = incident is not None and incident.is_closed
        self.pane.set_editable(incident is not None and not closed, closed=closed)

    def _open_for_changes(self) -> bool:
        incident = self.host.incident
        if incident is None:
            return False
        if incident.is_closed:
            self.host.show_error("This incident is closed: reopen it (Incident menu) to change it.")
            return False
        return True

    def _selected(self) -> FactState | None:
        fact = self.pane.selected()
        if fact is None:
            self.host.show_error("Select a fact on the fact sheet first.")
        return fact

    def _record(self, work: Callable[[Session], object]) -> bool:
        """Run ``work(session)`` in one write; say what went wrong if it fails."""
        if not write(self.host, "Not recorded", work):
            return False
        self.host.on_data_changed()
        return True

    # --- actions ------------------------------------------------------------------------
    @reported
    def add(self) -> None:
        from crisisdesk import facts
        from ui.drafting.fact_dialogs import FactDialog

        if not self._open_for_changes():
            return
        assert self.host.incident is not None
        incident_id = self.host.incident.id
        with self.host.store.read() as session:
            taken = facts.keys(session, incident_id)
        dialog = FactDialog(taken=taken, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form_data()
        added: list[str] = []

        def work(session: Session) -> None:
            added.append(
                facts.add(
                    session,
                    self.host.desk.author(),
                    self.host.clock,
                    incident_id,
                    form.key,
                    form.statement,
                    value=form.value,
                    status=form.status,
                    source=form.source,
                )
            )

        if self._record(work):
            self.pane.select_fact(added[0])

    @reported
    def confirm(self) -> None:
        from crisisdesk import facts

        fact = self._selected()
        if fact is None or fact.status != "unconfirmed" or not self._open_for_changes():
            return
        self._record(lambda s: facts.confirm(s, self.host.desk.author(), self.host.clock, fact.id))

    @reported
    def correct(self) -> None:
        from crisisdesk import facts
        from ui.drafting.fact_dialogs import FactDialog

        fact = self._selected()
        if fact is None or not self._open_for_changes():
            return
        dialog = FactDialog(fact, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form_data()

        def work(session: Session) -> None:
            facts.correct(
                session, self.host.desk.author(), self.host.clock, fact.id,
                statement=form.statement, value=form.value, source=form.source,
                status=form.status,
            )  # fmt: skip

        self._record(work)

    @reported
    def retract(self) -> None:
        from crisisdesk import facts
        from ui.drafting.fact_dialogs import RetractDialog

        fact = self._selected()
        if fact is None or fact.status == "retracted" or not self._open_for_changes():
            return
        dialog = RetractDialog(fact, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason_text()
        self._record(
            lambda s: facts.retract(s, self.host.desk.author(), self.host.clock, fact.id, reason)
        )

    @reported
    def history(self) -> None:
        from crisisdesk import facts
        from ui.drafting.fact_dialogs import FactHistoryDialog

        fact = self._selected()
        if fact is None:
            return
        with self.host.store.read() as session:
            versions = facts.history(session, fact.id)
        FactHistoryDialog(fact.label, versions, self.window).exec()
