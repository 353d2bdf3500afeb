"""The timeline pane: a quick-log line over the table of entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.clock import Clock
from crisisdesk.entries import TimelineFilter
from ui import theme
from ui.timeline.cells import CellDelegate
from ui.timeline.filters import FilterBar

if TYPE_CHECKING:
    from ui.timeline.chart import TimelineChart
from ui.timeline.model import ACTOR, CATEGORY, MARKS, OCCURRED, RECORDED, TEXT, TimelineModel
from ui.timeline.quick_log import QuickLog

LINES = 2  # of entry text shown in a row; the whole text is in its tooltip
PAD_Y = 5  # above and below those lines
MIN_FIRST_PAGE = 12


class TimelinePane(QWidget):
    """The newest entries at the top, right under the line they are typed into."""

    def __init__(self, model: TimelineModel, clock: Clock) -> None:
        super().__init__()
        self.model = model
        title = QLabel("Timeline")
        title.setObjectName("paneTitle")
        self.count = QLabel()
        self.count.setObjectName("paneHint")
        self.utc = QCheckBox("Show UTC")
        self.utc.setToolTip("Show times in UTC instead of local time (Ctrl+T)")
        self.utc.toggled.connect(model.set_show_utc)
        theme.styled(title, self.count)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.count)
        head.addStretch(1)
        head.addWidget(self.utc)

        self.quick_log = QuickLog(clock)
        self.filters = FilterBar(clock)
        self.filters.changed.connect(self.apply_filter)
        self.new_entries = QPushButton()
        self.new_entries.setObjectName("newEntriesButton")
        self.new_entries.setToolTip("Back to the newest entry (Ctrl+Home)")
        self.new_entries.clicked.connect(self.scroll_to_latest)
        self.new_entries.hide()
        self._unseen = 0

        self.table = QTableView()
        self.table.setObjectName("timelineTable")
        self.table.setModel(model)
        self.table.setItemDelegate(CellDelegate(model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        theme.table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (OCCURRED, 88),
            (CATEGORY, 118),
            (ACTOR, 120),
            (RECORDED, 120),
            (MARKS, 64),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        # Two lines a row, the same for every row: sizing rows to their contents would
        # measure every entry, which a long timeline cannot afford.
        self.row_height = LINES * self.table.fontMetrics().lineSpacing() + 2 * PAD_Y
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.row_height)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        # Until the table has its size (the window's first open comes before that), it can
        # at most be as tall as the screen.
        self._fit_first_page(self.screen().availableGeometry().height())
        self.table.viewport().installEventFilter(self)

        self.chart: TimelineChart | None = None
        self._layout = QVBoxLayout(self)
        layout = self._layout
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(head)
        layout.addWidget(self.quick_log)
        layout.addWidget(self.filters)
        layout.addWidget(self.new_entries)
        layout.addWidget(self.table, 1)
        model.modelReset.connect(self._update_count)
        model.totals_changed.connect(self._update_count)
        model.totals_changed.connect(lambda: self.known_actors(model.actors()))
        model.rowsInserted.connect(self._update_count)
        model.rowsRemoved.connect(self._update_count)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._fit_first_page(self.table.viewport().height())
        return False

    def _fit_first_page(self, height: int) -> None:
        # Opening an incident or filtering reads only what fits in ``height``, and a few
        # rows more; the view fetches the next page itself when its last row comes into
        # sight.
        fits = height // self.row_height + 1
        self.model.first_page = max(fits + 4, MIN_FIRST_PAGE)

    def _update_count(self) -> None:
        total = self.model.total
        noun = "entry" if total == 1 else "entries"
        if self.model.filter.is_empty:
            self.count.setText(f"{total:,} {noun}")
        else:
            shown = self.model.rowCount()
            more = "" if self.model.exhausted else "+"
            self.count.setText(f"{shown:,}{more} shown by the filter, of {total:,}")

    def apply_filter(self, flt: TimelineFilter) -> None:
        self.model.set_filter(flt)
        self.scroll_to_latest()

    def known_actors(self, actors: list[str]) -> None:
        self.filters.set_actors(actors)
        self.quick_log.set_actors(actors)

    # --- follow mode ------------------------------------------------------------------
    @property
    def following(self) -> bool:
        bar = self.table.verticalScrollBar()
        return bar.value() == bar.minimum()

    def entries_arrived(self, rows: list[int]) -> None:
        """New entries came in at ``rows``: stay at the top, or keep the reader's place."""
        if not rows:
            return
        if self.following:
            self.table.scrollToTop()
            return
        bar = self.table.verticalScrollBar()
        above = sum(1 for r in rows if r <= bar.value())
        bar.setValue(bar.value() + above)
        self._unseen += len(rows)
        self.new_entries.setText(
            f"▲  {self._unseen} new entr{'y' if self._unseen == 1 else 'ies'} — show"
        )
        self.new_entries.show()

    def _scrolled(self, value: int) -> None:
        if value == self.table.verticalScrollBar().minimum():
            self._unseen = 0
            self.new_entries.hide()

    def scroll_to_row(self, row: int) -> None:
        index = self.model.index(row, TEXT)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def scroll_to_latest(self) -> None:
        self.table.scrollToTop()
        self._scrolled(self.table.verticalScrollBar().value())

    def focus_quick_log(self) -> None:
        self.quick_log.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.quick_log.line.selectAll()

    # --- chart strip ------------------------------------------------------------------
    def add_chart(self) -> TimelineChart:
        """Put the chart strip above the table (pyqtgraph is loaded here, not at start-up)."""
        if self.chart is None:
            from ui.timeline.chart import TimelineChart

            self.chart = TimelineChart()
            self.chart.setObjectName("timelineChart")
            self._layout.insertWidget(self._layout.indexOf(self.table), self.chart)
            self.chart.entry_clicked.connect(self.reveal_entry)
            self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        return self.chart

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.chart is not None and current.isValid():
            self.chart.select_entry(self.model.entry(current.row()).id)

    def reveal_entry(self, entry_id: str) -> bool:
        """Select an entry in the table, fetching older pages until it is loaded."""
        row = self.model.row_of(entry_id)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(entry_id)
        if row < 0:
            self.count.setText("That entry is hidden by the filter: press Show all to see it")
            return False
        self.table.selectRow(row)
        self.scroll_to_row(row)
        return True

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()
