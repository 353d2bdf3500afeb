"""The freshness strip: for each stakeholder group, every silence of the incident.

One lane per group. Each silence (a stretch without an update, see
``crisisdesk.silences``) is a bar over real time: calm green while within what was
due, vermillion and hatched past it, so colour is never the only cue; a silence in
which nothing was due (on demand, paused) is pale grey. A dark tick marks each update
sent. Hovering a bar says how long it lasted and against what; the caption at the
right of each lane gives its longest silence.

pyqtgraph is imported by this module only: the window builds the strip when needed.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crisisdesk.silences import Silence, longest
from ui import palette, theme, timefmt
from ui.timeline.chart import AXIS, BACKGROUND, TEXT

LABEL_PX = 12  # lane labels and captions
LANE_PX = 24  # the least height of a lane
AXIS_PX = 34
BAR = 0.58  # a bar's height, as a share of its lane
TICK_PX = 20  # the update marker's height
MIN_RANGE_S = 300.0
MUTED = "#52606D"
CALM = QColor(palette.GREEN)
CALM.setAlpha(80)
CALM_EDGE = QColor(palette.GREEN)
CALM_EDGE.setAlpha(150)
NOTHING_DUE = QColor(palette.GREY)
NOTHING_DUE.setAlpha(45)
NOTHING_DUE_EDGE = QColor(palette.GREY)
NOTHING_DUE_EDGE.setAlpha(110)
OVER_EDGE = "#7A2E00"
HATCH = QColor(255, 255, 255, 200)


class Kind(enum.Enum):
    WITHIN = "within what was due"
    OVER = "beyond what was due"
    NOTHING_DUE = "nothing due"


@dataclass(frozen=True)
class Span:
    """One bar as drawn: ``lane`` from the top, times in epoch seconds."""

    lane: int
    start: float
    end: float
    kind: Kind


def duration_text(span: timedelta) -> str:
    """ "45 min", "1 h", "3 h 10 min", "2 d 4 h"; "under 1 min" for less."""
    if span < timedelta(minutes=1):
        return "under 1 min"
    text = timefmt.ago(span)
    return text.removesuffix(" 00 min")


def silence_text(group: str, silence: Silence, now: datetime) -> str:
    """ "Customers: 3 h 10 min without an update (allowed 1 h; 2 h 10 min over) 14:05–17:15"."""
    so_far = " so far" if silence.ongoing else ""
    head = f"{group}: {duration_text(silence.length)} without an update{so_far}"
    if silence.allowed is None:
        judged = "nothing was due"
    elif silence.over_by is not None:
        judged = f"allowed {duration_text(silence.allowed)}; {duration_text(silence.over_by)} over"
    else:
        judged = f"allowed {duration_text(silence.allowed)}"
    text = f"{head} ({judged}) {_between(silence, now)}"
    if silence.promised_at is not None:
        promised = timefmt.day_clock(silence.promised_at, now)
        text += f"\nNext update promised by {promised}: {_promise_word(silence)}"
    return text


def _promise_word(silence: Silence) -> str:
    if silence.broken_promise:
        return "broken"
    return "not yet due" if silence.ongoing else "kept"


def _between(silence: Silence, now: datetime) -> str:
    """ "14:05–17:15", "Sat 22:40–Sun 01:10", "Sat 14:05–now"."""
    start = timefmt.day_clock(silence.start, now)
    if silence.ongoing:
        return f"{start}–now"
    same_day = timefmt.local(silence.start).date() == timefmt.local(silence.end).date()
    end = timefmt.clock(silence.end) if same_day else timefmt.day_clock(silence.end, now)
    return f"{start}–{end}"


def caption(found: Sequence[Silence]) -> str:
    """A lane's summary: its longest silence and how many ran past what was due."""
    worst = longest(found)
    if worst is None:
        return ""
    over = sum(1 for s in found if s.exceeded)
    if over:
        tail = f"{over} late"
    elif all(s.allowed is None for s in found):
        tail = "nothing due"
    else:
        tail = "all on time"
    return f"longest {duration_text(worst.length)} · {tail}"


