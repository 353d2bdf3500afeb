"""Benchmark 3: the timeline chart's re-render after a zoom, at 100,000 entries.

Each step sets the chart's time range (alternately zooming in and out, from the whole
two days down to ten minutes, so both binned and entry-by-entry drawing are measured)
and stops when the re-render is done and the plot has been repainted. The floor is a
bare PlotWidget with the same date axis and size, given the same range and a plain
ScatterPlotItem holding as many ready-made points as the chart drew at that step, and
dressed as the chart is (lane names, grid, fonts): what pyqtgraph costs with none of
the chart's logic (no binning, no per-lane colours and shapes, no key moment lines).
Steps alternate which side goes first. Target: p95 of the re-render <= 50 ms.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import PySide6
from benchlib import BenchError, Result, median, spread
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from crisisdesk.vocabulary import CATEGORIES
from ui.timeline.chart import ChartData, TimelineChart, chart_data

ENTRIES = 100_000
GROUPS = ("Customers", "Staff", "Regulator", "Press", "Partners")
HOURS = 48
STEPS = 30
SIZE = (1200, 240)  # the chart at its height for 12 lanes
TARGET_MS = 50.0  # the bound on a re-render (p95), as the timeline's issue sets it
TIMEOUT_S = 5.0
PAUSE_S = 0.05  # between steps, untimed: longer than the chart's throttle


def synthetic(count: int = ENTRIES, seed: int = 7) -> ChartData:
    rng = np.random.default_rng(seed)
    start = time.time() - HOURS * 3600
    ids = [f"p{i}" for i in range(count)]
    return replace(
        chart_data((), GROUPS),
        times=np.sort(rng.uniform(start, start + HOURS * 3600, count)),
        lanes=rng.integers(0, len(CATEGORIES) + len(GROUPS), count),
        ids=ids,
        labels=ids,
    )


def zoom_steps(data: ChartData, count: int) -> list[tuple[float, float]]:
    """Ranges alternating wide (a quarter to all of it) and narrow (10 min to 3 h)."""
    rng = np.random.default_rng(11)
    first, last = float(data.times[0]), float(data.times[-1])
    steps = []
    for i in range(count):
        if i % 2 == 0:
            width = (last - first) / float(rng.choice([1.0, 1.5, 2.0, 4.0]))
        else:
            width = float(rng.choice([600.0, 1800.0, 3600.0, 3 * 3600.0]))
        start = float(rng.uniform(first, last - width))
        steps.append((start, start + width))
    return steps


def until(app: QApplication, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise BenchError("the plot was not re-rendered and repainted")
        app.processEvents()


def pause(app: QApplication) -> None:
    """Untimed, between steps: handles what is pending and keeps the processor busy."""
    end = time.monotonic() + PAUSE_S
    until(app, lambda: time.monotonic() > end)


class Paints(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class AppSide:
    def __init__(self, app: QApplication, data: ChartData) -> None:
        self.app = app
        self.chart = TimelineChart()
        self.chart.resize(*SIZE)
        self.chart.show()
        self.paints = Paints(self.chart.plot.viewport())
        self.renders = 0
        self.painted_at_render = 0
        self.chart.rendered.connect(self._rendered)
        self.chart.set_data(data)
        until(app, self._shown)
        gc.freeze()  # as the main window does once its chart has data (_settle_heap)
        self.view = self.chart.plot.getPlotItem().getViewBox()

    def _rendered(self) -> None:
        self.renders += 1
        self.painted_at_render = self.paints.count

    def _shown(self) -> bool:
        return self.renders > 0 and self.paints.count > self.painted_at_render

    def step(self, x0: float, x1: float) -> float:
        """Microseconds from setting the range to the first paint after the re-render."""
        pause(self.app)  # zooms a person makes apart, not a burst the chart throttles
        before = self.renders
        began = time.perf_counter_ns()
        self.view.setXRange(x0, x1, padding=0)
        until(self.app, lambda: self.renders > before and self._shown())
        return (time.perf_counter_ns() - began) / 1000

    def close(self) -> None:
        self.chart.close()
        self.chart.deleteLater()
        gc.unfreeze()  # the benchmarks after this one run on an ordinary heap


class FloorSide:
    """A bare PlotWidget dressed as the chart (date axis, lane names, grid, fonts)."""

    def __init__(self, app: QApplication, lane_names: Sequence[str]) -> None:
        self.app = app
        self.lanes = len(lane_names)
        self.plot = pg.PlotWidget(
            background="#FFFFFF", axisItems={"bottom": pg.DateAxisItem(orientation="bottom")}
        )
        self.plot.resize(*SIZE)
        self.plot.show()
        self.paints = Paints(self.plot.viewport())
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.35)
        font = QFont()
        font.setPixelSize(12)
        for name in ("left", "bottom"):
            item.getAxis(name).setStyle(tickFont=font)
        item.getAxis("left").setTicks([list(enumerate(reversed(lane_names))), []])
        self.view = item.getViewBox()
        self.view.disableAutoRange()
        self.view.setYRange(-0.5, self.lanes + 1, padding=0)
        self.item = pg.ScatterPlotItem(
            size=10, pen=pg.mkPen("#3E4750"), brush=pg.mkBrush("#0072B2")
        )
        self.plot.addItem(self.item)
        until(app, lambda: self.paints.count > 0)

    def points(self, x0: float, x1: float, count: int) -> tuple[np.ndarray, np.ndarray]:
        """``count`` ready-made points across the range, spread over the lanes."""
        return np.linspace(x0, x1, count), np.arange(count, dtype=np.float64) % self.lanes

    def step(self, x0: float, x1: float, x: np.ndarray, y: np.ndarray) -> float:
        pause(self.app)
        began = time.perf_counter_ns()
        self.view.setXRange(x0, x1, padding=0)
        self.item.setData(x=x, y=y)
        before = self.paints.count
        until(self.app, lambda: self.paints.count > before)
        return (time.perf_counter_ns() - began) / 1000

    def close(self) -> None:
        self.plot.close()
        self.plot.deleteLater()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


class _Probe(QObject):
    fired = Signal()


def emit_drops_references() -> bool:
    """Whether this PySide6 loses a reference to ``True`` on every ``emit`` (6.12.0 on
    Python 3.11 does): pyqtgraph emits on every zoom and hover, so the interpreter
    would abort a few hundred re-renders in."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(50):
        probe.fired.emit()
    return sys.getrefcount(True) < before - 25


