"""Logging updates and editing stakeholder groups, from the matrix or the side list."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from crisisdesk.store import Store
from ui import timefmt
from ui.errors import reported

if TYPE_CHECKING:
    from ui.host import Host
    from ui.stakeholders.pane import MatrixPane


class StakeholderActions(QObject):
    def __init__(
        self,
        host: Host,
        pane: MatrixPane,
        parent: QWidget,
        open_notices: Callable[[], list[tuple[str, str]]] = list,
    ) -> None:
        super().__init__(parent)
        self.open_notices = open_notices
        self.host = host
        self.pane = pane
        self.window = parent
        pane.log_button.clicked.connect(lambda _checked=False: self.log_update())
        pane.edit_button.clicked.connect(lambda _checked=False: self.edit_group())
        pane.add_button.clicked.connect(lambda _checked=False: self.add_group())
        pane.table.doubleClicked.connect(lambda _index: self.log_update())

    @property
    def store(self) -> Store:
        return self.host.store

    def show_error(self, message: str) -> None:
        self.host.show_error(message)

    def _open(self) -> bool:
        incident = self.host.incident
        if incident is None:
            return False
        if incident.is_closed:
            self.host.show_error("This incident is closed: reopen it (Incident menu) to change it.")
            return False
        return True

    @reported
    def log_update(self, group_id: str | None = None) -> None:
        from crisisdesk import stakeholders
        from crisisdesk.promises import find_promise
        from crisisdesk.stakeholders import FutureUpdate
        from ui.stakeholders.dialogs import LogUpdateDialog

        if not self._open():
            return
        assert self.host.incident is not None
        chosen = group_id or self.pane.selected_group()
        dialog = LogUpdateDialog(
            self.pane.model.groups(), chosen, self.host.clock.now(),
            partial(find_promise, tz=timefmt.local_zone()), self.window, self.open_notices(),
        )  # fmt: skip
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form_data()
        incident_id = self.host.incident.id
        try:
            with self.host.store.write() as session:
                stakeholders.log_update(
                    session, self.host.desk.author(), self.host.clock, incident_id,
                    form.stakeholder_id, channel=form.channel, summary=form.summary,
                    sent_at=form.sent_at, promised_next_at=form.promised_next_at,
                    allow_future=True,  # the dialog has asked already
                    meets=form.meets,
                )  # fmt: skip
        except (FutureUpdate, ValueError) as err:
            self.host.show_error(f"The update was not logged: {err}")
            return
        self.host.clear_error()
        self.host.on_data_changed()
        self.pane.select_group(form.stakeholder_id)

    @reported
    def edit_group(self) -> None:
        from crisisdesk import stakeholders
        from ui.stakeholders.dialogs import GroupDialog

        chosen = self.pane.selected_group()
        if chosen is None or not self._open():
            if chosen is None:
                self.host.show_error("Select a group in the matrix first.")
            return
        assert self.host.incident is not None
        group = next(g for g in self.pane.model.groups() if g.id == chosen)
        dialog = GroupDialog(group, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form_data()
        try:
            with self.host.store.write() as session:
                stakeholders.revise(
                    session, self.host.desk.author(), self.host.clock, self.host.incident.id,
                    chosen, name=form.name, owner=form.owner, channels=form.channels,
                    cadence_minutes=form.cadence_minutes, active=form.active,
                )  # fmt: skip
        except ValueError as err:
            self.host.show_error(f"The group was not changed: {err}")
            return
        self.host.clear_error()
        self.host.on_data_changed()
        self.pane.select_group(chosen)

    @reported
    def add_group(self) -> None:
        from crisisdesk import stakeholders
        from crisisdesk.stakeholders import GroupSpec
        from ui.stakeholders.dialogs import GroupDialog

        if not self._open():
            return
        assert self.host.incident is not None
        dialog = GroupDialog(None, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form_data()
        try:
            spec = GroupSpec(
                name=form.name or "?",
                profile="custom",
                owner=form.owner,
                channels=form.channels,
                cadence_minutes=form.cadence_minutes,
            )
            with self.host.store.write() as session:
                added = stakeholders.add(
                    session, self.host.desk.author(), self.host.clock, self.host.incident.id, spec
                )
        except ValueError as err:
            self.host.show_error(f"The group was not added: {err}")
            return
        self.host.clear_error()
        self.host.on_data_changed()
        self.pane.select_group(added)
