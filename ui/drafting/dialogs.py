"""The drafting pane's dialogs: approving a draft, and every audience's draft side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.tone.facts_check import fill, inconsistencies
from crisisdesk.tone.findings import Finding
from crisisdesk.tone.profiles import GENERAL
from crisisdesk.vocabulary import CHANNEL_LABELS
from ui import palette, theme, timefmt
from ui.drafting.editor import DraftEditor
from ui.widgets.dialogs import FormDialog

if TYPE_CHECKING:
    from crisisdesk.drafts import DraftState
    from ui.drafting.pane import DraftingPane


class ApproveDialog(FormDialog):
    """Approve the saved text. Open errors are listed, and going ahead needs a reason."""

    def __init__(
        self, title: str, approver: str, errors: list[Finding], parent: QWidget | None = None
    ) -> None:
        intro = f"“{title}” will be recorded as approved by {approver or 'this desk'}, now."
        super().__init__("Approve the draft", intro, parent)
        self.errors = errors
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("approveReason")
        self.reason.setMaximumHeight(80)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Approve")
        if errors:
            listed = "\n".join(f"✖ {e.message}" for e in errors[:8])
            more = f"\n… and {len(errors) - 8} more" if len(errors) > 8 else ""
            warning = QLabel(
                f"This draft still has {len(errors)} error(s):\n{listed}{more}\n\n"
                "Fix them first, or say below why it goes out as it is (kept on the record)."
            )
            warning.setObjectName("formError")
            warning.setWordWrap(True)
            theme.styled(warning)
            self.form.addRow(warning)
            self.reason.setPlaceholderText("e.g. Legal asked for this wording; figures agreed")
            self.form.addRow("Reason", self.reason)
            ok.setText("Approve with errors")
        else:
            self.reason.hide()
        self.reason.setFocus()

    def _problem(self) -> str:
        if self.errors and not self.reason.toPlainText().strip():
            return "Say why it is approved with errors still open, or cancel and fix them."
        return ""


class SideBySideDialog(QDialog):
    """The latest draft for each audience, next to each other: same facts, different words."""

    def __init__(self, pane: DraftingPane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Drafts side by side")
        self.resize(1400, 800)
        latest: dict[str, DraftState] = {}
        for draft in pane.drafts:  # newest first
            latest.setdefault(draft.audience, draft)
        bodies = {d.id: d.body for d in latest.values()}
        if pane.current is not None and pane.current.audience in latest:
            shown = latest[pane.current.audience]
            if shown.id == pane.current.id:
                bodies[shown.id] = pane.editor.toPlainText()
        clashes = inconsistencies(bodies, pane.facts, {d.id: d.title for d in latest.values()})
        row = QHBoxLayout()
        self.columns: dict[str, DraftEditor] = {}
        for audience, draft in latest.items():
            column = QVBoxLayout()
            badge = palette.DRAFT_STATUS[draft.status]
            name = pane.profiles.get(audience, GENERAL).name
            heading = QLabel(
                f"<b>{name}</b> · {CHANNEL_LABELS.get(draft.channel, draft.channel)}<br>"
                f"{draft.title} — {badge.label}, {timefmt.clock(draft.revised_at)}"
            )
            heading.setWordWrap(True)
            text = DraftEditor()
            text.setObjectName(f"sideBySide_{audience}")
            text.setReadOnly(True)
            text.setPlainText(fill(bodies[draft.id], pane.facts))
            found = clashes.get(draft.id, [])
            if found:
                text.setPlainText(bodies[draft.id])
                text.set_findings(found)
                heading.setText(
                    heading.text() + f"<br><span style='color:#A33F00'>✖ {len(found)} figure(s) "
                    "differ from another audience's draft</span>"
                )
            column.addWidget(heading)
            column.addWidget(text, 1)
            holder = QWidget()
            holder.setLayout(column)
            holder.setMinimumWidth(320)
            row.addWidget(holder)
            self.columns[audience] = text
        inner = QWidget()
        inner.setLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel("The latest draft for each audience. Same facts for all, different words.")
        hint.setObjectName("paneHint")
        theme.styled(hint)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(close)
