"""Benchmark: exporting the PDF report of the demo incident and of a 10,000-entry incident.

The app's time covers the whole export: reading the record, assembling the report,
laying out and drawing every page. The floor is a bare QPdfWriter drawing one line per
timeline entry, with no layout at all, in the same run. Targets: the demo in 1 s and
10,000 entries in 10 s; pages per second are printed too.
"""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchlib import Result, median, spread

ENTRIES = 10_000
RUNS = 3
NOW = datetime.now(UTC)


def _app() -> object:
    """A QGuiApplication with the fonts the report is drawn with, as export-pdf makes it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # drawing needs no display
    from PySide6.QtGui import QGuiApplication

    from ui import fonts

    app = QGuiApplication.instance() or QGuiApplication(["bench"])
    assert isinstance(app, QGuiApplication)
    fonts.install(app)
    return app


def _large(folder: Path) -> tuple[Path, str]:
    from crisisdesk import incidents, timeline
    from crisisdesk.clock import FixedClock
    from crisisdesk.identity import Author
    from crisisdesk.store import Store
    from crisisdesk.vocabulary import CATEGORIES

    path = folder / "10k.sqlite"
    store = Store.open(path)
    clock = FixedClock(NOW - timedelta(seconds=20 * ENTRIES))
    who = Author("b" * 32, "Bench", "Scribe")
    rnd = random.Random(11)
    words = [
        "customers",
        "offline",
        "SOC",
        "botnet",
        "traffic",
        "status",
        "page",
        "regulator",
        "press",
        "board",
        "vendor",
    ]
    with store.write() as session:
        incident = incidents.open_incident(session, who, clock, "Large incident").id
        for i in range(ENTRIES):
            clock.advance(timedelta(seconds=20))
            text = " ".join(rnd.choices(words, k=rnd.randint(6, 30))) + f" ({i})"
            timeline.append(session, who, clock, incident, text, category=rnd.choice(CATEGORIES))
    store.close()
    return path, incident


def _export(path: Path, incident: str, target: Path) -> tuple[float, int]:
    from crisisdesk.identity import Author
    from crisisdesk.report import build
    from crisisdesk.store import Store
    from ui.render.pdf import render_pdf

    start = time.perf_counter()
    store = Store.open(path, create=False)
    with store.read() as session:
        report = build(session, incident, now=NOW, who=Author("b" * 32, "Bench", "Scribe"))
    store.close()
    pages = render_pdf(report, target)
    return (time.perf_counter() - start) * 1000, pages


def _floor(lines: int, target: Path) -> float:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    start = time.perf_counter()
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    per_page = 60
    height = writer.height() / per_page
    for i in range(lines):
        if i and i % per_page == 0:
            writer.newPage()
        painter.drawText(QPointF(0, (i % per_page + 1) * height), f"entry {i} " + "x" * 60)
    painter.end()
    return (time.perf_counter() - start) * 1000


def _measure(name: str, path: Path, incident: str, folder: Path, limit_ms: float) -> Result:
    app_ms, pages = [], 0
    for n in range(RUNS):
        ms, pages = _export(path, incident, folder / f"{name}-{n}.pdf")
        app_ms.append(ms)
    from crisisdesk.store import Store
    from crisisdesk.timeline_pages import count_current

    store = Store.open(path, create=False)
    with store.read() as session:
        lines = count_current(session, incident)
    store.close()
    floor_ms = [_floor(lines, folder / f"floor-{name}-{n}.pdf") for n in range(RUNS)]
    print(f"  {name}: app   {spread(app_ms, 'ms')}, {pages} pages")
    print(f"  {name}: floor {spread(floor_ms, 'ms')} (one drawText per entry, no layout)")
    print(f"  {name}: {pages / (median(app_ms) / 1000):.0f} pages per second")
    result = Result(f"PDF export, {name}", median(app_ms), median(floor_ms), "ms", None, limit_ms)
    print(result.line())
    return result


def run_demo(folder: Path) -> Result:
    from crisisdesk.demo import create_demo_database

    _app()
    print("== PDF export: the demo incident ==")
    path = folder / "demo.sqlite"
    incident = create_demo_database(path, now=NOW)
    return _measure("demo", path, incident, folder, 1000)


def run_large(folder: Path) -> Result:
    _app()
    print(f"== PDF export: {ENTRIES:,} entries ==")
    path, incident = _large(folder)
    return _measure(f"{ENTRIES // 1000}k entries", path, incident, folder, 10_000)
