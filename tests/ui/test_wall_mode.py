"""The wall as the room sees it: tiles, ticker, clocks, a stale banner, and the keys."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QFontMetrics, QGuiApplication, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QScrollBar, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from crisisdesk import incidents, stakeholders
from crisisdesk.cadence import Freshness
from crisisdesk.cli import WallOptions
from crisisdesk.clock import FixedClock
from crisisdesk.deadlines import load_regimes
from crisisdesk.demo import write_demo
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.stakeholders import GroupSpec
from crisisdesk.store import Store
from ui import palette
from ui.wall.labels import ElidedLabel
from ui.wall.look import MIN_TEXT
from ui.wall.sections import EntryRow, deadline_badge
from ui.wall.tiles import PER_PAGE, TileView
from ui.wall.window import WallWindow, choose_screen

MakeWall = Callable[..., WallWindow]
WAIT_MS = 8000  # a watcher polls every second; a child process takes a moment to start


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Broadband outage", severity="high")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    return inc.id


def _group(store: Store, incident: str, name: str) -> str:
    with store.read() as session:
        return next(g.id for g in stakeholders.current(session, incident) if g.name == name)


def _update(store: Store, who: Author, clock: FixedClock, incident: str, name: str) -> None:
    group = _group(store, incident, name)
    with store.write() as session:
        stakeholders.log_update(
            session, who, clock, incident, group, channel="email", summary="Update sent"
        )


@pytest.fixture
def make_wall(qtbot: QtBot, store: Store, clock: FixedClock) -> Iterator[MakeWall]:
    made: list[WallWindow] = []

    def make(
        options: WallOptions | None = None, size: tuple[int, int] = (1920, 1080), **kw: object
    ) -> WallWindow:
        window = WallWindow(store.path, options, clock=clock, tz=UTC, **kw)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()  # the layouts the new sizes asked for
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def _views(window: WallWindow) -> list[TileView]:
    return [v for v in window.tiles.views if v.isVisible()]


def _tile(window: WallWindow, name: str) -> TileView:
    return next(v for v in _views(window) if v.name.full_text == name)


def _ticker(window: WallWindow) -> list[str]:
    rows = [r for r in window.ticker.rows if r.isVisible()]
    return [r.text.full_text for r in rows if isinstance(r, EntryRow)]


# --- tiles -----------------------------------------------------------------------------------


def test_tiles_say_status_by_colour_glyph_and_word_overdue_first(
    make_wall: MakeWall, store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    _update(store, who, clock, incident, "Customers")  # 60 min cadence
    clock.advance(timedelta(minutes=40))
    _update(store, who, clock, incident, "Press")
    clock.advance(timedelta(minutes=6))
    window = make_wall()

    soc = _tile(window, "SOC team")  # 30 min cadence, nothing sent in 46 min
    assert soc.chip.full_text == "✖ Never updated"
    assert soc.chip.background.name().upper() == palette.VERMILLION
    assert (soc.due.full_text, soc.since.full_text) == ("OVERDUE 16 min", "no update yet")
    customers = _tile(window, "Customers")
    assert customers.chip.full_text == "◔ Due soon"
    assert customers.chip.background.name().upper() == palette.ORANGE
    assert (customers.due.full_text, customers.since.full_text) == (
        "due in 14 min",
        "46 min since update",
    )
    press = _tile(window, "Press")
    assert press.chip.full_text == "✔ Fresh"
    assert press.chip.background.name().upper() == palette.GREEN
    assert press.since.full_text == "6 min since update"
    # Every tile: its status word and glyph, whatever its colour.
    for view in _views(window):
        assert view.status is not None
        assert view.chip.full_text == palette.FRESHNESS[view.status].label
    order = [v.status for v in _views(window)]
    alarms = [s in (Freshness.OVERDUE, Freshness.NEVER) for s in order]
    assert alarms == sorted(alarms, reverse=True)  # every overdue tile before the rest
    assert _views(window)[0] is soc


def test_overdue_tiles_pulse_unless_still(
    qtbot: QtBot, make_wall: MakeWall, clock: FixedClock, incident: str
) -> None:
    clock.advance(timedelta(minutes=45))
    pulsing = make_wall()
    assert pulsing.tiles.pulsing_now
    soc = _tile(pulsing, "SOC team")
    seen = {soc.level}

    def breathing() -> bool:
        seen.add(soc.level)
        return len(seen) >= 3

    qtbot.waitUntil(breathing, timeout=3000)
    pulsing.tiles.set_pulsing(False)  # the View menu's option, live
    assert not pulsing.tiles.pulsing_now
    still = make_wall(WallOptions(still=True))
    assert not still.tiles.pulsing_now


def test_more_than_nine_groups_turn_pages(
    make_wall: MakeWall, store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    with store.write() as session:
        for n in range(5):  # 7 default groups + 5 = 12
            spec = GroupSpec(name=f"Partner {n}", profile="vendors", cadence_minutes=60)
            stakeholders.add(session, who, clock, incident, spec)
    window = make_wall()
    assert len(_views(window)) == PER_PAGE
    assert window.tiles_section.indicator.full_text == "Page 1 of 2"
    first = {v.name.full_text for v in _views(window)}
    window.turn_pages()
    assert window.tiles_section.indicator.full_text == "Page 2 of 2"
    second = {v.name.full_text for v in _views(window)}
    assert len(second) == 3 and not first & second
    window.turn_pages()
    assert window.tiles_section.indicator.full_text == "Page 1 of 2"


# --- time without queries ----------------------------------------------------------------------


def test_clocks_tick_without_a_query(make_wall: MakeWall, clock: FixedClock, incident: str) -> None:
    window = make_wall()
    assert window.store is not None
    queries: list[str] = []

    def count(*args: object) -> None:
        queries.append(str(args[2]))

    event.listen(window.store.engine, "before_cursor_execute", count)
    try:
        before = window.reads
        soc = _tile(window, "SOC team")
        assert soc.chip.full_text == "◌ First update due"
        for _ in range(65):
            clock.advance(timedelta(seconds=1))
            window.tick()
        assert window.header.local.full_text == "12:01:05 UTC"
        assert window.header.elapsed.full_text == "T+00:01"
        assert soc.due.full_text == "due in 28 min"
        clock.advance(timedelta(minutes=30))
        window.tick()
        soc = _tile(window, "SOC team")
        assert soc.chip.full_text == "✖ Never updated"  # a status changes on time alone
        assert _views(window)[0] is soc  # and its tile moves to the front
        assert (window.reads, queries) == (before, [])
    finally:
        event.remove(window.store.engine, "before_cursor_execute", count)


class Painted(QObject):
    """What painted, from the moment it is installed: (widget name, area in the window)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.areas: list[tuple[str, QRect]] = []
        for widget in [window, *window.findChildren(QWidget)]:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent) and isinstance(watched, QWidget):
            corner = watched.mapTo(self.window, QPoint(0, 0))
            name = watched.objectName() or type(watched).__name__
            self.areas.append((name, event.rect().translated(corner)))
        return False


