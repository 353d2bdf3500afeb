"""The timeline chart: lanes, key moments, zoom, selection, and 100,000 entries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from crisisdesk.vocabulary import CATEGORIES
from ui.timeline.chart import EDGE, ChartData, TimelineChart, chart_data, stakeholder_lane
from ui.timeline.model import TimelineRow

T0 = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
GROUPS = ("Customers", "Staff")
BIG = 100_000
HOUR = 3600.0


def _row(
    n: int,
    minutes: float,
    category: str,
    text: str = "Something happened",
    key_moment: str | None = None,
) -> TimelineRow:
    at = T0 + timedelta(minutes=minutes)
    return TimelineRow(
        rowid=n,
        id=f"e{n}",
        occurred_at=at,
        recorded_at=at,
        category=category,
        actor="Priya Shah",
        text=text,
        author="Priya",
        author_role="Comms lead",
        desk_id="d" * 32,
        source="",
        key_moment=key_moment,
        corrected=False,
        retracted=False,
        reason="",
        first_recorded_at=at,
        first_occurred_at=at,
    )


ROWS = [
    _row(1, 0, "detection", "SOC sees a flood of logins", key_moment="start"),
    _row(2, 40, "decision", "Bridge opened", key_moment="awareness"),
    _row(3, 90, "action", "Firewall rule applied", key_moment="containment"),
    _row(4, 180, "communication", "Customers updated by Email: service is degraded"),
    _row(5, 300, "communication", "Staff updated by Intranet: work from the runbook"),
    _row(6, 420, "communication", "Press briefed informally"),
    _row(7, 600, "note", "Customers updated the forum themselves"),
    _row(8, 720, "external", "Regulator acknowledges the notice"),
]


@pytest.fixture
def chart(qtbot: QtBot) -> TimelineChart:
    widget = TimelineChart()
    qtbot.addWidget(widget)
    widget.resize(1000, 220)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _show(qtbot: QtBot, chart: TimelineChart, data: ChartData) -> None:
    with qtbot.waitSignal(chart.rendered):
        chart.set_data(data)


def _x_range(chart: TimelineChart) -> tuple[float, float]:
    x0, x1 = chart.plot.getPlotItem().getViewBox().viewRange()[0]
    return x0, x1


def _zoom(qtbot: QtBot, chart: TimelineChart, x0: float, x1: float) -> None:
    with qtbot.waitSignal(chart.rendered):
        chart.plot.getPlotItem().getViewBox().setXRange(x0, x1, padding=0)


def _big_data() -> ChartData:
    rng = np.random.default_rng(7)
    start = T0.timestamp()
    ids = [f"p{i}" for i in range(BIG)]
    return replace(
        chart_data((), GROUPS),
        times=np.sort(rng.uniform(start, start + 48 * HOUR, BIG)),
        lanes=rng.integers(0, len(CATEGORIES) + len(GROUPS), BIG),
        ids=ids,
        labels=ids,
    )


def _viewport_pos(chart: TimelineChart, x: float, lane: int, data: ChartData) -> QPoint:
    y = len(data.lane_names) - 1 - lane
    scene = chart.plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return chart.plot.mapFromScene(scene)


def test_chart_data_puts_updates_in_their_group_lane_too() -> None:
    data = chart_data(list(reversed(ROWS)), GROUPS)
    assert list(data.lane_names) == [
        "Detection", "Decision", "Action", "Comms", "External", "Checklist", "Note",
        "Customers", "Staff",
    ]  # fmt: skip
    assert np.all(np.diff(data.times) >= 0)
    comms, customers, staff = 3, 7, 8
    placed = {(i, int(lane)) for i, lane in zip(data.ids, data.lanes, strict=True)}
    assert {("e4", comms), ("e4", customers), ("e5", comms), ("e5", staff)} <= placed
    assert ("e6", comms) in placed and len(data.ids) == len(ROWS) + 2  # e6, e7: no group
    assert data.lane_colours[customers] == data.lane_colours[comms]
    assert len(set(data.lane_symbols[: len(CATEGORIES)])) == len(CATEGORIES)
    assert [label for _, label in data.key_moments] == ["Start", "Awareness", "Containment"]
    first = data.labels[0]
    assert "Detection" in first and "Priya Shah" in first and "SOC sees a flood" in first
    assert stakeholder_lane(ROWS[6], GROUPS) is None  # a note, not a logged update


def test_hover_label_is_cut_to_about_a_hundred_characters() -> None:
    data = chart_data([_row(1, 0, "note", "x" * 500)])
    assert len(data.labels[0].split("\n")[1]) == 100


def test_fit_all_shows_everything_and_key_moments_are_labelled(
    qtbot: QtBot, chart: TimelineChart
) -> None:
    data = chart_data(ROWS, GROUPS)
    _show(qtbot, chart, data)
    x0, x1 = _x_range(chart)
    assert x0 < data.times[0] and data.times[-1] < x1
    assert x1 - x0 < (data.times[-1] - data.times[0]) * 1.2
    assert chart.render_count() == len(data.ids)
    lines = [
        item
        for item in chart.plot.getPlotItem().items
        if isinstance(item, pg.InfiniteLine) and item.angle == 90
    ]
    assert {(line.value(), line.label.toPlainText()) for line in lines} == set(data.key_moments)


def test_100k_entries_are_binned_until_zoomed_in(qtbot: QtBot, chart: TimelineChart) -> None:
    data = _big_data()
    _show(qtbot, chart, data)
    assert 0 < chart.render_count() < 5_000
    middle = data.times[BIG // 2]
    x0, x1 = middle, middle + 600
    _zoom(qtbot, chart, x0, x1)
    edge = (x1 - x0) * EDGE
    in_range = np.count_nonzero((data.times >= x0 - edge) & (data.times <= x1 + edge))
    assert 100 < in_range == chart.render_count()
    _zoom(qtbot, chart, data.times[0], data.times[-1])
    assert chart.render_count() < 5_000


def test_a_burst_of_range_changes_is_drawn_at_most_twice(
    qtbot: QtBot, chart: TimelineChart
) -> None:
    data = _big_data()
    _show(qtbot, chart, data)
    renders: list[int] = []
    chart.rendered.connect(lambda: renders.append(chart.render_count()))
    view = chart.plot.getPlotItem().getViewBox()
    start = data.times[0]
    for minutes in range(60, 5, -5):  # a wheel burst, zooming in to ten minutes
        view.setXRange(start, start + minutes * 60, padding=0)
    in_range = np.count_nonzero(data.times <= start + 600 + 600 * EDGE)
    qtbot.waitUntil(lambda: renders[-1:] == [in_range])
    assert len(renders) <= 2  # the first change at once (unless just drawn), the rest after


def test_show_last_six_hours(qtbot: QtBot, chart: TimelineChart) -> None:
    data = chart_data(ROWS, GROUPS)
    _show(qtbot, chart, data)
    chart.show_last(6)
    x0, x1 = _x_range(chart)
    assert x0 == pytest.approx(data.times[-1] - 6 * HOUR, abs=1)
    assert x1 == pytest.approx(data.times[-1] + 0.02 * 6 * HOUR, abs=1)  # the last marker whole
    qtbot.mouseClick(chart.fit_button, Qt.MouseButton.LeftButton)
    assert _x_range(chart)[0] < data.times[0]
    qtbot.mouseClick(chart.last_button, Qt.MouseButton.LeftButton)
    assert _x_range(chart)[0] == pytest.approx(data.times[-1] - 6 * HOUR, abs=1)


def test_clicking_a_marker_emits_its_entry(qtbot: QtBot, chart: TimelineChart) -> None:
    data = chart_data(ROWS, GROUPS)
    _show(qtbot, chart, data)
    at = data.ids.index("e3")
    pos = _viewport_pos(chart, data.times[at], int(data.lanes[at]), data)
    with qtbot.waitSignal(chart.entry_clicked) as clicked:
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert clicked.args == ["e3"]


def test_hovering_a_marker_shows_the_entry(qtbot: QtBot, chart: TimelineChart) -> None:
    data = chart_data(ROWS, GROUPS)
    _show(qtbot, chart, data)
    at = data.ids.index("e8")
    view = chart.plot.getPlotItem().getViewBox()
    qtbot.mouseMove(chart.plot.viewport(), _viewport_pos(chart, data.times[at], 4, data))
    qtbot.waitUntil(lambda: "Regulator acknowledges" in view.toolTip())
    assert "External" in view.toolTip()


def test_clicking_a_bin_zooms_into_it(qtbot: QtBot, chart: TimelineChart) -> None:
    data = _big_data()
    _show(qtbot, chart, data)
    before = _x_range(chart)
    xs, ys = chart.markers.getData()
    top = len(data.lane_names) - 1
    x = float(xs[ys == top][len(xs[ys == top]) // 2])  # a bin in the first lane
    with qtbot.waitSignal(chart.rendered):
        qtbot.mouseClick(
            chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_pos(chart, x, 0, data)
        )
    # The bin under the pointer (or the bigger one next to it) now fills the view.
    x0, x1 = _x_range(chart)
    span = before[1] - before[0]
    assert x1 - x0 < span / 20 and abs((x0 + x1) / 2 - x) < span / 50


def test_select_entry_rings_it_and_pans_to_it(qtbot: QtBot, chart: TimelineChart) -> None:
    data = chart_data(ROWS, GROUPS)
    _show(qtbot, chart, data)
    _zoom(qtbot, chart, data.times[0], data.times[0] + HOUR)
    chart.select_entry("e5")  # the Staff update: in the Comms and the Staff lane
    at = data.times[data.ids.index("e5")]
    x0, x1 = _x_range(chart)
    assert x0 < at < x1 and x1 - x0 == pytest.approx(HOUR)
    ring_x, ring_y = chart.ring.getData()
    assert list(ring_x) == [at, at] and sorted(ring_y) == [0.0, 5.0]
    chart.select_entry("gone")
    assert len(chart.ring.getData()[0]) == 0


def test_new_entries_are_followed_when_the_end_is_in_view(
    qtbot: QtBot, chart: TimelineChart
) -> None:
    _show(qtbot, chart, chart_data(ROWS, GROUPS))
    chart.show_last(6)
    later = _row(9, 900, "action", "Service restored")
    data = chart_data([*ROWS, later], GROUPS)
    _show(qtbot, chart, data)
    x0, x1 = _x_range(chart)
    assert x0 < data.times[-1] < x1 and x1 - x0 == pytest.approx(6.12 * HOUR)


def test_an_empty_timeline_draws_nothing(qtbot: QtBot, chart: TimelineChart) -> None:
    _show(qtbot, chart, chart_data((), GROUPS))
    chart.fit_all()
    chart.show_last(6)
    chart.select_entry("e1")
    assert chart.render_count() == 0
