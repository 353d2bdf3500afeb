"""The wall window: full screen, read-only, on the screen the room looks at.

It reads the database once per change (another process writes, ``DataWatcher`` notices
within a second) and recomputes its clocks, countdowns and tile texts every second from
the data it holds, without a query. When the file cannot be read it keeps the last good
picture under a "DATA STALE" banner and tries again every two seconds.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget
from sqlalchemy.exc import SQLAlchemyError

from crisisdesk import wall
from crisisdesk.cadence import DUE_SOON_FRACTION
from crisisdesk.cli import WallOptions
from crisisdesk.clock import Clock, SystemClock
from crisisdesk.incidents import IncidentError
from crisisdesk.store import Store, StoreError
from ui import timefmt
from ui.wall.labels import Chip
from ui.wall.look import ALARM, DARK, LIGHT, NOTICE, Scale
from ui.wall.sections import EntryRow, FactRow, HeaderBand, Rows, RunRow, Section
from ui.wall.tiles import TileGrid
from ui.watcher import DataWatcher

if TYPE_CHECKING:
    from crisisdesk.deadlines import Regime

RETRY_MS = 2000  # while the data is stale
PAGE_MS = 10_000  # pages turn when there is more than fits
NOTICE_MS = 10_000  # a message about the wall itself (the screen it is on)
CONFIRM_MS = 6_000  # to press Esc a second time
TICK_SLACK_MS = 3  # past the second, so the clock never shows the one before
# What a refresh can meet when the file is being moved, locked or upgraded under it.
READ_ERRORS = (StoreError, sqlite3.Error, SQLAlchemyError, IncidentError, OSError)

Opener = Callable[[Path], Store]


def open_plain_or_keyring(path: Path) -> Store:
    """The database as an unattended wall can open it: plain, or with the key this
    computer's keyring (or CRISISDESK_PASSPHRASE) holds. Nobody is asked."""
    from crisisdesk.unlock import open_database

    return open_database(path, create=False, ask=None)


def choose_screen(
    wanted: int | None, screens: Sequence[QScreen], primary: QScreen
) -> tuple[QScreen, str]:
    """The screen numbered ``wanted`` (1 = the first), else the primary and why."""
    if wanted is None or 1 <= wanted <= len(screens):
        return (primary if wanted is None else screens[wanted - 1]), ""
    found = f"{len(screens)} screen{'s' if len(screens) != 1 else ''} connected"
    return primary, (
        f"There is no screen {wanted} ({found}): the wall is on the primary screen. "
        f"Use --screen 1 to {len(screens)}."
    )


def reason(err: BaseException | str) -> str:
    """The first sentence of a problem, capitalised: enough for a banner."""
    text = " ".join(str(err).split()) or type(err).__name__
    first = text.split(". ", 1)[0].rstrip(".")
    return first[:1].upper() + first[1:]