def spans(lane: int, found: Sequence[Silence]) -> list[Span]:
    """The bars of one lane: each silence whole, or split where it ran past what was due."""
    bars = []
    for silence in found:
        start, end = silence.start.timestamp(), silence.end.timestamp()
        due = silence.due_at
        if due is None:
            bars.append(Span(lane, start, end, Kind.NOTHING_DUE))
        elif not silence.exceeded:
            bars.append(Span(lane, start, end, Kind.WITHIN))
        else:
            if due > silence.start:
                bars.append(Span(lane, start, due.timestamp(), Kind.WITHIN))
            bars.append(Span(lane, due.timestamp(), end, Kind.OVER))
    return bars


def update_moments(found: Sequence[Silence]) -> list[datetime]:
    """When the updates that began or ended these silences were sent, in time order."""
    moments = {s.start for s in found if s.after_update}
    moments.update(s.end for s in found if not s.ongoing)
    return sorted(moments)


def _font(pixels: int) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    return font


def _bars(brush: QBrush | QColor | str, pen: QPen | None) -> pg.BarGraphItem:
    return pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[], brush=brush, pen=pen)


def _swatch(kind: Kind | Literal["now"] | None) -> QPixmap:
    """The legend's sample of a bar (None: an update's tick; "now": the line at now)."""
    pixmap = QPixmap(26, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    rect = QRectF(0.5, 1.5, 25, 11)
    if kind is None:
        painter.fillRect(QRectF(12, 0, 2, 14), QColor(TEXT))
    elif kind == "now":
        painter.setPen(_now_pen())
        painter.drawLine(QPointF(13, 0), QPointF(13, 14))
    else:
        brush, pen = _look(kind)
        painter.setPen(pen)
        painter.setBrush(brush)
        painter.drawRect(rect)
        if kind is Kind.OVER:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
            painter.drawRect(rect)
    painter.end()
    return pixmap


def _now_pen() -> QPen:
    pen = QPen(QColor(TEXT), 1.5, Qt.PenStyle.DashLine)
    pen.setCosmetic(True)
    return pen


def _tick_symbol() -> QPainterPath:
    """A slim upright bar, for the moment an update was sent (pyqtgraph's "|" is stout)."""
    path = QPainterPath()
    path.addRect(QRectF(-0.06, -0.5, 0.12, 1.0))
    return path


def _look(kind: Kind) -> tuple[QBrush, QPen]:
    """A bar's fill and edge; the edge is cosmetic, a width in pixels whatever the zoom."""
    if kind is Kind.WITHIN:
        brush, pen = QBrush(CALM), QPen(CALM_EDGE, 1)
    elif kind is Kind.OVER:
        brush, pen = QBrush(QColor(palette.VERMILLION)), QPen(QColor(OVER_EDGE), 1.5)
    else:
        brush, pen = QBrush(NOTHING_DUE), QPen(NOTHING_DUE_EDGE, 1)
    pen.setCosmetic(True)
    return brush, pen


class FreshnessStrip(QWidget):
    """Lanes of silences over real time; scroll to zoom, drag to move along time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("freshnessStrip")
        self._groups: list[tuple[str, list[Silence]]] = []
        self._starts: list[list[float]] = []  # per lane, each silence's start, for hover
        self._start = self._now = datetime.fromtimestamp(0).astimezone()
        self._following = True  # the view shows it all, and keeps doing so as time passes
        self._decorations: list[pg.GraphicsObject] = []

        self.plot = pg.PlotWidget(
            background=BACKGROUND, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")}
        )
        self.plot.setObjectName("freshnessStripPlot")
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=False, alpha=0.3)
        item.showAxis("right")
        self._view = item.getViewBox()
        self._view.setMouseEnabled(x=True, y=False)
        self._view.disableAutoRange()
        for name in ("left", "bottom", "right"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(MUTED if name == "right" else TEXT))
            axis.setStyle(tickFont=_font(LABEL_PX), tickLength=0 if name != "bottom" else -4)
        self._items = {kind: _bars(*_look(kind)) for kind in Kind}
        self._hatch = _bars(QBrush(HATCH, Qt.BrushStyle.BDiagPattern), None)
        self._ticks = pg.ScatterPlotItem(
            symbol=_tick_symbol(), size=TICK_PX, pen=None, brush=pg.mkBrush(TEXT)
        )
        for z, drawn in enumerate((*self._items.values(), self._hatch, self._ticks)):
            drawn.setZValue(10 + z)
            self.plot.addItem(drawn)
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        self._view.sigRangeChangedManually.connect(self._moved_by_hand)

        self.fit_button = QPushButton("Fit all")
        self.fit_button.setToolTip(
            "Show the whole incident. On the strip: scroll to zoom, drag to move along time,"
            " hover a bar for its times."
        )
        self.fit_button.clicked.connect(self.fit_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._head())
        layout.addWidget(self.plot, 1)
        self._size_to_lanes()

    def _head(self) -> QHBoxLayout:
        title = QLabel("Time without an update")
        title.setObjectName("paneTitle")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        legend: list[tuple[Kind | Literal["now"] | None, str]] = [
            (Kind.WITHIN, "within the cadence or promise"),
            (Kind.OVER, "beyond it"),
            (Kind.NOTHING_DUE, "nothing due (on demand, paused)"),
            (None, "update sent"),
            ("now", "now"),
        ]
        for kind, words in legend:
            sample = QLabel()
            sample.setPixmap(_swatch(kind))
            text = QLabel(words)
            text.setObjectName("paneHint")
            theme.styled(text)
            head.addWidget(sample)
            head.addWidget(text)
            head.addSpacing(10)
        theme.styled(title)
        head.addStretch(1)
        head.addWidget(self.fit_button)
        return head

    # --- public ------------------------------------------------------------------------
    def set_data(
        self, groups: list[tuple[str, list[Silence]]], start: datetime, now: datetime
    ) -> None:
        """Show each group's silences, top to bottom in the order given. A strip showing
        the whole incident keeps doing so; a range chosen by hand stays as it was."""
        self._groups = [(name, list(found)) for name, found in groups]
        self._starts = [[s.start.timestamp() for s in found] for _, found in self._groups]
        self._start, self._now = start, now
        drawn = [bar for lane, (_, found) in enumerate(self._groups) for bar in spans(lane, found)]
        for kind, item in self._items.items():
            self._set_bars(item, [b for b in drawn if b.kind is kind])
        self._set_bars(self._hatch, [b for b in drawn if b.kind is Kind.OVER])
        self._set_ticks()
        self._set_axes()
        self._set_decorations()
        self._size_to_lanes()
        self._set_limits()
        if self._following:
            self.fit_all()

    def fit_all(self) -> None:
        """Show the incident from its start to now."""
        first, last = self._start.timestamp(), self._now.timestamp()
        margin = max((last - first) * 0.02, 60.0)
        self._view.setXRange(first - margin, last + margin, padding=0)
        self._following = True

    def drawn_spans(self) -> list[Span]:
        """The bars drawn now, read back from the plot (for tests)."""
        found = []
        for kind, item in self._items.items():
            opts = item.opts
            for x0, x1, y0 in zip(opts["x0"], opts["x1"], opts["y0"], strict=True):
                lane = len(self._groups) - 1 - round(float(y0) + BAR / 2)
                found.append(Span(lane, float(x0), float(x1), kind))
        return sorted(found, key=lambda b: (b.lane, b.start))

    def drawn_updates(self) -> list[tuple[int, float]]:
        """The update ticks drawn now, as (lane, epoch seconds), read back (for tests)."""
        xs, ys = self._ticks.getData()
        lanes = [len(self._groups) - 1 - round(float(y)) for y in ys]
        return sorted(zip(lanes, (float(x) for x in xs), strict=True))

    def text_at(self, x: float, y: float) -> str:
        """What hovering the point (``x`` epoch seconds, ``y`` in lanes) says; "" off the bars."""
        lane = len(self._groups) - 1 - round(y)
        if not 0 <= lane < len(self._groups) or abs(y - round(y)) > BAR / 2:
            return ""
        name, found = self._groups[lane]
        i = bisect.bisect_right(self._starts[lane], x) - 1
        if i < 0 or x > found[i].end.timestamp():
            return ""
        return silence_text(name, found[i], self._now)

    def sizeHint(self) -> QSize:
        return QSize(900, self.plot.minimumHeight() + LANE_PX * 2)

    # --- building ----------------------------------------------------------------------
    def _lane_y(self, lane: int) -> float:
        return float(len(self._groups) - 1 - lane)

    def _set_bars(self, item: pg.BarGraphItem, bars: Sequence[Span]) -> None:
        item.setOpts(
            x0=[b.start for b in bars],
            x1=[b.end for b in bars],
            y0=[self._lane_y(b.lane) - BAR / 2 for b in bars],
            y1=[self._lane_y(b.lane) + BAR / 2 for b in bars],
        )

    def _set_ticks(self) -> None:
        moments = [
            (lane, at.timestamp())
            for lane, (_, found) in enumerate(self._groups)
            for at in update_moments(found)
        ]
        self._ticks.setData(
            x=[at for _, at in moments], y=[self._lane_y(lane) for lane, _ in moments]
        )

    def _set_axes(self) -> None:
        item = self.plot.getPlotItem()
        metrics = QFontMetrics(_font(LABEL_PX))
        names = [name for name, _ in self._groups]
        captions = [caption(found) for _, found in self._groups]
        for side, texts in (("left", names), ("right", captions)):
            axis = item.getAxis(side)
            axis.setTicks([[(self._lane_y(i), t) for i, t in enumerate(texts)], []])
            axis.setWidth(max((metrics.horizontalAdvance(t) for t in texts), default=0) + 14)

    def _set_decorations(self) -> None:
        for old in self._decorations:
            self.plot.removeItem(old)
        rules: list[pg.GraphicsObject] = [
            pg.InfiniteLine(pos=lane + 0.5, angle=0, pen=pg.mkPen(AXIS, width=1))
            for lane in range(len(self._groups) - 1)
        ]
        now = pg.InfiniteLine(pos=self._now.timestamp(), angle=90, pen=_now_pen())
        now.setToolTip(f"Now: {timefmt.clock(self._now)}")
        self._decorations = [*rules, now]
        for decoration in self._decorations:
            decoration.setZValue(5)
            self.plot.addItem(decoration)

    def _size_to_lanes(self) -> None:
        count = max(len(self._groups), 1)
        self.plot.setMinimumHeight(count * LANE_PX + AXIS_PX)
        top = count - 0.5
        self._view.setLimits(yMin=-0.5, yMax=top, minYRange=count, maxYRange=count)
        self._view.setYRange(-0.5, top, padding=0)

    def _set_limits(self) -> None:
        first, last = self._start.timestamp(), self._now.timestamp()
        pad = max((last - first) * 0.05, 600.0)
        self._view.setLimits(
            xMin=first - pad,
            xMax=last + pad,
            minXRange=MIN_RANGE_S,
            maxXRange=last - first + 2 * pad,
        )

    # --- hover and moves ---------------------------------------------------------------
    def _hovered(self, scene_pos: QPointF) -> None:
        text = ""
        if self._view.sceneBoundingRect().contains(scene_pos):
            point = self._view.mapSceneToView(scene_pos)
            text = self.text_at(point.x(), point.y())
        if text != self._view.toolTip():
            self._view.setToolTip(text)

    def _moved_by_hand(self, _changed: object) -> None:
        self._following = False
