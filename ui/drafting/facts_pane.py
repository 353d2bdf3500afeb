"""The fact sheet pane: the incident's facts, and buttons to add, confirm, correct and
retract them. The buttons only say what was asked; ``FactActions`` does the writing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import palette, theme, timefmt
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

if TYPE_CHECKING:
    from crisisdesk.facts import FactState

# The window's menu owns Add (Ctrl+Shift+F); the others work while the pane has the focus.
ADD_KEYS = "Ctrl+Shift+F"
CONFIRM_KEYS = "Ctrl+Shift+O"  # "OK"
CORRECT_KEYS = "Ctrl+E"
RETRACT_KEYS = "Del"
HISTORY_KEYS = "Ctrl+Shift+H"


def _keys(shortcut: str) -> str:
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.editable = True

        self.add_action = self._action(
            "Add fact…", "Put a new fact on the sheet", ADD_KEYS, own_shortcut=False
        )
        self.confirm_action = self._action(
            "Confirm", "Mark the selected fact confirmed: safe to say to every audience",
            CONFIRM_KEYS,
        )  # fmt: skip
        self.correct_action = self._action(
            "Correct…", "Change the selected fact's statement, value, source or status "
            "(double-click a fact does the same)", CORRECT_KEYS,
        )  # fmt: skip
        self.retract_action = self._action(
            "Retract…", "Withdraw the selected fact, saying why: it stays on the sheet, "
            "marked retracted", RETRACT_KEYS,
        )  # fmt: skip
        self.history_action = self._action(
            "History", "Every version of the selected fact: who, when, what it said",
            HISTORY_KEYS,
        )  # fmt: skip
        buttons = QHBoxLayout()
        names = ("addFactButton", "confirmFactButton", "correctFactButton", "retractFactButton",
                 "factHistoryButton")  # fmt: skip
        self.buttons: dict[str, QToolButton] = {}
        for name, action in zip(names, self.actions_in_order(), strict=True):
            button = QToolButton()
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)

        self.closed_note = QLabel("This incident is closed: reopen it (Incident menu) to change "
                                  "its facts.")  # fmt: skip
        self.closed_note.setObjectName("paneHint")
        self.closed_note.setWordWrap(True)
        self.closed_note.hide()
        hint = QLabel(
            "One set of facts for every audience: messages quote these, never new figures."
        )
        hint.setObjectName("paneHint")
        theme.styled(hint, self.closed_note)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.closed_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _action(self, text: str, tip: str, shortcut: str, *, own_shortcut: bool = True) -> QAction:
        action = QAction(text, self)
        action.setIconText(text)  # the button's words, "…" and all
        action.setToolTip(f"{tip}  ({_keys(shortcut)})")
        if own_shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        return action

    def actions_in_order(self) -> list[QAction]:
        return [
            self.add_action,
            self.confirm_action,
            self.correct_action,
            self.retract_action,
            self.history_action,
        ]

    def set_facts(self, facts: list[FactState]) -> None:
        """Show these facts, keeping the selected one selected."""
        chosen = self.selected()
        self.model.set_rows(facts)
        self.table.resizeRowsToContents()
        if chosen is not None:
            self.select_fact(chosen.id)
        self._update_buttons()

    def set_editable(self, editable: bool, *, closed: bool = False) -> None:
        """Changes are allowed (the incident is open) or not (closed, or none shown)."""
        self.editable = editable
        self.closed_note.setVisible(closed)
        self._update_buttons()

    def selected(self) -> FactState | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_fact(self, fact_id: str) -> None:
        for row, fact in enumerate(self.model.rows()):
            if fact.id == fact_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _update_buttons(self) -> None:
        fact, editable = self.selected(), self.editable
        status = fact.status if fact is not None else None
        self.add_action.setEnabled(editable)
        self.confirm_action.setEnabled(editable and status == "unconfirmed")
        self.correct_action.setEnabled(editable and fact is not None)
        self.retract_action.setEnabled(editable and status not in (None, "retracted"))
        # Reading the history changes nothing: it stays open on a closed incident.
        self.history_action.setEnabled(fact is not None)
