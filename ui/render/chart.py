"""The timeline chart on paper, drawn as vectors: one lane per category, then one per
stakeholder group for the updates sent to it; key moments as labelled dashed lines.

Each category has its own colour and its own shape, so the chart reads in grey too. Marks
that would overlap in a lane are drawn as one, larger the more entries it stands for: ten
thousand entries make at most a few hundred shapes per lane, each lane one path.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

from crisisdesk import timewords
from crisisdesk.report import Chart
from ui import palette
from ui.render.layout import INK, MUTED, RULE, ZEBRA
from ui.render.text import SMALL, TINY, TINY_BOLD, Fonts

SHAPES = {
    "detection": "circle",
    "decision": "diamond",
    "action": "right",
    "communication": "square",
    "external": "up",
    "checklist": "hexagon",
    "note": "down",
}
GROUP_COLOURS = (
    palette.BLUE,
    palette.VERMILLION,
    palette.GREEN,
    palette.PURPLE,
    palette.ORANGE,
    palette.SKY,
    palette.GREY,
    palette.YELLOW,
)
OUTLINE = "#2E353D"
MOMENT = "#3E4750"
# Tick spacings to choose from, in seconds: the first giving at most one tick per TICK_PT.
STEPS = (
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    2 * 3600,
    3 * 3600,
    6 * 3600,
    12 * 3600,
    86400,
    2 * 86400,
    7 * 86400,
    14 * 86400,
    28 * 86400,
)
TICK_PT = 58.0
MIN_LANE, MAX_LANE = 12.0, 26.0


def category_word(category: str) -> str:
    return category.replace("_", " ").capitalize()


def shape(kind: str, r: float) -> QPainterPath:
    """A marker centred on the origin, about ``2 r`` across."""
    path = QPainterPath()
    if kind == "circle":
        path.addEllipse(QPointF(0, 0), r, r)
        return path
    if kind == "square":
        s = r * 0.88
        path.addRect(QRectF(-s, -s, 2 * s, 2 * s))
        return path
    corners: list[tuple[float, float]]
    if kind == "diamond":
        s = r * 1.2
        corners = [(0, -s), (s, 0), (0, s), (-s, 0)]
    elif kind == "up":
        s = r * 1.15
        corners = [(0, -s), (s, s * 0.75), (-s, s * 0.75)]
    elif kind == "down":
        s = r * 1.15
        corners = [(0, s), (s, -s * 0.75), (-s, -s * 0.75)]
    elif kind == "right":
        s = r * 1.15
        corners = [(s, 0), (-s * 0.75, s), (-s * 0.75, -s)]
    else:  # hexagon
        s = r * 1.05
        corners = [(s * math.cos(a), s * math.sin(a)) for a in (i * math.pi / 3 for i in range(6))]
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in corners]))
    path.closeSubpath()
    return path


def _step(span_s: float, width: float) -> int:
    most = max(int(width / TICK_PT), 2)
    for step in STEPS:
        if span_s / step <= most:
            return step
    return STEPS[-1] * math.ceil(span_s / (STEPS[-1] * most))


class ChartBlock:
    """The chart measured for a width; ``paint`` draws it with its top left at (x, y)."""

    def __init__(self, chart: Chart, tz: tzinfo, fonts: Fonts, width: float, height: float):
        self.fonts = fonts
        self.tz = tz
        self.width = width
        lanes = [*chart.category_lanes, *chart.group_lanes]
        self.lanes = lanes
        self.n_categories = len(chart.category_lanes)
        start, end = chart.start, chart.end
        if end <= start:
            start, end = start - timedelta(minutes=30), end + timedelta(minutes=30)
        pad = (end - start) * 0.02
        self.start, self.end = start - pad, end + pad
        t0, t1 = self.start.timestamp(), self.end.timestamp()

        small, tiny = fonts[SMALL], fonts[TINY]
        self.small, self.tiny, self.tiny_bold = small, tiny, fonts[TINY_BOLD]
        counts = dict.fromkeys(lanes, 0)
        for mark in chart.marks:
            if mark.lane in counts:
                counts[mark.lane] += 1
        self.labels = [
            f"{category_word(lane)} ({counts[lane]})" for lane in chart.category_lanes
        ] + [f"✉ {lane} ({counts[lane]})" for lane in chart.group_lanes]
        widest = max((small.width(text) for text in self.labels), default=40.0)
        self.label_w = min(max(widest, 60.0) + 16.0, width * 0.3)
        self.plot_x = self.label_w + 4.0
        self.plot_w = width - self.plot_x - 2.0
        scale = self.plot_w / (t1 - t0)
        self.t0, self.scale = t0, scale

        # Key moment labels in rows above the lanes, each in the first row with room.
        self.moments: list[tuple[float, int, str, bool]] = []  # x, row, label, right-aligned
        ends: list[float] = []
        for moment in sorted(chart.moments, key=lambda m: m.at):
            x = self.plot_x + (moment.at.timestamp() - t0) * scale
            label = f"{moment.name} {moment.at.astimezone(UTC):%H:%M}"
            w = self.tiny_bold.width(label) + 4.0
            right = x + w > self.plot_x + self.plot_w
            lo, hi = (x - w, x) if right else (x, x + w)
            row = next((i for i, e in enumerate(ends) if e < lo), len(ends))
            if row == len(ends):
                ends.append(hi)
            ends[row] = hi
            self.moments.append((x, row, label, right))
        rows = 1 + max((row for _, row, _, _ in self.moments), default=-1)
        self.band = rows * tiny.height + (4.0 if rows else 0.0)

        self.local = self._local_differs(chart)
        self.axis = tiny.height * (3 if self.local else 2) + 6.0
        available = height - self.band - self.axis
        count = max(len(lanes), 1)
        self.lane_h = min(max(available / count, MIN_LANE), MAX_LANE)
        self.lanes_top = self.band
        self.lanes_h = self.lane_h * count
        self.height = self.band + self.lanes_h + self.axis

        # Marks that would overlap share one bin, drawn once at the bin's mean time and
        # larger the more marks it holds; each lane is one path.
        r = min(self.lane_h * 0.27, 3.3)
        bin_w = 2.4 * r
        index = {lane: i for i, lane in enumerate(lanes)}
        bins: list[dict[int, list[float]]] = [{} for _ in lanes]
        for mark in chart.marks:
            i = index.get(mark.lane)
            if i is None:
                continue
            x = self.plot_x + (mark.at.timestamp() - t0) * scale
            found = bins[i].setdefault(int(x / bin_w), [0.0, 0.0])
            found[0] += 1
            found[1] += x
        kinds = [SHAPES.get(lane, "circle") for lane in chart.category_lanes]
        kinds += ["square"] * len(chart.group_lanes)
        paths = [QPainterPath() for _ in lanes]
        for i, lane_bins in enumerate(bins):
            most = max((n for n, _ in lane_bins.values()), default=1.0)
            y = self.lanes_top + (i + 0.5) * self.lane_h
            for n, total in lane_bins.values():
                size = r if most <= 1 else r * (0.6 + 0.4 * math.sqrt(n / most))
                paths[i].addPath(shape(kinds[i], size).translated(total / n, y))
        marker = [shape(kind, r) for kind in kinds]
        self.paths = paths
        self.markers = marker
        self.colours = [
            palette.CATEGORY[lane].colour if lane in palette.CATEGORY else palette.GREY
            for lane in chart.category_lanes
        ] + [GROUP_COLOURS[i % len(GROUP_COLOURS)] for i in range(len(chart.group_lanes))]
        self.ticks = self._ticks()

    def _local_differs(self, chart: Chart) -> bool:
        offset = chart.start.astimezone(self.tz).utcoffset()
        return offset is not None and offset != timedelta(0)

    def _ticks(self) -> list[tuple[float, str, str, str]]:
        """Each tick: x, its UTC time, its UTC date when the day changes, its local time."""
        t0 = self.t0
        t1 = t0 + self.plot_w / self.scale
        step = _step(t1 - t0, self.plot_w)
        first = math.ceil(t0 / step) * step
        out: list[tuple[float, str, str, str]] = []
        day = ""
        t = float(first)
        while t <= t1:
            at = datetime.fromtimestamp(t, UTC)
            date = f"{at.day} {timewords.month(at)}"
            here = at.astimezone(self.tz)
            if step >= 86400:
                out.append((self.plot_x + (t - t0) * self.scale, date, f"{at:%Y}", ""))
            else:
                shown = date if date != day else ""
                local = f"{here:%H:%M}" if self.local else ""
                out.append((self.plot_x + (t - t0) * self.scale, f"{at:%H:%M}", shown, local))
            day = date
            t += step
        return out

    def paint(self, p: QPainter, x0: float, y0: float) -> None:
        p.translate(x0, y0)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        px, pw = self.plot_x, self.plot_w
        top, lane_h = self.lanes_top, self.lane_h
        bottom = top + self.lanes_h

        # Lanes: shaded alternately, labelled on the left with their marker.
        p.setPen(Qt.PenStyle.NoPen)
        for i in range(len(self.lanes)):
            if i % 2:
                p.setBrush(QColor(ZEBRA))
                p.drawRect(QRectF(0, top + i * lane_h, px + pw, lane_h))
        p.setFont(self.small.font)
        for i, label in enumerate(self.labels):
            y = top + (i + 0.5) * lane_h
            p.setPen(QPen(QColor(OUTLINE), 0.3))
            p.setBrush(QColor(self.colours[i]))
            p.drawPath(self.markers[i].translated(6.0, y))
            p.setPen(QColor(INK))
            text = self.small.elide(label, self.label_w - 14.0)
            p.drawText(QPointF(14.0, y + self.small.ascent / 2 - 1.0), text)

        # The axis: grid lines at the ticks, UTC time (and date) under them, local below.
        grid = QPen(QColor(RULE), 0.4)
        for x, _, _, _ in self.ticks:
            p.setPen(grid)
            p.drawLine(QLineF(x, top, x, bottom + 3.0))
        if self.n_categories and len(self.lanes) > self.n_categories:
            y = top + self.n_categories * lane_h
            p.setPen(QPen(QColor(MUTED), 0.8))
            p.drawLine(QLineF(0, y, px + pw, y))
        p.setPen(QPen(QColor(MUTED), 0.8))
        p.drawLine(QLineF(px, bottom, px + pw, bottom))
        p.drawLine(QLineF(px, top, px, bottom))
        tiny = self.tiny
        p.setFont(tiny.font)
        base = bottom + 4.0 + tiny.ascent
        right_edge = px + pw
        for x, first, second, third in self.ticks:
            for n, (text, colour) in enumerate(((first, INK), (second, MUTED), (third, MUTED))):
                if not text:
                    continue
                w = tiny.width(text)
                left = min(max(x - w / 2, px - 2.0), right_edge + 2.0 - w)
                p.setPen(QColor(colour))
                p.drawText(QPointF(left, base + n * tiny.height), text)
        p.setPen(QColor(MUTED))
        p.drawText(QPointF(px - 6.0 - tiny.width("UTC"), base), "UTC")
        if any(third for _, _, _, third in self.ticks):
            zone = self.start.astimezone(self.tz).tzname() or "local"
            word = f"Local ({zone})"
            p.drawText(QPointF(px - 6.0 - tiny.width(word), base + 2 * tiny.height), word)

        # The marks, one path per lane.
        for i, path in enumerate(self.paths):
            if path.isEmpty():
                continue
            p.setPen(QPen(QColor(OUTLINE), 0.3))
            p.setBrush(QColor(self.colours[i]))
            p.drawPath(path)

        # Key moments: a dashed line from the label down through every lane.
        dashed = QPen(QColor(MOMENT), 0.7)
        dashed.setDashPattern([4.0, 3.0])
        p.setFont(self.tiny_bold.font)
        for x, row, _, _ in self.moments:
            p.setPen(dashed)
            p.drawLine(QLineF(x, row * tiny.height + 1.0, x, bottom))
        # Labels over the lines, each on white so a line from a higher row never crosses it.
        for x, row, label, right in self.moments:
            y = row * tiny.height
            w = self.tiny_bold.width(label)
            left = x - w - 2.0 if right else x + 2.0
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#FFFFFF"))
            p.drawRect(QRectF(left - 1.0, y, w + 2.0, tiny.height))
            p.setPen(QColor(MOMENT))
            p.drawText(QPointF(left, y + tiny.ascent), label)