class WallWindow(QWidget):
    closed = Signal()

    def __init__(
        self,
        path: Path,
        options: WallOptions | None = None,
        *,
        clock: Clock | None = None,
        incident_id: str | None = None,
        regimes: Sequence[Regime] | None = None,
        due_soon: float = DUE_SOON_FRACTION,
        tz: tzinfo | None = None,
        opener: Opener = open_plain_or_keyring,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("wall")
        self.setWindowTitle("crisisdesk wall")
        self.path = path
        self.options = options or WallOptions()
        self.clock: Clock = clock or SystemClock()
        self.tz = tz or timefmt.local_zone()
        self.pinned = incident_id
        self.due_soon = due_soon
        self.look = LIGHT if self.options.light else DARK
        self.opener = opener
        self.regimes, regimes_problem = _regimes(regimes)
        self.store: Store | None = None
        self.watcher: DataWatcher | None = None
        self._file: tuple[int, int] | None = None
        self.data: wall.WallData | None = None
        self.reads = 0  # successful reads of the database
        self.stale_since: datetime | None = None
        self.stale_reason = ""
        self.confirming = False
        self._minute: datetime | None = None
        self._shut = False
        self._scale: Scale | None = None

        self.header = HeaderBand()
        self.banner = Chip(stretch=True)
        self.banner.setObjectName("staleBanner")
        self.notice = Chip(stretch=True)
        self.notice.setObjectName("wallNotice")
        for strip in (self.banner, self.notice):
            strip.hide()
        self.tiles = TileGrid()
        self.tiles.set_pulsing(not self.options.still)
        self.ticker = Rows(EntryRow, "Nothing on the timeline yet", paged=False)
        self.runs = Rows(RunRow, "No playbook started")
        self.facts = Rows(FactRow, "No confirmed facts yet")
        self.tiles_section = Section("Stakeholders · most urgent first", self.tiles)
        self.ticker_section = Section("Latest on the timeline", self.ticker)
        self.runs_section = Section("Playbooks", self.runs)
        self.facts_section = Section("Confirmed key facts", self.facts)
        self.runs.changed = self._pages_changed
        self.facts.changed = self._pages_changed
        self._build()

        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self._ticked)
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.refresh)
        self._pages = QTimer(self)
        self._pages.setInterval(PAGE_MS)
        self._pages.timeout.connect(self.turn_pages)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._notice_over)

        if regimes_problem:
            print(f"crisisdesk wall: {regimes_problem}", file=sys.stderr)
        self.refresh()
        self._schedule_tick()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(self.look.background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(self.look.text))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.banner.set_look(ALARM, "#FFFFFF")
        self.notice.set_look(NOTICE, "#FFFFFF")
        body = QGridLayout()
        body.addWidget(self.tiles_section, 0, 0)
        body.addWidget(self.ticker_section, 0, 1)
        body.addWidget(self.runs_section, 1, 0)
        body.addWidget(self.facts_section, 1, 1)
        body.setColumnStretch(0, 64)
        body.setColumnStretch(1, 36)
        body.setRowStretch(0, 75)
        body.setRowStretch(1, 25)
        for section in self._sections():
            section.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._body = body
        root = QVBoxLayout(self)
        root.addWidget(self.header)
        root.addWidget(self.banner)
        root.addWidget(self.notice)
        root.addLayout(body, 1)
        self._root = root

    def _sections(self) -> list[Section]:
        return [self.tiles_section, self.ticker_section, self.runs_section, self.facts_section]

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._scale is None or self._scale.height != max(self.height(), 1):
            self._rescale(Scale(max(self.height(), 1)))
        super().resizeEvent(event)

    def _rescale(self, scale: Scale) -> None:
        self._scale = scale
        margin, gap = scale.margin, scale.gap
        self._root.setContentsMargins(margin, margin, margin, margin)
        self._root.setSpacing(gap)
        self._body.setHorizontalSpacing(gap * 2)
        self._body.setVerticalSpacing(gap * 2)
        self.header.rescale(scale, self.look)
        for strip in (self.banner, self.notice):
            strip.rescale(
                scale.font(scale.body, bold=True), scale.pad, scale.radius, scale.pad // 2
            )
        for section in self._sections():
            section.rescale(scale, self.look)
        self.tiles.rescale(scale, self.look)
        for rows in (self.ticker, self.runs, self.facts):
            rows.rescale(scale, self.look)

    # --- where it shows ------------------------------------------------------------------
    def present(self) -> None:
        """Full screen on the chosen screen; a wrong choice falls back to the primary."""
        screen, problem = choose_screen(
            self.options.screen, QGuiApplication.screens(), QGuiApplication.primaryScreen()
        )
        if problem:
            print(f"crisisdesk wall: {problem}", file=sys.stderr)
            self.show_notice(problem)
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def show_notice(self, text: str, ms: int = NOTICE_MS) -> None:
        self.notice.set_text(text)
        self.notice.show()
        self._notice_timer.start(ms)

    def _notice_over(self) -> None:
        self.notice.hide()
        self.confirming = False

    # --- data ----------------------------------------------------------------------------
    def refresh(self) -> bool:
        """Read everything the wall shows, once; on failure keep the last picture."""
        now = self.clock.now()
        try:
            store = self._connected()
            with store.read() as session:
                incident_id = self.pinned or wall.current_incident(session)
                data = (
                    None
                    if incident_id is None
                    else wall.read(session, incident_id, now, self.regimes)
                )
        except READ_ERRORS as err:
            self._stale(reason(err))
            return False
        except Exception as err:  # a wall on the room's screen must not vanish
            traceback.print_exc()
            self._stale(f"Unexpected problem reading the data: {reason(err)}")
            return False
        self.reads += 1
        self.data = data
        self._fresh()
        self.header.show_incident(data)
        self._minute = None  # the ticker and lists are refilled at this tick
        self.tick(now)
        return True

    def _connected(self) -> Store:
        """The open store; opened again when the file at the path was replaced."""
        if self.store is not None and self._replaced():
            self._disconnect()
        if self.store is None:
            store = self.opener(self.path)
            self.store = store
            self._file = _identity(self.path)
            self.watcher = DataWatcher(store, self)
            self.watcher.changed.connect(self.refresh)
            self.watcher.failed.connect(lambda message: self._stale(reason(message)))
            self.watcher.recovered.connect(self.refresh)
        return self.store

    def _replaced(self) -> bool:
        now = _identity(self.path)
        return now is not None and self._file is not None and now != self._file

    def _disconnect(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None
        if self.store is not None:
            self.store.close()
            self.store = None

    def _stale(self, why: str) -> None:
        if self.stale_since is None:
            self.stale_since = self.clock.now()
        self.stale_reason = why
        if self.data is None:
            self.header.title.set_text("Waiting for the incident record")
        since = timefmt.clock(self.stale_since)
        self.banner.set_text(f"▲ DATA STALE since {since} — {why}")
        self.banner.show()
        if not self._retry.isActive():
            self._retry.start()

    def _fresh(self) -> None:
        self.stale_since = None
        self.stale_reason = ""
        self.banner.hide()
        self._retry.stop()

    @property
    def stale(self) -> bool:
        return self.stale_since is not None

    # --- time ----------------------------------------------------------------------------
    def tick(self, now: datetime | None = None) -> None:
        """Texts for ``now`` from the data held: no query."""
        now = now or self.clock.now()
        data = self.data
        self.header.tick(data, now, self.tz)
        self.tiles.show_tiles(data.tiles(now, self.due_soon) if data else [], now)
        self.tiles_section.set_indicator(self.tiles.page, self.tiles.pages)
        minute = now.replace(second=0, microsecond=0)
        if minute != self._minute:  # the ticker's day names change at midnight at most
            self._minute = minute
            self.ticker.set_items(data.entries if data else [], now)
            self.runs.set_items(data.runs if data else [], now)
            self.facts.set_items(data.facts if data else [], now)
        self._pages_changed()

    def _schedule_tick(self) -> None:
        into = int(time.time() * 1000) % 1000
        self._tick.start(1000 - into + TICK_SLACK_MS)

    def _ticked(self) -> None:
        self.tick()
        self._schedule_tick()

    def turn_pages(self) -> None:
        self.tiles.rotate()
        self.runs.rotate()
        self.facts.rotate()
        self._pages_changed()

    def _pages_changed(self) -> None:
        self.tiles_section.set_indicator(self.tiles.page, self.tiles.pages)
        self.runs_section.set_indicator(self.runs.page, self.runs.pages)
        self.facts_section.set_indicator(self.facts.page, self.facts.pages)
        paged = max(self.tiles.pages, self.runs.pages, self.facts.pages) > 1
        if paged and not self._pages.isActive():
            self._pages.start()
        elif not paged and self._pages.isActive():
            self._pages.stop()

    # --- keys ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        event.accept()
        if self.options.kiosk:
            return
        leave = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if not self.options.from_command_line:
            if key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
                self.close()
            return
        if self.confirming:
            if key in leave:
                self.close()
            else:
                self._notice_timer.stop()
                self._notice_over()
            return
        if key == Qt.Key.Key_Escape:
            self.confirming = True
            self.show_notice(
                "Leave the wall? Press Esc again to leave, any other key to stay.", CONFIRM_MS
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.options.kiosk and event.spontaneous():  # Alt+F4 and the like
            event.ignore()
            return
        if not self._shut:
            self._shut = True
            for timer in (self._tick, self._retry, self._pages, self._notice_timer):
                timer.stop()
            self.tiles.set_pulsing(False)
            self._disconnect()
            self.closed.emit()
        super().closeEvent(event)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _regimes(given: Sequence[Regime] | None) -> tuple[list[Regime], str]:
    """The legal regimes, read once; a bad file turns the deadline off, not the wall."""
    if given is not None:
        return list(given), ""
    from crisisdesk.deadlines import RegulationsError, load_regimes

    try:
        return load_regimes(), ""
    except (RegulationsError, OSError) as err:
        return [], f"the legal deadlines are off: {err}"
