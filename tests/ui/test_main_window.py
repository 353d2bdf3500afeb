"""The main window driven as a person would: type, click, and read what is shown."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog
from pytestqt.qtbot import QtBot

from crisisdesk import incidents, paths, stakeholders, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.demo import write_demo
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.store import Store, WriteFailed
from ui.app import settings
from ui.main_window import MainWindow
from ui.timeline.model import TEXT
from ui.widgets.dialogs import NewIncidentDialog, PersonDialog


@pytest.fixture
def desk(who: Author) -> DeskConfig:
    return DeskConfig(who.desk_id, who.name, who.role)


def _open(qtbot: QtBot, store: Store, desk: DeskConfig, clock: FixedClock) -> MainWindow:
    window = MainWindow(store, desk, clock, settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.is_loaded)
    return window


@pytest.fixture
def live(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Broadband outage", severity="critical")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    clock.advance(timedelta(minutes=5))
    return inc.id


@pytest.fixture
def window(
    qtbot: QtBot, store: Store, desk: DeskConfig, clock: FixedClock, live: str
) -> MainWindow:
    return _open(qtbot, store, desk, clock)


def _texts(window: MainWindow) -> list[str]:
    model = window.timeline_model
    return [model.index(r, TEXT).data() for r in range(model.rowCount())]


def test_quick_log_shows_the_entry_at_once(
    qtbot: QtBot, window: MainWindow, store: Store, live: str
) -> None:
    line = window.timeline_pane.quick_log.line
    qtbot.keyClicks(line, "SOC confirms DDoS from a botnet")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert _texts(window)[0] == "SOC confirms DDoS from a botnet"
    assert line.text() == ""
    assert window.timeline_pane.count.text() == "2 entries"
    row = 0  # newest first
    assert window.timeline_model.index(row, 4).data() == "Priya Shah"
    with store.session() as session:
        stored = timeline.current_entries(session, live)[-1][1]
    assert (stored.text, stored.author, stored.author_role) == (
        "SOC confirms DDoS from a botnet",
        "Priya Shah",
        "Comms lead",
    )


def test_quick_log_category_and_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tabs.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    line = window.timeline_pane.quick_log.line
    assert line.hasFocus()
    combo = window.timeline_pane.quick_log.category
    combo.setCurrentIndex(combo.findData("decision"))
    qtbot.keyClicks(line, "Take the status page to maintenance mode")
    qtbot.mouseClick(window.timeline_pane.quick_log.button, Qt.MouseButton.LeftButton)
    last = 0  # newest first
    assert window.timeline_model.index(last, 1).data() == "◆ Decision"
    assert combo.currentData() == "note"  # back to the default for the next entry


def test_failed_write_keeps_the_typed_text(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise WriteFailed("could not write: the disk is full. Free some disk space and try again.")

    monkeypatch.setattr(timeline, "append", full)
    line = window.timeline_pane.quick_log.line
    qtbot.keyClicks(line, "Important note")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.banner.isVisible()
    assert "Not recorded" in window.banner.text() and "disk is full" in window.banner.text()
    assert line.text() == "Important note"
    assert "Important note" not in _texts(window)


def test_entry_from_another_process_appears(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "crisisdesk.cli",
            "log",
            "Logged from a terminal",
            "--category",
            "external",
            "--db",
            str(store.path),
        ],
        check=True,
        capture_output=True,
    )
    qtbot.waitUntil(lambda: "Logged from a terminal" in _texts(window), timeout=5000)


def test_loaded_window_leaves_startup_objects_out_of_full_collections(
    window: MainWindow,
) -> None:
    # A full collection over everything start-up loaded stalled the window for 60 ms.
    assert window.is_loaded and gc.get_freeze_count() > 10_000


def test_header_shows_incident_and_ticks(window: MainWindow, clock: FixedClock) -> None:
    header = window.header
    assert header.title.text() == "Broadband outage"
    assert "CRITICAL" in header.severity.text() and "▲" in header.severity.text()
    assert "ACTIVE" in header.status.text()
    assert header.elapsed.text().startswith("T+00:05")
    clock.advance(timedelta(hours=2, minutes=1))
    window.tick()
    assert header.elapsed.text().startswith("T+02:06")
    assert "Awareness not yet recorded" in header.aware.text()


def test_stakeholders_listed_with_status_words(window: MainWindow) -> None:
    model = window.stakeholder_pane.model
    names = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert names[0] == "Customers" and len(names) == 7
    statuses = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert statuses <= {"◌ First update due"}
    # When each is due: two short lines, the duration never split across them.
    due = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert sum(text != "—" for text in due) >= 5  # "—": a group updated on demand only
    for text in (t for t in due if t != "—"):
        first, second = text.split("\n")
        word, duration = first.split(" ", 1)
        assert word in ("in", "OVERDUE") and " " not in duration
        assert second.startswith(("at ", "promised "))


def test_empty_database_opens_on_start_screen_and_starts_an_incident(
    qtbot: QtBot,
    store: Store,
    desk: DeskConfig,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _open(qtbot, store, desk, clock)
    assert window.stack.currentWidget() is window.start_holder
    qtbot.waitUntil(window.start_screen.start.isVisible)

    def fill_and_accept(dialog: NewIncidentDialog) -> int:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # no title yet: refused with a reason
        assert "title" in dialog.error.text() and not dialog.result()
        qtbot.keyClicks(dialog.title, "Ransomware on file servers")
        dialog.severity.setCurrentIndex(dialog.severity.findData("critical"))
        ok.click()
        return dialog.result()

    monkeypatch.setattr(NewIncidentDialog, "exec", fill_and_accept)
    qtbot.mouseClick(window.start_screen.start, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == 1
    assert window.header.title.text() == "Ransomware on file servers"
    assert "CRITICAL" in window.header.severity.text()
    assert window.stakeholder_pane.model.rowCount() == 7
    assert _texts(window) == ["Incident opened: Ransomware on file servers (severity critical)"]


def test_close_and_switch_incidents(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    who: Author,
    clock: FixedClock,
    live: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with store.write() as session:
        incidents.open_incident(session, who, clock, "Phishing wave", severity="medium")
    window.on_data_changed()
    switcher = window.header.switcher
    assert switcher.count() == 2
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Service restored", True))
    window.close_action.trigger()
    assert "CLOSED" in window.header.status.text()
    assert not window.timeline_pane.quick_log.line.isEnabled()
    assert "closed" in window.timeline_pane.quick_log.line.placeholderText()
    assert _texts(window)[0] == "Incident closed: Service restored"
    assert window.reopen_action.isEnabled() and not window.resolve_action.isEnabled()
    # Active incidents are listed first; the closed one stays readable.
    assert "Phishing wave" in switcher.itemText(0) and "(closed)" in switcher.itemText(1)
    switcher.activated.emit(0)
    assert window.header.title.text() == "Phishing wave"
    assert window.timeline_pane.quick_log.line.isEnabled()


def test_change_person(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    def answer(dialog: PersonDialog) -> int:
        dialog.name.clear()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert "Enter your name" in dialog.error.text()
        qtbot.keyClicks(dialog.name, "Tom Reyes")
        dialog.role.setCurrentText("SOC liaison")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(PersonDialog, "exec", answer)
    qtbot.mouseClick(window.person_button, Qt.MouseButton.LeftButton)
    assert window.person_button.text() == "At this desk: Tom Reyes · SOC liaison"
    line = window.timeline_pane.quick_log.line
    qtbot.keyClicks(line, "Bridge open")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.timeline_model.index(0, 4).data() == "Tom Reyes"


def test_layout_is_remembered(
    qtbot: QtBot, store: Store, desk: DeskConfig, clock: FixedClock, live: str
) -> None:
    window = _open(qtbot, store, desk, clock)
    total = sum(window.splitter.sizes())
    # A split the panes' minimum widths allow, so Qt keeps it as set.
    window.splitter.setSizes([total - 260, 260])
    QApplication.processEvents()
    sizes = window.splitter.sizes()
    assert sizes[1] != total * 40 // 100  # not the default split
    window.save_layout()
    ini = paths.config_dir() / "ui.ini"
    assert ini.is_file()
    assert QSettings(str(ini), QSettings.Format.IniFormat).value("main/geometry") is not None
    window.close()
    again = _open(qtbot, Store.open(store.path), desk, clock)
    QApplication.processEvents()
    assert again.splitter.sizes() == sizes


def test_timeline_model_is_a_sound_qt_model(
    qtmodeltester: object, store: Store, desk: DeskConfig, qtbot: QtBot, clock: FixedClock
) -> None:
    write_demo(store, now=clock.now())
    window = _open(qtbot, store, desk, clock)
    timeline_model = window.timeline_model
    while timeline_model.canFetchMore():  # the whole demo, not only what fits on screen
        timeline_model.fetchMore()
    assert timeline_model.rowCount() >= 60
    qtmodeltester.check(timeline_model)  # type: ignore[attr-defined]
    panes: list[Callable[[], QAbstractItemModel]] = [
        lambda: window.stakeholder_pane.model,
        lambda: window.fact_tab.pane.model,
        lambda: window.drafts_tab.pane.model,
        lambda: window.checklist_tab.pane.model,
    ]
    for tab, pane_model in enumerate(panes):
        window.tabs.setCurrentIndex(tab)  # a side pane is built and filled when opened
        model = pane_model()
        assert model.rowCount() > 0
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_demo_shows_corrections_and_key_moments(
    qtbot: QtBot, store: Store, desk: DeskConfig, clock: FixedClock
) -> None:
    write_demo(store, now=clock.now())
    window = _open(qtbot, store, desk, clock)
    model = window.timeline_model
    while model.canFetchMore():  # as the reader scrolls down through the whole demo
        model.fetchMore()
    marks = [model.index(r, 5).data() for r in range(model.rowCount())]
    notes = [model.index(r, 5).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
    assert any("✎" in m for m in marks)
    assert any("★" in m for m in marks)
    assert any("Key moment: Awareness" in n for n in notes)
    corrected = next(n for n in notes if n.startswith("Corrected"))
    assert ":" in corrected  # with the reason given
    assert "Aware since" in window.header.aware.text()
    statuses = {
        window.stakeholder_pane.model.index(r, 0).data()
        for r in range(window.stakeholder_pane.model.rowCount())
    }
    assert {"✔ Fresh", "▲ Overdue"} <= statuses


def test_ui_settings_never_touch_the_real_home(user_dirs: Path) -> None:
    assert Path(settings().fileName()).is_relative_to(user_dirs)


def test_quick_log_reads_time_tag_and_actor(
    qtbot: QtBot, window: MainWindow, store: Store, live: str
) -> None:
    quick = window.timeline_pane.quick_log
    quick.zone = ZoneInfo("Europe/London")  # the clock reads 12:00 UTC = 12:00 in London
    quick.set_actors(["Ruth Calloway", "SOC"])
    qtbot.keyClicks(quick.line, "11:05 SOC confirms DDoS from a botnet #detection @ruth")
    assert quick.hint.text().startswith("At 11:05 today · Detection · by Ruth Calloway")
    qtbot.keyClick(quick.line, Qt.Key.Key_Return)
    with store.session() as session:
        [stored] = [
            e for _, e in timeline.current_entries(session, live) if e.category == "detection"
        ]
    assert (stored.text, stored.category, stored.actor) == (
        "SOC confirms DDoS from a botnet",
        "detection",
        "Ruth Calloway",
    )
    assert stored.occurred_at == datetime(2026, 11, 29, 11, 5, tzinfo=UTC)
    # Back-dated to before the incident opened, so second from the top.
    assert window.timeline_model.entry(1).text == "SOC confirms DDoS from a botnet"


def test_quick_log_asks_before_recording_a_future_time(qtbot: QtBot, window: MainWindow) -> None:
    quick = window.timeline_pane.quick_log
    quick.zone = ZoneInfo("Europe/London")
    before = window.timeline_model.total
    qtbot.keyClicks(quick.line, "13:30 Press conference")
    qtbot.keyClick(quick.line, Qt.Key.Key_Return)
    assert window.timeline_model.total == before
    assert "press Enter again" in quick.hint.text()
    qtbot.keyClick(quick.line, Qt.Key.Key_Return)
    assert window.timeline_model.total == before + 1
    assert quick.line.text() == ""


def test_quick_log_refuses_a_line_with_only_a_tag(qtbot: QtBot, window: MainWindow) -> None:
    quick = window.timeline_pane.quick_log
    before = window.timeline_model.total
    qtbot.keyClicks(quick.line, "#decision")
    qtbot.keyClick(quick.line, Qt.Key.Key_Return)
    assert window.timeline_model.total == before
    assert "no text" in quick.hint.text()
    assert quick.line.text() == "#decision"


def test_quick_log_completes_tags(qtbot: QtBot, window: MainWindow) -> None:
    quick = window.timeline_pane.quick_log
    qtbot.keyClicks(quick.line, "Board agrees to notify the ICO #deci")
    popup = quick.completer.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert quick.line.text() == "Board agrees to notify the ICO #decision "


def test_a_deleted_database_is_reported_and_nothing_is_lost_from_the_line(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    window.watcher.poll()
    assert window.banner.isVisible() and "removed or replaced" in window.banner.text()
    line = window.timeline_pane.quick_log.line
    qtbot.keyClicks(line, "Still important")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert "Not recorded" in window.banner.text()
    assert line.text() == "Still important"
