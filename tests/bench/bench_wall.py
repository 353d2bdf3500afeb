"""Benchmarks of the crisis room's wall.

- Idle CPU: ``crisisdesk wall`` on the demo database, full screen on a 1920x1080 screen
  and left alone: its clocks tick every second and the overdue tile pulses. Floor: a
  bare full-screen window whose one label a one-second QTimer updates. The wall with
  ``--still`` (no pulsing) is measured alongside, for the record. The three run at
  once as child processes; their CPU time is read from /proc over the same 20 s, after
  5 s to settle (see ``bench_matrix.idle_percent``). Target: <= 3 % of one core.
- Refresh: what the wall does once another process has written: read everything it
  shows (one read of the database) and put it on screen, repaint included, on the demo
  at 1920x1080. Between runs another connection logs an update and a timeline entry,
  so every refresh has something new to show. Floor: the same rows fetched by raw
  sqlite3 queries (the incident, its groups and their updates, the newest timeline
  entries, the key moments, checklist runs and step events, facts). Target: <= 50 ms.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_matrix import Idle, idle_percent
from bench_startup import child_env, crisisdesk_command, make_demo_database, make_home
from benchlib import BenchError, Result, median, spread

IDLE_LIMIT_PCT = 3.0
REFRESH_LIMIT_MS = 50.0
REFRESHES = 30
WARM_UP = 3
SCREEN = (1920, 1080)

FLOOR = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

app = QApplication(sys.argv[:1])
window = QWidget()
label = QLabel()
QVBoxLayout(window).addWidget(label)
timer = QTimer()
timer.setInterval(1000)
timer.timeout.connect(lambda: label.setText(time.strftime("%H:%M:%S local")))
timer.start()
window.showFullScreen()
sys.exit(app.exec())
"""


def _screen_env(folder: Path, env: dict[str, str]) -> dict[str, str]:
    """Without a display, an offscreen screen of the wall's size (Qt's default is 800x600)."""
    if env.get("DISPLAY"):
        return env
    config = folder / "screens.json"
    width, height = SCREEN
    screen = {"name": "wall", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    return {**env, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}


def run_idle_cpu(folder: Path) -> Result:
    home = make_home(folder)
    env = child_env(home)
    env.pop("CRISISDESK_STARTUP_PROBE", None)
    database = make_demo_database(folder, env)
    env = _screen_env(folder, env)
    wall = [str(crisisdesk_command()), "wall", "--db", str(database)]
    idles = [
        Idle("wall", wall, folder / "wall.log"),
        Idle("floor", [sys.executable, "-c", FLOOR], folder / "floor.log"),
        Idle("still", [*wall, "--still"], folder / "still.log"),
    ]
    print(f"== wall idle CPU: the demo, {SCREEN[0]}x{SCREEN[1]}, 1 s ticks ==")
    print(f"  platform: {env.get('QT_QPA_PLATFORM') or 'DISPLAY=' + env['DISPLAY']}")
    found = idle_percent(idles, env)
    resolution = 100 / os.sysconf("SC_CLK_TCK") / 20  # one clock tick over the 20 s
    print(f"  wall (overdue tile pulsing): {found['wall']:.2f} % of one core")
    print(f"  wall --still: {found['still']:.2f} %")
    print(f"  floor (full-screen window, a label a 1 s timer updates): {found['floor']:.2f} %")
    print(f"  resolution: {resolution:.2f} %")
    result = Result(
        "wall idle CPU", found["wall"], max(found["floor"], resolution), "%", None, IDLE_LIMIT_PCT
    )
    print(result.line())
    return result


# --- refresh ---------------------------------------------------------------------------------

FLOOR_QUERIES = (
    "SELECT * FROM incident_revision WHERE incident_id = ?",
    "SELECT * FROM stakeholder_revision WHERE incident_id = ?",
    'SELECT * FROM "update" WHERE incident_id = ?',
    "SELECT * FROM timeline_entry t WHERE t.incident_id = ? AND NOT EXISTS "
    "(SELECT 1 FROM timeline_entry c WHERE c.supersedes = t.id) "
    "ORDER BY t.occurred_at DESC, t.created_at DESC, t.rowid DESC LIMIT 10",
    "SELECT * FROM timeline_entry WHERE incident_id = ? AND key_moment IS NOT NULL",
    "SELECT * FROM checklist_run WHERE incident_id = ?",
    "SELECT * FROM step_event WHERE incident_id = ?",
    "SELECT * FROM fact_revision WHERE incident_id = ?",
)


def floor_read(conn: sqlite3.Connection, incident_id: str) -> int:
    rows = 0
    for sql in FLOOR_QUERIES:
        rows += len(conn.execute(sql, (incident_id,)).fetchall())
    return rows


def run_refresh(folder: Path) -> Result:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from crisisdesk import stakeholders, timeline, wall
    from crisisdesk.clock import SystemClock
    from crisisdesk.demo import create_demo_database
    from crisisdesk.identity import Author
    from crisisdesk.store import Store
    from ui.wall.sections import EntryRow
    from ui.wall.window import WallWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    path = folder / "demo.sqlite"
    incident_id = create_demo_database(path, now=datetime.now(UTC))
    window = WallWindow(path)
    window.resize(*SCREEN)
    window.show()
    app.processEvents()
    if window.watcher is not None:
        window.watcher.stop()  # the bench calls refresh itself, once per change
    writer = Store.open(path, create=False)
    who = Author("c" * 32, "Bench", "Scribe")
    with writer.read() as session:
        groups = [g.id for g in stakeholders.current(session, incident_id)]
    clock = SystemClock()
    conn = sqlite3.connect(path)
    app_ms: list[float] = []
    floor_ms: list[float] = []
    print(f"== wall refresh: the demo at {SCREEN[0]}x{SCREEN[1]}, after another desk wrote ==")
    try:
        for n in range(WARM_UP + REFRESHES):
            with writer.write() as session:  # the change the wall then shows
                stakeholders.log_update(
                    session, who, clock, incident_id, groups[n % len(groups)],
                    channel="email", summary=f"Update {n} sent",
                )  # fmt: skip
                timeline.append(session, who, clock, incident_id, f"Bench entry {n}")
            began = time.perf_counter()
            if not window.refresh():
                raise BenchError(f"the wall could not read: {window.stale_reason}")
            app.processEvents()  # layout and repaint of what changed
            took = (time.perf_counter() - began) * 1000
            began = time.perf_counter()
            rows = floor_read(conn, incident_id)
            floor_took = (time.perf_counter() - began) * 1000
            if n >= WARM_UP:
                app_ms.append(took)
                floor_ms.append(floor_took)
        shown = [
            r.text.full_text
            for r in window.ticker.rows
            if isinstance(r, EntryRow) and r.isVisible()
        ]
        if f"Bench entry {WARM_UP + REFRESHES - 1}" not in shown:
            raise BenchError("the last entry written is not on the wall: nothing was measured")
        print(f"  floor fetched {rows} rows per read")
        print(f"  app:   {spread(app_ms, 'ms')}")
        print(f"  floor: {spread(floor_ms, 'ms')}")
        window.close()
        began = time.perf_counter()
        with writer.read() as session:
            wall.read(session, incident_id, datetime.now(UTC) + timedelta(seconds=1))
        alone = (time.perf_counter() - began) * 1000
        print(f"  of which wall.read alone (one sample): {alone:.1f} ms")
    finally:
        conn.close()
        writer.close()
        window.deleteLater()
        app.processEvents()
    result = Result("wall refresh", median(app_ms), median(floor_ms), "ms", None, REFRESH_LIMIT_MS)
    print(result.line())
    return result
