"""The timeline chart: every entry as a marker in its lane, key moments as labelled lines.

One lane per category, then one per stakeholder group (the updates sent to it). Each
lane has its palette colour and its own marker shape, so colour is never the only cue.

However long the incident, a re-render draws at most about DETAIL_LIMIT markers: when
more entries are in view, each lane is cut into bins a few pixels wide and one marker
is drawn per non-empty bin, growing with the number of entries it stands for; zoomed
in, every entry is drawn. Times are kept per lane in sorted numpy arrays, so finding
what is in view is a binary search, never a loop over the entries.

pyqtgraph is imported by this module only; the window loads it after its first paint.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, overload

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from crisisdesk import timewords
from crisisdesk.clock import ensure_utc
from crisisdesk.entries import Filterable
from crisisdesk.vocabulary import CATEGORIES, KEY_MOMENT_WORDS
from ui import palette, timefmt


class ChartRow(Filterable, Protocol):
    """What the chart needs of an entry (what a filter reads, and a little more): the
    table's rows and the core's slim ``entries.Mark`` both have it."""

    @property
    def id(self) -> str: ...
    @property
    def key_moment(self) -> str | None: ...
    @property
    def retracted(self) -> bool: ...


THROTTLE_MS = 25  # at most one re-render in this time, and one at its end
DETAIL_LIMIT = 4_000  # above this many entries in view, draw bins instead of entries
BIN_PX = 8  # one bin per this many pixels of plot width ...
MIN_BINS, MAX_BINS = 60, 400  # ... within these bounds
EDGE = 0.01  # entries this fraction of the range beyond either edge are drawn too
MARKER_PX = 10
BIN_PX_SMALLEST, BIN_PX_LARGEST = 5, 11  # a bin's marker: one entry ... the fullest bin
LABEL_PX = 12
LABEL_ROWS = 3  # rows of key moment labels above the top lane ...
LABEL_BAND_PX = 48  # ... in a band this many pixels high
LANE_PX = 13  # the least height of a lane, for its 12 px label
AXIS_PX = 34  # the time axis under the lanes
MIN_RANGE_S = 60.0
TEXT = "#1B1F24"
AXIS = "#9AA3AD"
OUTLINE = "#3E4750"
BACKGROUND = "#FFFFFF"
SYMBOLS = {  # pyqtgraph symbol per category, echoing the palette glyph where it can
    "detection": "o",
    "decision": "d",
    "action": "t2",
    "communication": "s",
    "external": "t1",
    "checklist": "h",
    "note": "p",
}
HOVER_CHARS = 100


@dataclass(frozen=True)
class ChartData:
    """What the chart draws: one point per marker, sorted by time.

    An update sent to a stakeholder group is two points with the same id: one in the
    Comms lane and one in the group's lane.
    """

    times: np.ndarray  # float64 epoch seconds (UTC), sorted ascending
    lanes: np.ndarray  # lane index per point: category lanes first, then stakeholder lanes
    ids: Sequence[str]  # entry id per point
    labels: Sequence[str]  # hover text per point
    lane_names: Sequence[str]  # one per lane, top to bottom
    lane_colours: Sequence[str]
    lane_symbols: Sequence[str]
    key_moments: Sequence[tuple[float, str]]  # (epoch seconds, label)


def category_lane(row: ChartRow) -> int:
    """The lane of the row's category; an unknown category goes with the notes."""
    category = row.category if row.category in CATEGORIES else "note"
    return CATEGORIES.index(category)


def stakeholder_lane(row: ChartRow, groups: Sequence[str]) -> int | None:
    """Which group a logged update went to, from the words the core records it with
    ("Customers updated by Email: ..."); None for every other entry."""
    if row.category != "communication":
        return None
    for i, name in enumerate(groups):
        if row.text.startswith(f"{name} updated"):
            return i
    return None


def hover_label(row: ChartRow) -> str:
    badge = palette.CATEGORY.get(row.category)
    when = timewords.full_day_hm(timefmt.local(row.occurred_at))
    text = row.text if len(row.text) <= HOVER_CHARS else row.text[: HOVER_CHARS - 1] + "…"
    head = " · ".join(
        part for part in (when, badge.word if badge else row.category, row.actor) if part
    )
    return f"{head}{'  (retracted)' if row.retracted else ''}\n{text}"


K = TypeVar("K")


