"""Corrections, retractions, key moments, back-dated entries and CSV export, as a user does them."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from crisisdesk import incidents, stakeholders, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.store import Store
from ui.app import settings
from ui.main_window import MainWindow
from ui.timeline.dialogs import EntryDialog, HistoryDialog
from ui.timeline.model import MARKS, TEXT


@pytest.fixture
def window(qtbot: QtBot, store: Store, who: Author, clock: FixedClock) -> MainWindow:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage", severity="critical")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
        clock.advance(timedelta(minutes=10))
        timeline.append(
            session,
            who,
            clock,
            inc.id,
            "300,000 customers offline",
            category="detection",
            actor="NOC",
        )
    clock.advance(timedelta(minutes=10))
    win = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.is_loaded)
    return win


def _select(window: MainWindow, text: str) -> int:
    model = window.timeline_model
    row = next(r for r in range(model.rowCount()) if model.entry(r).text == text)
    window.timeline_pane.table.selectRow(row)
    return row


def test_correction_keeps_history(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def edit(dialog: EntryDialog) -> int:
        assert dialog.text.toPlainText() == "300,000 customers offline"
        dialog.text.clear()
        qtbot.keyClicks(dialog.text, "450,000 customers offline")
        qtbot.keyClicks(dialog.reason, "network team recount")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", edit)
    _select(window, "300,000 customers offline")
    window.activateWindow()
    qtbot.keyClick(window.timeline_pane.table, Qt.Key.Key_F2)
    row = _select(window, "450,000 customers offline")
    model = window.timeline_model
    assert "✎" in model.index(row, MARKS).data()
    assert "network team recount" in model.index(row, MARKS).data(Qt.ItemDataRole.ToolTipRole)
    assert all(model.entry(r).text != "300,000 customers offline" for r in range(model.rowCount()))

    shown: list[str] = []

    def show(dialog: HistoryDialog) -> int:
        shown.append(dialog.view.toHtml())
        return 0

    monkeypatch.setattr(HistoryDialog, "exec", show)
    qtbot.mouseClick(
        window.timeline_pane.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.timeline_pane.table.visualRect(model.index(row, MARKS)).center(),
    )  # the ✎ marker opens the history
    [html] = shown
    assert "300,000 customers offline" in html and "450,000 customers offline" in html
    assert "network team recount" in html and "Priya Shah" in html


def test_correction_keeps_the_exact_time_unless_it_is_changed(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.advance(timedelta(microseconds=123_456))  # quick-logged entries carry these
    line = window.timeline_pane.quick_log.line
    qtbot.keyClicks(line, "Bridge call opened")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    logged = window.timeline_model.entry(_select(window, "Bridge call opened")).occurred_at

    def retype(dialog: EntryDialog) -> int:
        dialog.text.selectAll()
        qtbot.keyClicks(dialog.text, "Bridge call opened with the NOC")
        dialog.ok.click()
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", retype)
    window.entry_actions.correct()
    row = window.timeline_model.entry(_select(window, "Bridge call opened with the NOC"))
    assert row.occurred_at == logged

    monkeypatch.setattr(EntryDialog, "exec", lambda d: (d.ok.click(), d.result())[1])
    before = window.timeline_model.total
    window.entry_actions.correct()
    assert "Nothing was changed" in window.banner.text()
    assert window.timeline_model.total == before


def test_unchanged_correction_is_not_recorded(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(EntryDialog, "exec", lambda d: (d.ok.click(), d.result())[1])
    _select(window, "300,000 customers offline")
    before = window.timeline_model.total
    window.entry_actions.correct()
    assert "Nothing was changed" in window.banner.text()
    assert window.timeline_model.total == before


def test_retraction_needs_a_reason(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([("", True), ("wrong region: it was the north", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    _select(window, "300,000 customers offline")
    window.entry_actions.retract()
    assert "Say why" in window.banner.text()
    row = _select(window, "300,000 customers offline")
    assert "✖" not in window.timeline_model.index(row, MARKS).data()
    window.entry_actions.retract()
    row = _select(window, "300,000 customers offline")
    model = window.timeline_model
    assert "✖" in model.index(row, MARKS).data()
    assert model.index(row, TEXT).data(Qt.ItemDataRole.FontRole).strikeOut()


def test_marking_awareness_starts_the_clock(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    assert "Awareness not yet recorded" in window.header.aware.text()
    _select(window, "300,000 customers offline")
    window.entry_actions.mark_key_moment("awareness")
    row = _select(window, "300,000 customers offline")
    assert "★" in window.timeline_model.index(row, MARKS).data()
    assert window.header.aware.text().startswith("Aware since")
    assert window.incident is not None and window.incident.aware_at is not None
    with store.session() as session:
        revs = incidents.revisions(session, window.incident.id)
    assert revs[-1].aware_at == window.timeline_model.entry(row).occurred_at


def test_back_dated_entry_lands_in_its_place(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: EntryDialog) -> int:
        qtbot.keyClicks(dialog.text, "Call centre queues hit 40 minutes")
        dialog.zone.setCurrentText("UTC")
        dialog.time.setTime(QTime(12, 5, 0))  # the clock reads 12:20 UTC
        dialog.category.setCurrentIndex(dialog.category.findData("external"))
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", fill)
    window.entry_actions.new_entry()
    texts = [window.timeline_model.entry(r).text for r in range(window.timeline_model.rowCount())]
    assert texts.index("Call centre queues hit 40 minutes") == 1  # between 12:10 and 12:00
    row = window.timeline_model.entry(1)
    assert row.category == "external" and row.occurred_at.hour == 12 and row.occurred_at.minute == 5


@pytest.mark.zone("Pacific/Chatham")
def test_choosing_a_zone_first_shows_the_forms_moment_in_it(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    dialog = EntryDialog(clock.now(), actors=[], parent=window)
    qtbot.addWidget(dialog)
    # 12:20 UTC on Sunday is 02:05 on Monday in the Chatham Islands (UTC+13:45).
    assert (dialog.date.text(), dialog.time.text()) == ("Mon 30 Nov 2026", "02:05:00")
    dialog.zone.setCurrentText("UTC")
    assert (dialog.date.text(), dialog.time.text()) == ("Sun 29 Nov 2026", "12:20:00")
    dialog.time.setTime(QTime(12, 5, 0))
    # A time already typed stays as typed: it is read in the zone chosen after it.
    dialog.zone.setCurrentText("Asia/Kolkata")
    assert (dialog.date.text(), dialog.time.text()) == ("Sun 29 Nov 2026", "12:05:00")
    assert dialog.occurred_at().isoformat() == "2026-11-29T06:35:00+00:00"


def test_future_time_in_the_dialog_asks_first(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    dialog = EntryDialog(clock.now(), actors=[], parent=window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.text, "Press conference")
    dialog.zone.setCurrentText("UTC")
    dialog.time.setTime(QTime(18, 0, 0))
    dialog.ok.click()
    assert "in the future" in dialog.error.text() and not dialog.result()
    dialog.ok.click()
    assert dialog.result()


def test_csv_export_of_the_filtered_timeline(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(window.timeline_pane.filters.toggles["decision"], Qt.MouseButton.LeftButton)
    window.entry_actions.export_csv()
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["text"] for r in rows] == ["300,000 customers offline"]  # decisions filtered out
    assert rows[0]["occurred_utc"] == "2026-11-29T12:10:00Z"
    assert "1 entry exported to export.csv" in window.timeline_pane.count.text()


@pytest.mark.zone("Europe/Berlin")
def test_a_late_correction_does_not_mark_the_entry_back_dated(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def edit(dialog: EntryDialog) -> int:
        dialog.text.clear()
        qtbot.keyClicks(dialog.text, "310,000 customers offline")
        qtbot.keyClicks(dialog.reason, "overnight recount")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    clock.advance(timedelta(hours=3))  # the entry was logged on time; the fix comes later
    monkeypatch.setattr(EntryDialog, "exec", edit)
    _select(window, "300,000 customers offline")
    window.entry_actions.correct()
    row = _select(window, "310,000 customers offline")
    model = window.timeline_model
    assert "↶" not in model.index(row, MARKS).data()
    note = model.index(row, MARKS).data(Qt.ItemDataRole.ToolTipRole)
    assert note.startswith("Corrected ") and "by Priya Shah: overnight recount" in note
    assert note.startswith("Corrected Sun 16:20 by Priya Shah")  # 15:20 UTC, in Berlin
