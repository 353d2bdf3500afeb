"""The fact sheet and the message drafts of the incident."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.vocabulary import CHANNEL_LABELS
from ui import palette, theme, timefmt
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

if TYPE_CHECKING:
    from crisisdesk.drafts import DraftState
    from crisisdesk.facts import FactState


class FactSheetPane(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model: RecordTableModel[FactState] = RecordTableModel(
            [
                Column(
                    "Status",
                    lambda f: palette.FACT_STATUS[f.status].label,
                    badge=lambda f: palette.FACT_STATUS[f.status],
                ),
                Column("Fact", lambda f: f.key.replace("_", " ")),
                Column("Value", lambda f: f.value),
                Column("Statement", lambda f: f.statement, tooltip=lambda f: f.statement),
                Column("Source", lambda f: f.source),
                Column("Revised", lambda f: f"{timefmt.clock(f.revised_at)} by {f.revised_by}"),
            ],
            self,
        )
        self.table = status_table("factTable", self.model)
        hint = QLabel(
            "One set of facts for every audience: messages quote these, never new figures."
        )
        hint.setObjectName("paneHint")
        theme.styled(hint)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def set_facts(self, facts: list[FactState]) -> None:
        self.model.set_rows(facts)
        self.table.resizeRowsToContents()


class DraftsPane(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model: RecordTableModel[DraftState] = RecordTableModel(
            [
                Column(
                    "Status",
                    lambda d: palette.DRAFT_STATUS[d.status].label,
                    badge=lambda d: palette.DRAFT_STATUS[d.status],
                ),
                Column("Draft", lambda d: d.title),
                Column("Audience", lambda d: d.audience.capitalize()),
                Column("Channel", lambda d: CHANNEL_LABELS.get(d.channel, d.channel)),
                Column("Last change", lambda d: f"{timefmt.clock(d.revised_at)} by {d.revised_by}"),
                Column(
                    "Opening", lambda d: " ".join(d.body.split())[:120], tooltip=lambda d: d.body
                ),
            ],
            self,
        )
        self.table = status_table("draftTable", self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)

    def set_drafts(self, drafts: list[DraftState]) -> None:
        self.model.set_rows(drafts)
