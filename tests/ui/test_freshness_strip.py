"""The freshness strip: each group's silences as bars, the late part marked, hover text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from crisisdesk.silences import Silence, silences
from ui.stakeholders.freshness_strip import (
    FreshnessStrip,
    Kind,
    caption,
    duration_text,
    silence_text,
)

START = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Sent:
    sent_at: datetime
    promised_next_at: datetime | None = None


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


NOW = at(5)


def lanes() -> list[tuple[str, list[Silence]]]:
    def of(cadence: timedelta | None, *updates: Sent) -> list[Silence]:
        return silences(started_at=START, now=NOW, cadence=cadence, updates=updates)

    return [
        ("Customers", of(HOUR, Sent(at(0.5)), Sent(at(3)))),  # late 0.5–3 and 3–now
        ("Press", of(None, Sent(at(2)))),  # on demand: nothing due
        ("Staff", of(2 * HOUR, Sent(at(1), at(1.5)), Sent(at(2.25)))),  # promise broken, late now
    ]


@pytest.fixture
def strip(qtbot: QtBot) -> FreshnessStrip:
    widget = FreshnessStrip()
    qtbot.addWidget(widget)
    widget.resize(1200, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_data(lanes(), START, NOW)
    return widget


def test_one_bar_per_silence_and_a_late_part_for_each_exceeded_one(
    strip: FreshnessStrip,
) -> None:
    drawn = strip.drawn_spans()
    data = lanes()
    kinds = [(b.lane, b.kind) for b in drawn]
    assert kinds == [
        (0, Kind.WITHIN), (0, Kind.WITHIN), (0, Kind.OVER), (0, Kind.WITHIN), (0, Kind.OVER),
        (1, Kind.NOTHING_DUE), (1, Kind.NOTHING_DUE),
        (2, Kind.WITHIN), (2, Kind.WITHIN), (2, Kind.OVER), (2, Kind.WITHIN), (2, Kind.OVER),
    ]  # fmt: skip
    late = {(b.lane, b.start, b.end) for b in drawn if b.kind is Kind.OVER}
    expected = {
        (lane, s.due_at.timestamp(), s.end.timestamp())
        for lane, (_, found) in enumerate(data)
        for s in found
        if s.exceeded and s.due_at is not None
    }
    assert late == expected and len(late) == 4
    sent = [0.5, 3, 2, 1, 2.25]  # Customers, Press, Staff
    assert strip.drawn_updates() == [
        (lane, at(h).timestamp()) for lane, h in zip([0, 0, 1, 2, 2], sent, strict=True)
    ]
    for lane, (_, found) in enumerate(data):  # the bars cover the incident, end to end
        own = [b for b in drawn if b.lane == lane]
        assert own[0].start == START.timestamp() and own[-1].end == NOW.timestamp()
        assert all(a.end == b.start for a, b in pairwise(own))
        assert len({b.start for b in own if b.kind is not Kind.OVER}) == len(found)


@pytest.mark.zone("Asia/Kolkata")
def test_hovering_a_late_bar_says_how_long_and_against_what(strip: FreshnessStrip) -> None:
    bar = next(b for b in strip.drawn_spans() if b.lane == 0 and b.kind is Kind.OVER)
    middle = QPointF((bar.start + bar.end) / 2, 2.0)  # lane 0 of 3 is at the top, y = 2
    scene = strip.plot.getPlotItem().getViewBox().mapViewToScene(middle)
    strip.plot.scene().sigMouseMoved.emit(scene)  # what the scene says as the mouse moves
    tip = strip.plot.getPlotItem().getViewBox().toolTip()
    # 08:30 to 11:00 UTC, in India (UTC+5:30).
    assert (
        tip == "Customers: 2 h 30 min without an update (allowed 1 h; 1 h 30 min over) 14:00–16:30"
    )
    assert strip.text_at(middle.x(), 2.45) == ""  # between the lanes: no bar there
    strip.plot.scene().sigMouseMoved.emit(QPointF(4, 4))  # over the lane names
    assert strip.plot.getPlotItem().getViewBox().toolTip() == ""


@pytest.mark.zone("Asia/Kolkata")
def test_texts_for_a_broken_promise_an_ongoing_silence_and_nothing_due(
    strip: FreshnessStrip,
) -> None:
    _, customers = lanes()[0]
    _, press = lanes()[1]
    _, staff = lanes()[2]
    broken = silence_text("Staff", staff[1], NOW)
    assert broken.startswith("Staff: 1 h 15 min without an update (allowed 30 min; 45 min over)")
    assert broken.endswith("Next update promised by 15:00: broken")  # 09:30 UTC
    ongoing = silence_text("Customers", customers[-1], NOW)
    assert "2 h without an update so far (allowed 1 h; 1 h over)" in ongoing
    assert ongoing.endswith("–now")
    assert "(nothing was due)" in silence_text("Press", press[0], NOW)
    pending = silences(started_at=START, now=NOW, cadence=None, updates=[Sent(at(1), at(6))])
    assert silence_text("Press", pending[1], NOW).endswith(": not yet due")
    assert caption(customers) == "longest 2 h 30 min · 2 late"
    assert caption(press) == "longest 3 h · nothing due"
    assert caption([]) == ""
    assert [duration_text(d) for d in (timedelta(seconds=20), HOUR, 3.25 * HOUR)] == [
        "under 1 min",
        "1 h",
        "3 h 15 min",
    ]


@pytest.mark.zone("Pacific/Chatham")
def test_a_silence_across_local_midnight_names_its_day() -> None:
    _, customers = lanes()[0]
    # 08:30 to 11:00 UTC on Sunday is 22:15 on Sunday to 00:45 on Monday at UTC+13:45, and
    # "now" (13:00 UTC) is Monday there.
    assert silence_text("Customers", customers[1], NOW).endswith(" Sun 22:15–00:45")
    assert silence_text("Customers", customers[-1], NOW).endswith(" 00:45–now")


def test_zoom_is_along_time_only_and_fit_all_shows_the_whole_incident(
    strip: FreshnessStrip,
) -> None:
    view = strip.plot.getPlotItem().getViewBox()
    assert view.state["mouseEnabled"] == [True, False]

    def shown() -> tuple[float, float]:
        x0, x1 = view.viewRange()[0]
        return x0, x1

    x0, x1 = shown()
    assert x0 <= START.timestamp() and x1 >= NOW.timestamp()
    view.setXRange(at(1).timestamp(), at(2).timestamp(), padding=0)
    view.sigRangeChangedManually.emit([True, False])  # as a wheel or a drag says
    later = NOW + HOUR
    strip.set_data(lanes(), START, later)  # a range chosen by hand stays
    assert shown() == pytest.approx((at(1).timestamp(), at(2).timestamp()))
    strip.fit_button.click()
    x0, x1 = shown()
    assert x0 <= START.timestamp() and later.timestamp() <= x1 < (later + HOUR).timestamp()
    strip.set_data(lanes(), START, later + HOUR)  # showing it all, it follows the time
    assert shown()[1] >= (later + HOUR).timestamp()


def test_no_groups_draws_nothing(qtbot: QtBot) -> None:
    widget = FreshnessStrip()
    qtbot.addWidget(widget)
    widget.set_data([], START, NOW)
    assert widget.drawn_spans() == []
    assert widget.text_at(START.timestamp(), 0) == ""
