"""What is done with a draft beyond typing: review, approval, sending, copying and saving
as a file, and the side-by-side view of every audience's latest draft."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from ui import timefmt
from ui.drafting.pane import DraftingPane
from ui.errors import write
from ui.host import Host

if TYPE_CHECKING:
    from sqlmodel import Session


class DraftActions(QObject):
    def __init__(
        self,
        host: Host,
        pane: DraftingPane,
        window: QWidget,
        open_notices: Callable[[], list[tuple[str, str]]] = list,
    ) -> None:
        super().__init__(pane)
        self.open_notices = open_notices
        self.host = host
        self.pane = pane
        self.window = window
        pane.save_button.clicked.connect(pane.save)
        pane.review_button.clicked.connect(self.send_for_review)
        pane.approve_button.clicked.connect(self.approve)
        pane.sent_button.clicked.connect(self.mark_sent)

    def _ready(self) -> bool:
        """A draft is open and saved; else say what to do."""
        if self.pane.current is None:
            self.host.show_error("Open a draft first (Drafting tab, Draft list).")
            return False
        return self.pane.save()

    def send_for_review(self) -> None:
        from crisisdesk import drafts

        if not self._ready():
            return
        draft, incident = self.pane.current, self.host.incident
        assert draft is not None and incident is not None
        with self.host.store.read() as session:
            status = drafts.latest(session, draft.id).status
        if status == "review":
            return
        if write(
            self.host,
            "Not sent for review",
            lambda s: drafts.move(s, self.host.desk.author(), self.host.clock, draft.id,
                                  incident.id, "review"),
        ):  # fmt: skip
            self.host.on_data_changed()

    def approve(self) -> None:
        from crisisdesk import drafts
        from ui.drafting.dialogs import ApproveDialog

        if not self._ready():
            return
        draft, incident = self.pane.current, self.host.incident
        assert draft is not None and incident is not None
        self.pane.run_lint()
        errors = [f for f in self.pane.findings if f.severity == "error"]
        dialog = ApproveDialog(draft.title, self.host.desk.name, errors, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason.toPlainText()
        if write(
            self.host,
            "Not approved",
            lambda s: drafts.approve(s, self.host.desk.author(), self.host.clock, draft.id,
                                     incident.id, open_errors=len(errors), reason=reason),
        ):  # fmt: skip
            self.host.on_data_changed()

    def mark_sent(self) -> None:
        from crisisdesk import drafts
        from crisisdesk.promises import find_promise
        from crisisdesk.stakeholders import FutureUpdate
        from ui.stakeholders.dialogs import LogUpdateDialog

        draft, incident = self.pane.current, self.host.incident
        if draft is None or incident is None:
            self.host.show_error("Open an approved draft first.")
            return
        if draft.status != "approved" or self.pane.is_dirty():
            self.host.show_error(
                "Only an approved draft, unchanged since approval, can be marked as sent: "
                "approve it first."
            )
            return
        chosen = next(
            (g.id for g in self.pane.groups if g.active and g.profile == draft.audience), None
        )
        dialog = LogUpdateDialog(
            self.pane.groups, chosen, self.host.clock.now(),
            partial(find_promise, tz=timefmt.local_zone()), self.window, self.open_notices(),
            title="Mark the draft as sent", promise_source=draft.body,
        )  # fmt: skip
        dialog.summary.setPlainText(f"{draft.title}: {' '.join(draft.body.split())[:200]}")
        index = dialog.channel.findData(draft.channel)
        if index >= 0:
            dialog.channel.setCurrentIndex(index)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form_data()

        def work(session: Session) -> None:
            drafts.mark_sent(
                session, self.host.desk.author(), self.host.clock, draft.id, incident.id,
                stakeholder_id=form.stakeholder_id, channel=form.channel,
                promised_next_at=form.promised_next_at, sent_at=form.sent_at,
                meets=form.meets, summary=form.summary,
            )  # fmt: skip

        try:
            ok = write(self.host, "Not marked as sent", work)
        except FutureUpdate as err:
            self.host.show_error(f"Not marked as sent: {err}")
            return
        if ok:
            self.host.on_data_changed()

    def copy_text(self) -> None:
        from crisisdesk.tone.facts_check import fill

        QApplication.clipboard().setText(fill(self.pane.editor.toPlainText(), self.pane.facts))

    def save_as(self) -> None:
        from crisisdesk import drafts
        from crisisdesk.tone.facts_check import fill

        draft = self.pane.current
        if draft is None:
            self.host.show_error("Open a draft first.")
            return
        name = "".join(c if c.isalnum() or c in " -_" else "_" for c in draft.title).strip()
        path, chosen = QFileDialog.getSaveFileName(
            self.window,
            "Save the draft as a file",
            str(Path.home() / f"{name or 'draft'}.txt"),
            "Plain text (*.txt);;Email to send from your mail program (*.eml)",
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".eml" if "eml" in chosen else ".txt")
        try:
            drafts.save_text(
                target, draft.title, fill(self.pane.editor.toPlainText(), self.pane.facts),
                self.host.clock.now(),
            )  # fmt: skip
        except OSError as err:
            self.host.show_error(
                f"The file was not saved ({err.strerror or err}): choose another folder, "
                "or free some space. The draft itself is safe."
            )
            return
        self.host.clear_error()

    def side_by_side(self) -> None:
        from ui.drafting.dialogs import SideBySideDialog

        if not self.pane.drafts:
            self.host.show_error("There are no drafts yet to compare.")
            return
        SideBySideDialog(self.pane, self.window).exec()
