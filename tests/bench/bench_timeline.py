"""Benchmarks of the timeline at 100,000 entries: open and paint, filter keystrokes, memory.

- Open: load the incident into the timeline table and paint it, against a raw ``sqlite3``
  fetch of the same visible rows shown in a bare QTableView. Target <= 2x. Both sides
  start from an open connection that has read the incident, as the window has by the
  time a timeline is opened; connecting is the startup benchmark's business. Caches that
  last the whole process are warm on both sides after the warm-up run: Qt's glyphs, and
  the app's drawn category chips (drawing the seven the first time costs about 1.5 ms,
  once per process).
- Filter: one keystroke's re-query and repaint while typing searches; targets are
  absolute (median <= 30 ms, p95 <= 60 ms), with a raw ``sqlite3`` run of the same
  query as the floor for scale.
- Memory: the whole app's peak RSS with the 100k incident open, against the bare
  PySide6 floor window. Target <= 250 MB.
"""

from __future__ import annotations

import atexit
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bench_startup import FLOOR_SCRIPT, child_env, make_home
from benchlib import BenchError, Result, median, spread

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

    from crisisdesk.store import Store
    from ui.timeline.model import TimelineModel
    from ui.timeline.view import TimelinePane

ENTRIES = 100_000
RUNS = 15  # paints of a few ms: medians of seven moved by a tenth from run to run
WORDS = [
    "customers",
    "offline",
    "SOC",
    "confirms",
    "botnet",
    "traffic",
    "status",
    "page",
    "updated",
    "regulator",
    "call",
    "press",
    "statement",
    "board",
    "briefing",
    "vendor",
    "logs",
    "phishing",
    "helpline",
    "queue",
    "exposure",
    "notice",
]
SEARCHES = ("botnet", "press statement", "ico", "zzq", "helpline queue", "regul")


_shared: list[Path] = []