class LazyLabels(Sequence[str], Generic[K]):
    """Hover texts made only when asked for, from a key per point: formatting 100,000 of
    them up front would hold the window up for a second."""

    def __init__(self, keys: Sequence[K], label: Callable[[K], str]) -> None:
        self._keys = keys
        self._label = label

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self._label(key) for key in self._keys[index]]
        return self._label(self._keys[index])


def chart_data(
    rows: Iterable[ChartRow],
    stakeholder_lanes: Sequence[str] = (),
    lane_of_row: Callable[[ChartRow], int] | None = None,
    *,
    label_for: Callable[[str], str] | None = None,
) -> ChartData:
    """The chart's points for ``rows``; ``lane_of_row`` picks each row's main lane (its
    category's by default). With ``label_for`` the rows are read once and not kept, and
    hover texts are looked up by entry id when shown."""
    lane_of = lane_of_row or category_lane
    kept: list[ChartRow] | None = [] if label_for is None else None
    row_ids: list[str] = []
    times: list[float] = []
    lanes: list[int] = []
    sources: list[int] = []  # the row of each point
    moments: list[tuple[float, str]] = []
    for n, row in enumerate(rows):
        if kept is not None:
            kept.append(row)
        row_ids.append(row.id)
        at = ensure_utc(row.occurred_at).timestamp()
        if row.key_moment and not row.retracted:
            moments.append((at, KEY_MOMENT_WORDS.get(row.key_moment, row.key_moment)))
        group = stakeholder_lane(row, stakeholder_lanes)
        extra = [] if group is None else [len(CATEGORIES) + group]
        for lane in [lane_of(row), *extra]:
            times.append(at)
            lanes.append(lane)
            sources.append(n)
    order = np.argsort(np.asarray(times, dtype=np.float64), kind="stable")
    row_of_point = np.asarray(sources, dtype=np.intp)[order].tolist()
    ids = [row_ids[i] for i in row_of_point]
    labels: Sequence[str]
    if kept is not None:
        rows = kept
        labels = LazyLabels(row_of_point, lambda i: hover_label(rows[i]))
    else:
        assert label_for is not None
        labels = LazyLabels(ids, label_for)
    comms = palette.CATEGORY["communication"]
    return ChartData(
        times=np.asarray(times, dtype=np.float64)[order],
        lanes=np.asarray(lanes, dtype=np.int64)[order],
        ids=ids,
        labels=labels,
        lane_names=[palette.CATEGORY[c].word for c in CATEGORIES] + list(stakeholder_lanes),
        lane_colours=[palette.CATEGORY[c].colour for c in CATEGORIES]
        + [comms.colour] * len(stakeholder_lanes),
        lane_symbols=[SYMBOLS[c] for c in CATEGORIES]
        + [SYMBOLS["communication"]] * len(stakeholder_lanes),
        key_moments=sorted(moments),
    )


@dataclass(frozen=True)
class _Lane:
    """One lane's points, by time: their times and their indexes into ChartData."""

    times: np.ndarray
    points: np.ndarray


@dataclass(frozen=True)
class _Drawn:
    """The markers drawn now. Marker k stands for ``count[k]`` points of lane ``lane[k]``,
    from point ``first[k]`` to point ``last[k]`` (indexes into ChartData)."""

    lane: np.ndarray
    first: np.ndarray
    last: np.ndarray
    count: np.ndarray

    @classmethod
    def nothing(cls) -> _Drawn:
        empty = np.empty(0, dtype=np.intp)
        return cls(empty, empty, empty, empty)


def _clock(epoch: float) -> str:
    return timewords.weekday_hm(datetime.fromtimestamp(epoch).astimezone())


def _font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _objects(values: Sequence[Any]) -> np.ndarray:
    """An object array of ``values``, for picking one per marker by lane."""
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