def run(folder: Path) -> Result:
    del folder  # nothing is written
    if emit_drops_references():
        raise BenchError(
            f"PySide6 {PySide6.__version__} drops a reference to True on every Signal.emit;"
            " the chart would crash Python (use a PySide6 without the bug, e.g. 6.11.3)"
        )
    if not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    print(f"== chart: re-render after a zoom, {ENTRIES} entries over {HOURS} h ({STEPS} steps) ==")
    began = time.perf_counter()
    data = synthetic()
    chart = AppSide(app, data)
    print(f"  set_data and first render: {(time.perf_counter() - began) * 1000:.0f} ms")
    floor = FloorSide(app, data.lane_names)
    steps = zoom_steps(data, STEPS)
    drawn = []
    try:
        for x0, x1 in steps:  # warm-up, and how many markers the chart draws at each step
            chart.step(x0, x1)
            drawn.append(chart.chart.render_count())
        points = [floor.points(x0, x1, n) for (x0, x1), n in zip(steps, drawn, strict=True)]
        for (x0, x1), (x, y) in zip(steps, points, strict=True):
            floor.step(x0, x1, x, y)
        app_us: list[float] = []
        floor_us: list[float] = []
        for i, ((x0, x1), (x, y)) in enumerate(zip(steps, points, strict=True)):
            if i % 2 == 0:
                app_us.append(chart.step(x0, x1))
                floor_us.append(floor.step(x0, x1, x, y))
            else:
                floor_us.append(floor.step(x0, x1, x, y))
                app_us.append(chart.step(x0, x1))
    finally:
        chart.close()
        floor.close()
        app.processEvents()
    print(f"  markers drawn per step: min {min(drawn)}, max {max(drawn)} (of {ENTRIES})")
    print(f"  app:   {spread(app_us, 'µs')}, p95 {p95(app_us):.0f}")
    print(f"  floor: {spread(floor_us, 'µs')}, p95 {p95(floor_us):.0f}")
    print(
        f"  re-render: median {median(app_us) / 1000:.1f} ms, "
        f"{median(app_us) / median(floor_us):.2f}x the floor's median"
    )
    # The verdict is the bound on the slow re-renders; the floor is printed for scale.
    result = Result(
        "chart re-render p95", p95(app_us) / 1000, p95(floor_us) / 1000, "ms", None, TARGET_MS
    )
    print(result.line())
    return result