def _shared_folder() -> Path:
    """One folder for the large database, shared by the benchmarks of one run."""
    if not _shared:
        folder = Path(tempfile.mkdtemp(prefix="crisisdesk-bench-100k-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _shared.append(folder)
    return _shared[0]


def build(_folder: Path) -> tuple[Path, str]:
    """A database with one incident of ENTRIES timeline entries (built once per run)."""
    folder = _shared_folder()
    from crisisdesk import incidents, timeline
    from crisisdesk.clock import FixedClock
    from crisisdesk.identity import Author
    from crisisdesk.store import Store
    from crisisdesk.vocabulary import CATEGORIES

    path = folder / "big.sqlite"
    marker = folder / "big.incident"
    if marker.exists():
        return path, marker.read_text()
    store = Store.open(path)
    clock = FixedClock(datetime.now(UTC) - timedelta(seconds=20 * ENTRIES))
    who = Author("b" * 32, "Bench", "Scribe")
    rnd = random.Random(7)
    actors = ["SOC", "Ruth Calloway", "Dev Chaudhry", "ICO", ""]
    with store.write() as session:
        incident = incidents.open_incident(session, who, clock, "Large incident").id
        for i in range(ENTRIES):
            clock.advance(timedelta(seconds=20))
            text = " ".join(rnd.choices(WORDS, k=12)) + f" ({i})"
            timeline.append(
                session,
                who,
                clock,
                incident,
                text,
                category=rnd.choice(CATEGORIES),
                actor=rnd.choice(actors),
            )
    store.close()
    marker.write_text(incident)
    return path, incident


def _app() -> QCoreApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _pane(path: Path) -> tuple[Store, TimelineModel, TimelinePane]:
    from crisisdesk.clock import SystemClock
    from crisisdesk.store import Store
    from ui.timeline.model import TimelineModel
    from ui.timeline.view import TimelinePane

    store = Store.open(path, create=False)
    model = TimelineModel()
    model.attach(store.session)
    pane = TimelinePane(model, SystemClock())
    pane.resize(1200, 800)
    pane.show()
    return store, model, pane


def _dispose(widget: QWidget) -> None:
    """Delete a widget now: Qt objects left for the interpreter's exit can crash it."""
    from PySide6.QtWidgets import QApplication

    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def _open_app(path: Path, incident: str) -> float:
    from crisisdesk import incidents

    store, model, pane = _pane(path)
    with store.session() as session:  # as the window does: the header shows the incident
        incidents.current(session, incident)
    began = time.perf_counter()
    model.load(incident)
    pane.table.viewport().grab()  # a real paint, into a pixmap
    took = (time.perf_counter() - began) * 1000
    _dispose(pane)
    store.close()
    return took


def _open_floor(path: Path, incident: str, visible: int) -> float:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.resize(1200, 800)
    view.show()
    conn = sqlite3.connect(path)
    conn.execute(
        "SELECT title FROM incident_revision WHERE incident_id = ?", (incident,)
    ).fetchall()
    began = time.perf_counter()
    rows = conn.execute(
        "SELECT occurred_at, category, actor, text, author FROM timeline_entry "
        "WHERE incident_id = ? ORDER BY occurred_at DESC LIMIT ?",
        (incident, visible),
    ).fetchall()
    model = QStandardItemModel(len(rows), 5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            model.setItem(r, c, QStandardItem(str(value)))
    view.setModel(model)
    view.viewport().grab()
    took = (time.perf_counter() - began) * 1000
    conn.close()
    _dispose(view)
    return took


def run_open(folder: Path) -> Result:
    path, incident = build(folder)
    app = _app()
    print(f"== timeline: open and paint {ENTRIES:,} entries ({RUNS} runs each, alternating) ==")
    store, model, pane = _pane(path)
    model.load(incident)
    # Rows in sight, the last one perhaps in part.
    visible = -(-pane.table.viewport().height() // pane.table.rowHeight(0))
    _dispose(pane)
    store.close()
    app_ms: list[float] = []
    floor_ms: list[float] = []
    _open_app(path, incident)
    _open_floor(path, incident, visible)
    for i in range(RUNS):
        pair = [
            (lambda: _open_app(path, incident), app_ms),
            (lambda: _open_floor(path, incident, visible), floor_ms),
        ]
        for measure, times in pair if i % 2 == 0 else reversed(pair):
            times.append(measure())
            app.processEvents()
    print(f"  visible rows: {visible}")
    print(f"  app:   {spread(app_ms, 'ms')}")
    print(f"  floor: {spread(floor_ms, 'ms')}")
    result = Result("timeline open 100k", median(app_ms), median(floor_ms), "ms", 2.0)
    print(result.line())
    return result


def _keystrokes() -> list[str]:
    """What the search box holds after each key of typing every search in turn."""
    return [word[:n] for word in SEARCHES for n in range(1, len(word) + 1)]


def run_filter(folder: Path) -> Result:
    from crisisdesk.entries import TimelineFilter
    from crisisdesk.timeline_pages import PAGE

    path, incident = build(folder)
    _app()
    print(f"== timeline: one filter keystroke at {ENTRIES:,} entries ==")
    store, model, pane = _pane(path)
    model.load(incident)
    app_ms: list[float] = []
    for text in _keystrokes():
        began = time.perf_counter()
        model.set_filter(TimelineFilter(text=text))
        pane.table.viewport().grab()  # a real paint, into a pixmap
        app_ms.append((time.perf_counter() - began) * 1000)
    _dispose(pane)
    store.close()
    conn = sqlite3.connect(path)
    floor_ms: list[float] = []
    for text in _keystrokes():
        began = time.perf_counter()
        conn.execute(
            "SELECT rowid, text FROM timeline_entry WHERE incident_id = ? AND text LIKE ? "
            "ORDER BY occurred_at DESC LIMIT ?",
            (incident, f"%{text}%", PAGE),
        ).fetchall()
        floor_ms.append((time.perf_counter() - began) * 1000)
    conn.close()
    p95 = statistics.quantiles(app_ms, n=20)[-1]
    print(f"  keystrokes: {len(app_ms)} ({', '.join(SEARCHES)})")
    print(
        f"  app:   {spread(app_ms, 'ms')}, p95 {p95:.0f} ms (target <= 60 ms: "
        f"{'met' if p95 <= 60 else 'MISSED'})"
    )
    print(f"  floor (raw sqlite3 query only): {spread(floor_ms, 'ms')}")
    result = Result("filter keystroke 100k", median(app_ms), median(floor_ms), "ms", None, 30)
    print(result.line())
    return result


WHOLE_APP = """
import os, resource, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from crisisdesk.clock import SystemClock
from crisisdesk.identity import load_desk
from crisisdesk.store import Store
from ui import options
from ui.app import make_app, settings
from ui.main_window import MainWindow

app = make_app()
options.SHOW_CHART.write(settings(), True)  # shown whatever the (offscreen) screen's height
window = MainWindow(Store.open(Path(sys.argv[1]), create=False), load_desk(), SystemClock(),
                    settings())

def charted(_data):
    QTimer.singleShot(500, app.quit)  # let the chart draw, then read the peak

window.chart_feed.ready.connect(charted)
window.show()
QTimer.singleShot(60_000, lambda: sys.exit("the chart never got its data"))
app.exec()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_mb(argv: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of a child process, as it reports it on its way out."""
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise BenchError(f"{argv[0]} failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return int(done.stdout.split()[-1]) / 1024  # ru_maxrss is in KiB on Linux


FLOOR_RSS = """
import resource, subprocess, sys
subprocess.run([sys.executable, sys.argv[1]], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_memory(folder: Path) -> Result:
    path, _ = build(folder)
    env = child_env(make_home(folder / "mem"))
    env.pop("CRISISDESK_STARTUP_PROBE", None)
    print(f"== memory: the whole app with {ENTRIES:,} entries open, chart drawn ==")
    app_mb = _peak_rss_mb([sys.executable, "-c", WHOLE_APP, str(path)], env)
    floor_mb = _peak_rss_mb([sys.executable, "-c", FLOOR_RSS, str(FLOOR_SCRIPT)], env)
    print(f"  app peak RSS {app_mb:.0f} MB, bare PySide6 window {floor_mb:.0f} MB")
    result = Result("memory 100k", app_mb, floor_mb, "MB", None, 250)
    print(result.line())
    return result
