"""Checklist runs of the incident and how far each has got."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui import palette, timefmt
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

if TYPE_CHECKING:
    from crisisdesk.checklists import RunProgress


def _progress_badge(run: RunProgress) -> palette.Badge:
    if run.finished >= run.total_steps:
        return palette.Badge(palette.GREEN, "✔", "Complete")
    if run.finished == 0:
        return palette.Badge(palette.GREY, "○", "Not started")
    return palette.Badge(palette.ORANGE, "◔", "In progress", "#000000")


def _bar(run: RunProgress, width: int = 16) -> str:
    filled = round(run.fraction * width)
    return "█" * filled + "░" * (width - filled)


class ChecklistPane(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model: RecordTableModel[RunProgress] = RecordTableModel(
            [
                Column("Status", lambda r: _progress_badge(r).label, badge=_progress_badge),
                Column("Checklist", lambda r: r.title),
                Column("Progress", lambda r: f"{_bar(r)}  {r.finished} of {r.total_steps} steps"),
                Column("Started", lambda r: timefmt.clock(r.started_at)),
                Column("Playbook", lambda r: f"{r.playbook_id} v{r.playbook_version}"),
            ],
            self,
        )
        self.table = status_table("checklistTable", self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)

    def set_runs(self, runs: list[RunProgress]) -> None:
        self.model.set_rows(runs)
