"""The filter bar over the timeline: category toggles, actor, search, time window."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from crisisdesk.clock import Clock
from crisisdesk.entries import TimelineFilter
from crisisdesk.vocabulary import CATEGORIES
from ui import palette

TYPING_PAUSE_MS = 150  # filter once typing pauses, not on every key of a fast typist
WINDOWS = (
    ("All time", None),
    ("Last hour", timedelta(hours=1)),
    ("Last 6 hours", timedelta(hours=6)),
    ("Last 24 hours", timedelta(hours=24)),
)
ANY_ACTOR = "Any actor"


class FilterBar(QWidget):
    changed = Signal(object)  # TimelineFilter

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.toggles: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for key in CATEGORIES:
            badge = palette.CATEGORY[key]
            button = QToolButton()
            button.setObjectName(f"filter_{key}")
            button.setText(badge.glyph)
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolTip(f"Show {badge.word} entries (click to hide them)")
            button.setStyleSheet(
                "QToolButton { padding: 3px 6px; border-radius: 4px; border: 1px solid #9AA5B1; }"
                f"QToolButton:checked {{ background: {badge.colour}; color: {badge.text_colour};"
                f" border-color: {badge.colour}; }}"
            )
            button.toggled.connect(self._emit)
            self.toggles[key] = button
            layout.addWidget(button)
        self.actor = QComboBox()
        self.actor.setObjectName("actorFilter")
        self.actor.addItem(ANY_ACTOR)
        self.actor.setToolTip("Only entries by this actor")
        # A fixed width: sized to the longest name it would squeeze the search box.
        self.actor.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.actor.setMinimumContentsLength(9)
        self.actor.currentIndexChanged.connect(self._emit)
        self.search = QLineEdit()
        self.search.setObjectName("timelineSearch")
        self.search.setPlaceholderText("Search text or actor… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self.period = QComboBox()
        self.period.setObjectName("windowFilter")
        for label, _ in WINDOWS:
            self.period.addItem(label)
        self.period.currentIndexChanged.connect(self._emit)
        self.clear = QToolButton()
        self.clear.setText("Show all")
        self.clear.setToolTip("Clear every filter")
        self.clear.clicked.connect(self.reset)
        layout.addSpacing(8)
        layout.addWidget(self.actor)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.period)
        layout.addWidget(self.clear)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._emit)
        self.search.textChanged.connect(self._pause.start)

    def current(self) -> TimelineFilter:
        shown = frozenset(k for k, b in self.toggles.items() if b.isChecked())
        actor = self.actor.currentText() if self.actor.currentIndex() > 0 else ""
        window = WINDOWS[self.period.currentIndex()][1]
        return TimelineFilter(
            categories=None if len(shown) == len(CATEGORIES) else shown,
            actor=actor,
            text=self.search.text().strip(),
            since=self.clock.now() - window if window is not None else None,
        )

    def set_actors(self, actors: list[str]) -> None:
        chosen = self.actor.currentText()
        self.actor.blockSignals(True)
        self.actor.clear()
        self.actor.addItem(ANY_ACTOR)
        self.actor.addItems(actors)
        self.actor.setCurrentIndex(max(self.actor.findText(chosen), 0))
        self.actor.blockSignals(False)

    def reset(self) -> None:
        widgets: list[QWidget] = [*self.toggles.values(), self.actor, self.search, self.period]
        for widget in widgets:
            widget.blockSignals(True)
        for button in self.toggles.values():
            button.setChecked(True)
        self.actor.setCurrentIndex(0)
        self.search.clear()
        self.period.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self._emit()

    def _emit(self) -> None:
        self._pause.stop()
        self.changed.emit(self.current())
