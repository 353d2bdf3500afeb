"""The message drafts of the incident (the fact sheet is in ``facts_pane``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from crisisdesk.vocabulary import CHANNEL_LABELS
from ui import palette, timefmt
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

if TYPE_CHECKING:
    from crisisdesk.drafts import DraftState


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