class TimelineChart(QWidget):
    """A strip of lanes over real time; scroll to zoom, drag to move along time."""

    entry_clicked = Signal(str)
    rendered = Signal()  # after each re-render: for tests and the benchmark

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineChart")
        self._data = chart_data(())
        self._ids = np.empty(0, dtype=str)
        self._lanes: list[_Lane] = []
        self._drawn = _Drawn.nothing()
        self._symbols = _objects([])  # one per lane
        self._brushes = _objects([])
        self._decorations: list[Any] = []  # key moment lines, the lane separator
        self._moments: list[Any] = []  # key moment lines
        self._selected: str | None = None

        self.plot = pg.PlotWidget(
            background=BACKGROUND, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")}
        )
        self.plot.setObjectName("timelineChartPlot")
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.35)
        self._view = item.getViewBox()
        self._view.setMouseEnabled(x=True, y=False)
        self._view.disableAutoRange()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(TEXT))
            axis.setStyle(tickFont=_font(LABEL_PX), tickLength=0 if name == "left" else -4)
        # One outline for every lane (a pen per marker costs more than all the rest of
        # a re-render); dark enough to edge even the yellow of the notes.
        self.markers = pg.ScatterPlotItem(
            pen=pg.mkPen(OUTLINE, width=1),
            hoverable=True,
            hoverPen=pg.mkPen(TEXT, width=2),
            tip=self._tip,
        )
        self.markers.setZValue(10)
        self.markers.sigClicked.connect(self._clicked)
        self.plot.addItem(self.markers)
        self.ring = pg.ScatterPlotItem(
            size=MARKER_PX + 9, symbol="o", pen=pg.mkPen(TEXT, width=2.5), brush=None
        )
        self.ring.setZValue(9)  # under the markers, so that they take the clicks
        self.plot.addItem(self.ring)

        self.fit_button = QPushButton("Fit all")
        self.fit_button.setToolTip(
            "Show the whole incident. On the chart: scroll to zoom, drag to move along time,"
            " click a marker to find its entry."
        )
        self.fit_button.clicked.connect(self.fit_all)
        self.last_button = QPushButton("Last 6 h")
        self.last_button.setToolTip("Show the last six hours")
        self.last_button.clicked.connect(lambda: self.show_last(6))
        buttons = QVBoxLayout()
        buttons.addWidget(self.fit_button)
        buttons.addWidget(self.last_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addLayout(buttons)

        # A range change re-renders at once, so that the next paint is the only one;
        # more changes within THROTTLE_MS (a burst of wheel steps, a drag) are answered
        # by one re-render at the end of that time.
        self._rendered_at = -math.inf
        self._building = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._render)
        self._view.sigXRangeChanged.connect(self._schedule)
        self._view.sigResized.connect(self._fit_lanes)
        self._view.sigResized.connect(self._schedule)
        self._set_lanes()

    # --- public ------------------------------------------------------------------------
    def set_data(self, data: ChartData) -> None:
        """Show these points. A chart showing the latest entries keeps following them;
        otherwise the range the user chose stays as it was."""
        old = self._data
        x0, x1 = self._view.viewRange()[0]
        self._data = data
        self._ids = np.array(list(data.ids), dtype=str)
        self._building = True  # one render at the end, not one per step of the way
        try:
            self._set_lanes()
            self._set_decorations()
            if not len(data.times) or not len(old.times):
                self.fit_all()
            elif x1 >= old.times[-1] and data.times[-1] > old.times[-1]:
                shift = data.times[-1] - old.times[-1]
                self._view.setXRange(x0 + shift, x1 + shift, padding=0)
        finally:
            self._building = False
        self._timer.stop()
        self._render()
        self._place_ring()

    def select_entry(self, entry_id: str) -> None:
        """Ring the entry's markers and, if it is out of view, move the view to it."""
        self._selected = entry_id
        at = self._place_ring()
        x0, x1 = self._view.viewRange()[0]
        if at is not None and not x0 <= at <= x1:
            half = (x1 - x0) / 2
            self._view.setXRange(at - half, at + half, padding=0)

    def fit_all(self) -> None:
        times = self._data.times
        if len(times):
            margin = max((times[-1] - times[0]) * 0.03, MIN_RANGE_S)
            self._view.setXRange(times[0] - margin, times[-1] + margin, padding=0)

    def show_last(self, hours: float) -> None:
        """The last ``hours`` up to the latest entry (and a little past it)."""
        times = self._data.times
        if len(times):
            span = hours * 3600
            self._view.setXRange(times[-1] - span, times[-1] + span * 0.02, padding=0)

    def sizeHint(self) -> QSize:
        return QSize(800, self.minimumHeight())

    def render_count(self) -> int:
        """How many markers are drawn now (the selection ring aside)."""
        return len(self._drawn.first)

    # --- building ----------------------------------------------------------------------
    def _lane_y(self, lanes: np.ndarray) -> np.ndarray:
        return (len(self._data.lane_names) - 1 - lanes).astype(np.float64)

    def _set_lanes(self) -> None:
        data = self._data
        self._lanes = []
        for i in range(len(data.lane_names)):
            points = np.flatnonzero(data.lanes == i)
            self._lanes.append(_Lane(data.times[points], points))
        self._symbols = _objects(data.lane_symbols)
        self._brushes = _objects([pg.mkBrush(c) for c in data.lane_colours])
        count = len(data.lane_names)
        self.setMinimumHeight(LABEL_BAND_PX + count * LANE_PX + AXIS_PX)
        left = self.plot.getPlotItem().getAxis("left")
        metrics = QFontMetrics(_font(LABEL_PX))
        left.setTicks([[(count - 1 - i, name) for i, name in enumerate(data.lane_names)], []])
        widest = max((metrics.horizontalAdvance(n) for n in data.lane_names), default=0)
        left.setWidth(widest + 14)
        self._fit_lanes()
        if len(data.times):
            span = data.times[-1] - data.times[0]
            pad = max(span * 0.1, 3600.0)
            self._view.setLimits(
                xMin=data.times[0] - pad,
                xMax=data.times[-1] + pad,
                minXRange=MIN_RANGE_S,
                maxXRange=span + 2 * pad,
            )

    def _place_ring(self) -> float | None:
        """Ring the selected entry's markers; returns its time, None if it is not shown."""
        if self._selected is None or not len(hits := np.flatnonzero(self._ids == self._selected)):
            self.ring.setData(x=[], y=[])
            return None
        self.ring.setData(x=self._data.times[hits], y=self._lane_y(self._data.lanes[hits]))
        return float(self._data.times[hits[0]])

    def _fit_lanes(self) -> None:
        """Lanes share the plot's height but the label band above them, which keeps a fixed
        number of pixels whatever the height."""
        count = len(self._data.lane_names)
        free = self._view.height() - LABEL_BAND_PX
        band = LABEL_BAND_PX * count / free if free > count * 4 else 2.0
        top = count - 0.5 + band
        self._view.setLimits(yMin=-0.5, yMax=top, minYRange=top + 0.5, maxYRange=top + 0.5)
        self._view.setYRange(-0.5, top, padding=0)

    def _set_decorations(self) -> None:
        for item in self._decorations:
            self.plot.removeItem(item)
        self._decorations, self._moments = [], []
        count = len(self._data.lane_names)
        if count > len(CATEGORIES):  # a rule between the categories and the groups
            rule = pg.InfiniteLine(
                pos=count - len(CATEGORIES) - 0.5, angle=0, pen=pg.mkPen(AXIS, width=1)
            )
            self._decorations.append(rule)
        for at, label in self._data.key_moments:
            line = pg.InfiniteLine(
                pos=at,
                angle=90,
                pen=pg.mkPen(TEXT, width=1.5, style=Qt.PenStyle.DashLine),
                label=label,
                labelOpts={
                    "position": 0.95,
                    "color": TEXT,
                    "fill": pg.mkBrush(255, 255, 255, 225),
                    # Always to the right of the line, so placing the labels below can tell
                    # where each one runs (pyqtgraph would flip it past the view's middle).
                    "anchors": [(0, 0.5), (0, 0.5)],
                },
            )
            line.label.setFont(_font(LABEL_PX, bold=True))
            self._decorations.append(line)
            self._moments.append(line)
        for item in self._decorations:
            item.setZValue(5)
            self.plot.addItem(item)

    def _place_moment_labels(self, x0: float, x1: float) -> None:
        """Put each key moment's label in the first of the band's rows where it does not
        run into the label before it. When every row is taken, the row whose label ends
        first is used and that earlier label is shortened ("Contain…") to make room; its
        full name stays in the line's tooltip."""
        height, width = self._view.height(), self._view.width()
        if height <= LABEL_BAND_PX or x1 <= x0:
            return
        metrics = QFontMetrics(_font(LABEL_PX, bold=True))
        px_per_s = width / (x1 - x0)
        ends = [-math.inf] * LABEL_ROWS
        last: list[tuple[Any, float] | None] = [None] * LABEL_ROWS
        for line, (_at, name) in zip(self._moments, self._data.key_moments, strict=True):
            left = (line.value() - x0) * px_per_s
            to_edge = max(int(width - left) - 8, 0)
            line.label.setPlainText(metrics.elidedText(name, Qt.TextElideMode.ElideRight, to_edge))
            line.setToolTip(name)
            row = next((r for r, end in enumerate(ends) if left > end + 4), None)
            if row is None:
                row = min(range(LABEL_ROWS), key=lambda r: ends[r])
                previous = last[row]
                if previous is not None:
                    earlier, earlier_left = previous
                    room = max(int(left - earlier_left) - 12, 0)
                    earlier.label.setPlainText(
                        metrics.elidedText(earlier.toolTip(), Qt.TextElideMode.ElideRight, room)
                    )
            ends[row] = left + metrics.horizontalAdvance(name) + 8
            last[row] = (line, left)
            centre = 2 + (row + 0.5) * LABEL_BAND_PX / LABEL_ROWS
            line.label.setPosition(1 - centre / height)

    # --- rendering ---------------------------------------------------------------------
    def _schedule(self) -> None:
        if self._building or self._timer.isActive():
            return
        wait_ms = THROTTLE_MS - (time.monotonic() - self._rendered_at) * 1000
        if wait_ms <= 0:
            self._render()
        else:
            self._timer.start(math.ceil(wait_ms))

    def _render(self) -> None:
        self._rendered_at = time.monotonic()
        x0, x1 = self._view.viewRange()[0]
        self._drawn = self._in_view(x0, x1)
        self._draw()
        self._place_moment_labels(x0, x1)
        self.rendered.emit()

    def _in_view(self, x0: float, x1: float) -> _Drawn:
        """Each point in view as a marker of its own or, past DETAIL_LIMIT, each lane's
        points cut into bins on a grid fixed in time (so panning does not reshuffle them)."""
        if not self._lanes:
            return _Drawn.nothing()
        edge = (x1 - x0) * EDGE
        bounds = [lane.times.searchsorted([x0 - edge, x1 + edge]) for lane in self._lanes]
        if sum(int(hi - lo) for lo, hi in bounds) > DETAIL_LIMIT:
            bins = min(max(int(self._view.width() // BIN_PX), MIN_BINS), MAX_BINS)
            bin_s = (x1 - x0) / bins
            edges = np.arange(math.floor((x0 - edge) / bin_s), math.ceil((x1 + edge) / bin_s) + 1)
            cuts = [lane.times.searchsorted(edges * bin_s) for lane in self._lanes]
            full = [np.flatnonzero(c[1:] > c[:-1]) for c in cuts]
            starts = [c[f] for c, f in zip(cuts, full, strict=True)]
            stops = [c[f + 1] for c, f in zip(cuts, full, strict=True)]
        else:
            starts = [np.arange(lo, hi) for lo, hi in bounds]
            stops = [s + 1 for s in starts]
        return _Drawn(
            lane=np.repeat(np.arange(len(self._lanes)), [len(s) for s in starts]),
            first=np.concatenate([ln.points[s] for ln, s in zip(self._lanes, starts, strict=True)]),
            last=np.concatenate(
                [ln.points[s - 1] for ln, s in zip(self._lanes, stops, strict=True)]
            ),
            count=np.concatenate([b - a for a, b in zip(starts, stops, strict=True)]),
        )

    def _draw(self) -> None:
        drawn, times = self._drawn, self._data.times
        largest = int(drawn.count.max(initial=1))
        size: Any = MARKER_PX
        if largest > 1:  # bins: the marker's area grows with the number of entries
            share = np.sqrt(drawn.count / largest)
            size = np.rint(BIN_PX_SMALLEST + (BIN_PX_LARGEST - BIN_PX_SMALLEST) * share)
        self.markers.setData(
            x=(times[drawn.first] + times[drawn.last]) / 2,
            y=self._lane_y(drawn.lane),
            symbol=self._symbols[drawn.lane],
            brush=self._brushes[drawn.lane],
            size=size,
            data=np.arange(len(drawn.first)),
        )

    # --- hover and click ---------------------------------------------------------------
    def _tip(self, x: float, y: float, data: int) -> str:
        drawn = self._drawn
        first, last, count = int(drawn.first[data]), int(drawn.last[data]), drawn.count[data]
        if count == 1:
            return self._data.labels[first]
        name = self._data.lane_names[int(drawn.lane[data])]
        span = f"{_clock(self._data.times[first])} – {_clock(self._data.times[last])}"
        return f"{count} {name} entries, {span}\nClick to zoom in"

    def _clicked(self, item: Any, points: Sequence[Any], event: Any) -> None:
        k = int(points[0].data())
        first, last = int(self._drawn.first[k]), int(self._drawn.last[k])
        if self._drawn.count[k] == 1:
            self.entry_clicked.emit(self._data.ids[first])
            return
        start, end = self._data.times[first], self._data.times[last]
        margin = max((end - start) * 0.5, MIN_RANGE_S)
        self._view.setXRange(start - margin, end + margin, padding=0)