def test_a_second_repaints_the_clock_alone(
    make_wall: MakeWall, clock: FixedClock, incident: str
) -> None:
    window = make_wall(WallOptions(still=True))
    clock.advance(timedelta(seconds=10))
    window.tick()
    QApplication.processEvents()
    painted = Painted(window)
    clock.advance(timedelta(seconds=1))  # 12:00:11: the same minute
    window.tick()
    QApplication.processEvents()
    label = window.header.local
    where = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
    assert "localClock" in {name for name, _ in painted.areas}
    # The label, and its parents behind it (it is transparent) only where it is.
    assert all(where.contains(area) for _, area in painted.areas), painted.areas


def test_next_legal_deadline_counts_down(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    from crisisdesk import wall

    with store.write() as session:
        incidents.revise(session, who, clock, incident, aware_at=clock.now(), regimes=["gdpr-33"])
    regimes = load_regimes()

    def badge(after: timedelta) -> palette.Badge:
        with store.read() as session:
            data = wall.read(session, incident, clock.now(), regimes)
        return deadline_badge(data, clock.now() + after, UTC)

    assert badge(timedelta(hours=10)).label == "§ GDPR Art. 33 · 2 d 14 h left"
    soon = badge(timedelta(hours=64, minutes=48))
    assert (soon.label, soon.colour) == ("◔ GDPR Art. 33 · 7 h 12 min left", palette.ORANGE)
    late = badge(timedelta(hours=73))
    assert (late.label, late.colour) == ("▲ GDPR Art. 33 · OVERDUE 1 h 00 min", palette.VERMILLION)
    with store.read() as session:
        data = wall.read(session, incident, clock.now(), [])
    assert deadline_badge(data, clock.now(), UTC).word == "Legal clocks unavailable"


# --- other processes write ---------------------------------------------------------------------

LOG_UPDATE = """
import sys
from datetime import datetime
from crisisdesk import stakeholders
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.store import Store

path, incident, group, when = sys.argv[1:5]
store = Store.open(path, create=False)
with store.write() as session:
    stakeholders.log_update(
        session, Author("b" * 32, "Second desk", "Scribe"),
        FixedClock(datetime.fromisoformat(when)), incident, group,
        channel="phone", summary="Bridge call with the SOC",
    )
store.close()
"""


@pytest.mark.subprocess
def test_an_update_from_another_process_turns_the_tile_fresh(
    qtbot: QtBot, make_wall: MakeWall, store: Store, clock: FixedClock, incident: str
) -> None:
    clock.advance(timedelta(minutes=45))
    window = make_wall()
    soc = _tile(window, "SOC team")
    assert soc.chip.full_text == "✖ Never updated"
    subprocess.run(
        [sys.executable, "-c", LOG_UPDATE, str(store.path), incident,
         _group(store, incident, "SOC team"), clock.now().isoformat()],
        check=True, timeout=120, capture_output=True,
    )  # fmt: skip
    qtbot.waitUntil(lambda: _tile(window, "SOC team").chip.full_text == "✔ Fresh", timeout=WAIT_MS)
    fresh = _tile(window, "SOC team")
    assert (fresh.since.full_text, fresh.due.full_text) == ("0 min since update", "due in 30 min")
    assert _views(window)[-1] is fresh or fresh.status is Freshness.FRESH
    assert any("Bridge call with the SOC" in text for text in _ticker(window))


@pytest.mark.subprocess
def test_a_line_logged_from_the_terminal_reaches_the_ticker(
    qtbot: QtBot, make_wall: MakeWall, store: Store, incident: str
) -> None:
    window = make_wall()
    said = "SOC confirms the attack traffic has stopped"
    subprocess.run(
        [sys.executable, "-m", "ui.launch", "log", said, "--category", "action",
         "--db", str(store.path)],
        check=True, timeout=120, capture_output=True,
    )  # fmt: skip
    qtbot.waitUntil(lambda: said in _ticker(window), timeout=WAIT_MS)
    row = next(
        r for r in window.ticker.rows if isinstance(r, EntryRow) and r.text.full_text == said
    )
    assert row.category.full_text == palette.CATEGORY["action"].label


# --- the file goes away ------------------------------------------------------------------------


@pytest.mark.zone("America/New_York")
def test_stale_banner_while_the_file_is_away_and_recovery_when_it_is_back(
    qtbot: QtBot, make_wall: MakeWall, store: Store, clock: FixedClock, incident: str
) -> None:
    window = make_wall()
    assert window.banner.isHidden()
    away = store.path.with_name("moved-away.sqlite")
    store.path.rename(away)
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    text = window.banner.full_text
    assert text.startswith("▲ DATA STALE since 07:00 — ")  # 12:00 UTC, in New York
    assert "removed or replaced" in text
    # The last good picture stays, and keeps ticking.
    assert _tile(window, "SOC team").chip.full_text == "◌ First update due"
    clock.advance(timedelta(minutes=31))
    window.tick()
    assert _tile(window, "SOC team").chip.full_text == "✖ Never updated"
    reads = window.reads
    away.rename(store.path)
    qtbot.waitUntil(window.banner.isHidden, timeout=WAIT_MS)
    assert window.reads > reads and not window.stale


def test_a_restored_copy_of_the_file_is_opened_again(
    qtbot: QtBot, make_wall: MakeWall, store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    window = make_wall()
    _update(store, who, clock, incident, "Press")
    qtbot.waitUntil(lambda: _tile(window, "Press").chip.full_text == "✔ Fresh", timeout=WAIT_MS)
    conn = sqlite3.connect(store.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    copy = store.path.with_name("backup.sqlite")
    copy.write_bytes(store.path.read_bytes())
    store.path.unlink()
    qtbot.waitUntil(lambda: window.stale, timeout=WAIT_MS)
    os.replace(copy, store.path)  # a new file (another inode) at the same path
    qtbot.waitUntil(lambda: not window.stale, timeout=WAIT_MS)
    assert _tile(window, "Press").chip.full_text == "✔ Fresh"


def test_a_missing_file_at_start_is_waited_for(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    window = WallWindow(tmp_path / "not-yet.sqlite", clock=clock, tz=UTC, regimes=[])
    qtbot.addWidget(window)
    assert window.stale and "does not exist yet" in window.banner.full_text
    assert window.header.title.full_text == "Waiting for the incident record"
    window.close()


# --- drawing -----------------------------------------------------------------------------------


def _clipped(window: WallWindow) -> list[str]:
    """Every visible label whose text does not fit it, or which lies outside its parent."""
    problems = []
    whole = window.rect()
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        metrics = QFontMetrics(label.font())
        room = label.contentsRect()
        lines = label.text().split("\n")
        name = f"{label.objectName()} {label.text()!r}"
        for line in lines:
            if metrics.horizontalAdvance(line) > room.width():
                problems.append(f"{name}: {metrics.horizontalAdvance(line)} > {room.width()} px")
        if isinstance(label, ElidedLabel):
            if len(lines) > label.lines:
                problems.append(f"{name}: {len(lines)} lines in room for {label.lines}")
            if label.elided and not lines[-1].endswith("…"):
                problems.append(f"{name}: cut without an ellipsis")
        needed = metrics.lineSpacing() * (len(lines) - 1) + metrics.height()
        if room.height() < needed:
            problems.append(f"{name}: {room.height()} px high, needs {needed}")
        parent = label.parentWidget()
        if parent is not None and not parent.rect().contains(label.geometry()):
            problems.append(f"{name}: outside its parent")
        if not whole.contains(QRect(label.mapTo(window, QPoint(0, 0)), label.size())):
            problems.append(f"{name}: outside the window")
    return problems


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
@pytest.mark.parametrize("light", [False, True])
def test_the_demo_fits_big_screens_without_clipping(
    make_wall: MakeWall, store: Store, clock: FixedClock, size: tuple[int, int], light: bool
) -> None:
    write_demo(store, now=clock.now())
    window = make_wall(WallOptions(light=light), size, regimes=load_regimes())
    assert not window.stale
    assert window.header.title.full_text.startswith("Broadband outage")
    assert len(_views(window)) == 7
    assert len(_ticker(window)) >= 8
    assert not window.findChildren(QScrollBar)
    problems = _clipped(window)
    assert not problems, "\n".join(problems)
    smallest = min(
        label.font().pixelSize()
        for label in window.findChildren(QLabel)
        if label.isVisibleTo(window) and label.text()
    )
    assert smallest >= MIN_TEXT * size[1]
    # A banner and a notice take room from the rest, which still never clips.
    window.show_notice("Screen 3 is not connected: the wall is on the primary screen.")
    window._stale("The database file is being replaced")
    QApplication.processEvents()
    problems = _clipped(window)
    assert not problems, "\n".join(problems)


# --- screens and keys --------------------------------------------------------------------------


def test_a_wrong_screen_falls_back_to_the_primary_with_a_message(
    make_wall: MakeWall, capsys: pytest.CaptureFixture[str]
) -> None:
    screens = QGuiApplication.screens()
    primary = QGuiApplication.primaryScreen()
    assert choose_screen(1, screens, primary) == (screens[0], "")
    chosen, problem = choose_screen(len(screens) + 2, screens, primary)
    assert chosen == primary and f"no screen {len(screens) + 2}" in problem
    window = make_wall(WallOptions(screen=len(screens) + 2))
    window.present()
    assert window.notice.isVisible()
    assert window.notice.full_text.startswith(f"There is no screen {len(screens) + 2}")
    assert f"There is no screen {len(screens) + 2}" in capsys.readouterr().err
    assert window.screen() == primary
    assert window.isFullScreen()


def test_kiosk_ignores_escape(qtbot: QtBot, make_wall: MakeWall, incident: str) -> None:
    window = make_wall(WallOptions(kiosk=True))
    for _ in range(2):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible() and not window.confirming


def test_escape_from_the_command_line_asks_first(
    qtbot: QtBot, make_wall: MakeWall, incident: str
) -> None:
    window = make_wall(WallOptions(from_command_line=True))
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible() and window.confirming
    assert window.notice.full_text.startswith("Leave the wall? Press Esc again")
    qtbot.keyClick(window, Qt.Key.Key_Space)  # stay
    assert window.isVisible() and not window.confirming and window.notice.isHidden()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    with qtbot.waitSignal(window.closed):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_app_opens_the_wall_with_f11_and_escape_closes_it(
    qtbot: QtBot, store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    from ui.app import settings
    from ui.main_window import MainWindow

    main = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.is_loaded)
    action = next(a for a in main.findChildren(QAction) if a.text() == "&Wall mode (big screen)")
    assert action.shortcut().toString() == "F11"
    action.trigger()
    wall = main.wall_mode.wall
    assert wall is not None and wall.isVisible()
    assert not wall.options.from_command_line
    assert wall.header.title.full_text == "Broadband outage"
    assert wall.store is not None and wall.store is not store and wall.path == store.path
    with qtbot.waitSignal(wall.closed):
        qtbot.keyClick(wall, Qt.Key.Key_Escape)  # no question: the app is right there
    assert main.wall_mode.wall is None
    action.trigger()
    wall = main.wall_mode.wall
    assert wall is not None
    with qtbot.waitSignal(wall.closed):
        qtbot.keyClick(wall, Qt.Key.Key_F11)
    assert main.wall_mode.wall is None
    still = next(a for a in main.findChildren(QAction) if a.text() == "Wall &without pulsing")
    still.trigger()  # View → Wall without pulsing: kept, and used by the next wall
    action.trigger()
    wall = main.wall_mode.wall
    assert wall is not None and not wall.tiles.pulsing
    main.close()


@pytest.mark.zone("America/New_York")
def test_time_text_for_entries_of_another_day(
    make_wall: MakeWall, clock: FixedClock, incident: str
) -> None:
    clock.advance(timedelta(days=1, hours=2))
    window = make_wall()
    row = next(r for r in window.ticker.rows if isinstance(r, EntryRow) and r.isVisible())
    # Opened at 12:00 UTC on Sunday, 07:00 in New York; it is now Monday there.
    assert row.time.full_text == "Sun 07:00"
