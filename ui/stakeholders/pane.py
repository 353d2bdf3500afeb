"""The stakeholder matrix pane: the matrix, its buttons, and a legend."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import palette, theme
from ui.stakeholders.matrix import GROUP, MESSAGE, STATUS, MatrixModel
from ui.widgets.chip_delegate import ChipDelegate

LEGEND = "   ".join(palette.FRESHNESS[s].label for s in palette.FRESHNESS)


class MatrixPane(QWidget):
    def __init__(self, model: MatrixModel) -> None:
        super().__init__()
        self.model = model
        title = QLabel("Stakeholder matrix")
        title.setObjectName("paneTitle")
        hint = QLabel(
            "Each cell: time since the group was last updated on that channel, coloured "
            "against the cadence promised to it. Grey: a channel the group does not use."
        )
        hint.setObjectName("paneHint")
        hint.setWordWrap(True)
        theme.styled(title, hint)
        self.log_button = QPushButton("Log update…  (Ctrl+U)")
        self.log_button.setObjectName("logUpdateButton")
        self.edit_button = QPushButton("Change group…")
        self.add_button = QPushButton("Add group…")
        self.strip_button = QPushButton("Time without updates")
        self.strip_button.setObjectName("stripButton")
        self.strip_button.setCheckable(True)
        self.strip_button.setToolTip(
            "Show each group's stretches without an update over the whole incident, "
            "and where they ran past the cadence or a promise"
        )
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        for button in (self.log_button, self.edit_button, self.add_button, self.strip_button):
            head.addWidget(button)
        self.table = QTableView()
        self.table.setObjectName("matrixTable")
        self.table.setModel(model)
        self.table.setItemDelegateForColumn(STATUS, ChipDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        theme.table(self.table)
        header = self.table.horizontalHeader()
        # Sized to the contents when the groups change, not on every repaint: measuring the
        # whole table each second cost far more than drawing it.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        model.modelReset.connect(self._fit_columns)
        self._fit_columns()  # the groups may be loaded before this pane is first shown
        header.setMinimumSectionSize(70)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().lineSpacing() + 18
        )
        legend = QLabel(f"Status:  {LEGEND}")
        legend.setObjectName("paneHint")
        legend.setWordWrap(True)
        theme.styled(legend)
        self.strip_area = QVBoxLayout()  # the freshness strip, built when first asked for
        self.clocks_area = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(head)
        layout.addWidget(hint)
        layout.addWidget(self.table, 2)
        layout.addWidget(legend)
        layout.addLayout(self.strip_area, 1)
        layout.addLayout(self.clocks_area, 1)

    def _fit_columns(self) -> None:
        for col in range(self.model.columnCount()):
            if col != MESSAGE:
                self.table.resizeColumnToContents(col)

    def selected_group(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.group(rows[0].row()).id
        current: QModelIndex = self.table.currentIndex()
        return self.model.group(current.row()).id if current.isValid() else None

    def select_group(self, group_id: str) -> None:
        for row, group in enumerate(self.model.groups()):
            if group.id == group_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, GROUP))
                return
