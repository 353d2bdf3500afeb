"""The timeline pane: newest first, pages on scroll, filters, follow mode."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from crisisdesk import incidents, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.store import Store
from crisisdesk.timeline_pages import FIRST_PAGE, PAGE
from ui import palette
from ui.timeline.model import CATEGORY, TEXT, TimelineModel
from ui.timeline.view import TimelinePane


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        for i in range(PAGE + 50):
            clock.advance(timedelta(minutes=1))
            timeline.append(
                session,
                who,
                clock,
                inc.id,
                f"entry {i}" + (" botnet traffic" if i % 25 == 0 else ""),
                category="detection" if i % 2 else "action",
                actor="SOC" if i % 5 == 0 else "Ruth",
            )
    return inc.id


@pytest.fixture
def pane(qtbot: QtBot, store: Store, clock: FixedClock, incident: str) -> TimelinePane:
    model = TimelineModel()
    model.attach(store.session)
    view = TimelinePane(model, clock)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    model.load(incident)
    qtbot.waitUntil(lambda: model.total > 0)  # the totals come just after the first rows
    return view


def _texts(pane: TimelinePane) -> list[str]:
    model = pane.model
    return [model.index(r, TEXT).data() for r in range(model.rowCount())]


def test_newest_first_and_older_pages_on_scroll(qtbot: QtBot, pane: TimelinePane) -> None:
    assert _texts(pane)[0] == f"entry {PAGE + 49}"
    # Only what fits on screen is read on opening, and the screen is full.
    table = pane.table
    assert pane.model.rowCount() == pane.model.first_page < FIRST_PAGE
    last = table.visualRect(pane.model.index(pane.model.rowCount() - 1, TEXT))
    assert last.bottom() >= table.viewport().height()
    assert pane.count.text() == f"{PAGE + 51} entries"
    assert pane.filters.actor.findText("SOC") > 0
    first = pane.model.first_page
    pane.table.scrollToBottom()  # the view asks the model for the next page
    qtbot.waitUntil(lambda: pane.model.rowCount() == first + PAGE)
    pane.table.scrollToBottom()  # and for the last
    qtbot.waitUntil(lambda: pane.model.rowCount() == PAGE + 51)
    assert _texts(pane)[-1].startswith("Incident opened")


def test_search_and_category_filters(qtbot: QtBot, pane: TimelinePane) -> None:
    qtbot.keyClicks(pane.filters.search, "BOTNET")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 10)
    assert all("botnet" in t for t in _texts(pane))
    assert pane.count.text() == f"10 shown by the filter, of {PAGE + 51:,}"
    qtbot.mouseClick(pane.filters.toggles["action"], Qt.MouseButton.LeftButton)  # hide actions
    assert pane.model.rowCount() == 5  # the botnet entries that are not actions
    assert {pane.model.entry(r).category for r in range(5)} == {"detection"}
    qtbot.mouseClick(pane.filters.clear, Qt.MouseButton.LeftButton)
    assert pane.model.rowCount() == pane.model.first_page
    assert pane.filters.search.text() == ""


def test_actor_and_time_window(qtbot: QtBot, pane: TimelinePane, clock: FixedClock) -> None:
    pane.filters.actor.setCurrentText("SOC")
    assert pane.count.text().startswith(f"{pane.model.first_page}+ shown by the filter")
    while pane.model.canFetchMore():
        pane.model.fetchMore()
    assert pane.model.rowCount() == (PAGE + 50) // 5
    assert {pane.model.entry(r).actor for r in range(pane.model.rowCount())} == {"SOC"}
    pane.filters.actor.setCurrentIndex(0)
    pane.filters.period.setCurrentIndex(1)  # last hour
    while pane.model.canFetchMore():
        pane.model.fetchMore()
    assert pane.model.rowCount() == 61  # the last hour, both ends included


def test_follow_mode(
    qtbot: QtBot, pane: TimelinePane, store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    def log(text: str) -> list[int]:
        clock.advance(timedelta(minutes=1))
        with store.write() as session:
            timeline.append(session, who, clock, incident, text)
        rows = pane.model.refresh()
        pane.entries_arrived(rows)
        return rows

    assert log("at the top while following") == [0]
    assert pane.following and not pane.new_entries.isVisible()
    bar = pane.table.verticalScrollBar()
    bar.setValue(20)  # the reader scrolls down to read older entries
    reading = pane.table.indexAt(pane.table.viewport().rect().topLeft()).data()
    log("arrives while reading")
    log("and another")
    assert pane.new_entries.isVisible() and pane.new_entries.text().startswith("▲  2 new entries")
    assert pane.table.indexAt(pane.table.viewport().rect().topLeft()).data() == reading
    qtbot.mouseClick(pane.new_entries, Qt.MouseButton.LeftButton)
    assert pane.following and not pane.new_entries.isVisible()
    assert _texts(pane)[0] == "and another"


def test_model_with_pages_is_sound(qtmodeltester: object, pane: TimelinePane) -> None:
    qtmodeltester.check(pane.model)  # type: ignore[attr-defined]


def test_chart_strip_follows_the_table(
    qtbot: QtBot, store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    from crisisdesk.identity import DeskConfig
    from ui import options
    from ui.app import settings
    from ui.main_window import MainWindow

    chosen = settings()
    options.SHOW_CHART.write(chosen, True)  # the test screen is small: ask for the chart
    window = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, chosen)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.timeline_pane.chart is not None)
    chart = window.timeline_pane.chart
    assert chart is not None
    qtbot.waitUntil(lambda: chart.render_count() > 0, timeout=10_000)
    model = window.timeline_model
    old = _entry_id(store, incident, "entry 5")
    assert model.row_of(old) == -1  # not loaded yet: the chart's click pages down to it
    with qtbot.waitSignal(chart.entry_clicked):
        chart.entry_clicked.emit(old)
    selected = window.timeline_pane.table.selectionModel().selectedRows()
    assert [model.entry(i.row()).text for i in selected] == ["entry 5"]
    window.chart_action.trigger()  # Ctrl+G hides it
    assert not chart.isVisible()


def _entry_id(store: Store, incident: str, text: str) -> str:
    with store.session() as session:
        return next(e.id for _, e in timeline.current_entries(session, incident) if e.text == text)


def test_writes_racing_a_filter_change_appear_once(
    qtbot: QtBot,
    pane: TimelinePane,
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
) -> None:
    other = Author("e" * 32, "Other desk")
    clock.advance(timedelta(minutes=1))
    with store.write() as session:
        timeline.append(session, other, clock, incident, "written by another desk")
    pane.filters.period.setCurrentIndex(1)  # the filter changes before the next poll...
    pane.model.refresh()  # ...and then the poll takes in what was written
    texts = _texts(pane)
    assert texts.count("written by another desk") == 1
    assert len(texts) == len(set(texts))


def _colours_in(image: QImage, rect: QRect) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(rect.left(), rect.right(), 2)
        for y in range(rect.top(), rect.bottom(), 2)
    }


def test_category_chip_is_painted_in_its_colour_even_when_selected(
    qtbot: QtBot, pane: TimelinePane
) -> None:
    table = pane.table
    row = next(r for r in range(pane.model.rowCount()) if pane.model.entry(r).category == "action")
    cell = table.visualRect(pane.model.index(row, CATEGORY))
    green = palette.CATEGORY["action"].colour.lower()
    assert green in _colours_in(table.viewport().grab().toImage(), cell)
    table.selectRow(row)
    assert green in _colours_in(table.viewport().grab().toImage(), cell)  # not tinted


def test_cells_show_the_text_and_mark_key_and_retracted_entries(
    qtbot: QtBot, pane: TimelinePane, store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    with store.write() as session:
        clock.advance(timedelta(minutes=1))
        key = timeline.append(
            session, who, clock, incident, "SOC confirms DDoS", key_moment="awareness"
        )
        clock.advance(timedelta(minutes=1))
        timeline.correct(session, who, clock, key.id, reason="it was a test", retract=True)
    pane.model.refresh()
    delegate = pane.table.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    option = QStyleOptionViewItem()
    option.font = pane.table.font()
    delegate.initStyleOption(option, pane.model.index(0, TEXT))
    assert option.text == "SOC confirms DDoS"
    assert option.font.strikeOut() and option.font.bold()
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, pane.model.index(1, TEXT))
    assert option.text == f"entry {PAGE + 49}"
    assert not option.font.strikeOut()
