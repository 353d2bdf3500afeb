"""The stakeholder matrix as a comms officer uses it: log an update, watch the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crisisdesk import incidents, stakeholders
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.store import Store
from ui.app import settings
from ui.main_window import MainWindow
from ui.stakeholders.dialogs import GroupDialog, LogUpdateDialog
from ui.stakeholders.matrix import FIRST_CHANNEL, GROUP, NEXT, STATUS


@pytest.fixture
def window(qtbot: QtBot, store: Store, who: Author, clock: FixedClock) -> MainWindow:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage", severity="critical")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    clock.advance(timedelta(minutes=50))
    win = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.is_loaded)
    win.show_matrix()
    return win


def _row(window: MainWindow, name: str) -> int:
    model = window.matrix_model
    return next(r for r in range(model.rowCount()) if model.group(r).name == name)


def _cell(window: MainWindow, name: str, col: int) -> str:
    model = window.matrix_model
    return str(model.index(_row(window, name), col).data())


def test_log_an_update_and_watch_it_age(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _cell(window, "Customers", STATUS) == "◔ Due soon"  # 50 of 60 minutes gone

    def send(dialog: LogUpdateDialog) -> int:
        assert dialog.group.currentText() == "Customers"
        dialog.channel.setCurrentIndex(dialog.channel.findData("status_page"))
        qtbot.keyClicks(dialog.summary, "Service is degraded; engineers are on it.")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(LogUpdateDialog, "exec", send)
    window.matrix_pane.table.selectRow(_row(window, "Customers"))
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert _cell(window, "Customers", STATUS) == "✔ Fresh"
    status_page = FIRST_CHANNEL  # the first channel column
    assert _cell(window, "Customers", status_page).endswith("just now")
    assert _cell(window, "Customers", NEXT).startswith("in 1 h 00 min")
    assert window.timeline_model.entry(0).text.startswith("Customers updated by Status page")

    clock.advance(timedelta(minutes=46))
    window.tick()
    assert _cell(window, "Customers", STATUS) == "◔ Due soon"
    assert "Customers is now ◔ due soon" in window.statusBar().currentMessage()
    clock.advance(timedelta(minutes=15))
    window.tick()
    assert _cell(window, "Customers", STATUS) == "▲ Overdue"
    assert _cell(window, "Customers", NEXT) == "overdue by 1 min"
    message = window.statusBar().currentMessage()
    window.tick()  # said once, not every second
    assert window.statusBar().currentMessage() == message


def test_a_promise_in_the_text_sets_the_next_due_time(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def send(dialog: LogUpdateDialog) -> int:
        dialog.group.setCurrentIndex(dialog.group.findText("Executives & board"))
        qtbot.keyClicks(dialog.summary, "Board briefed; we will update you within 30 minutes.")
        assert dialog.promise_on.isChecked()
        assert "within 30 minutes" in dialog.recognised.text()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(LogUpdateDialog, "exec", send)
    window.stakeholder_actions.log_update()
    assert _cell(window, "Executives & board", NEXT).startswith("in 30 min")
    clock.advance(timedelta(minutes=42))
    window.tick()
    assert _cell(window, "Executives & board", NEXT).startswith("promised ")
    assert _cell(window, "Executives & board", STATUS) == "▲ Overdue"


def test_change_a_group(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    def change(dialog: GroupDialog) -> int:
        dialog.cadence.setValue(0)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert "not workable" in dialog.error.text()
        dialog.name.setText("Media")
        dialog.cadence.setValue(120)
        dialog.owner.setText("Sian Pritchard")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(GroupDialog, "exec", change)
    window.matrix_pane.table.selectRow(_row(window, "Press"))
    window.stakeholder_actions.edit_group()
    assert _cell(window, "Media", GROUP) == "Media"
    assert window.matrix_model.group(_row(window, "Media")).cadence_minutes == 120


def test_matrix_model_is_sound(qtmodeltester: object, window: MainWindow) -> None:
    qtmodeltester.check(window.matrix_model)  # type: ignore[attr-defined]


def test_ticking_regimes_and_awareness_start_the_clocks(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.stakeholders.clocks import RegimesDialog

    def tick_gdpr_and_pecr(dialog: RegimesDialog) -> int:
        for regime in ("gdpr-33", "pecr-5a"):
            dialog.boxes[regime].click()  # as a person ticks it (mouse or space bar)
        assert dialog.ticked() == ["gdpr-33", "pecr-5a"]
        dialog.ok.click()
        return dialog.result()

    monkeypatch.setattr(RegimesDialog, "exec", tick_gdpr_and_pecr)
    pane = window.clocks_pane
    assert pane is not None
    qtbot.mouseClick(pane.regimes_button, Qt.MouseButton.LeftButton)
    assert "awareness moment" in pane.note.text()  # ticked, but no clock runs yet
    window.timeline_pane.table.selectRow(0)
    window.entry_actions.mark_key_moment("awareness")
    rows = {(c.regime_id, c.stage_id): c for c in pane.model.rows()}
    gdpr, pecr = rows[("gdpr-33", "notify")], rows[("pecr-5a", "notify-ico")]
    assert window.incident is not None and window.incident.aware_at is not None
    assert gdpr.deadline == window.incident.aware_at + timedelta(hours=72)
    assert pecr.deadline == window.incident.aware_at + timedelta(hours=24)
    model = pane.model
    texts = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "◷ Running" in texts
    clock.advance(timedelta(hours=20))
    window.tick()
    states = {(c.regime_id, c.stage_id): c.status.value for c in pane.model.rows()}
    assert states[("pecr-5a", "notify-ico")] == "due soon"


def test_a_regulator_notice_meets_its_clock(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    who: Author,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.incident is not None
    with store.write() as session:
        incidents.revise(
            session, who, clock, window.incident.id, regimes=["pecr-5a"], aware_at=clock.now()
        )
    window.on_data_changed()

    def report(dialog: LogUpdateDialog) -> int:
        dialog.show()  # laid out, so a click lands on the tick box
        qtbot.waitExposed(dialog)
        dialog.group.setCurrentIndex(dialog.group.findText("Regulators"))
        assert set(dialog.fulfils) == {"pecr-5a/notify-ico", "pecr-5a/notify-subscribers"}
        qtbot.keyClicks(dialog.summary, "Initial breach report filed on the ICO portal")
        qtbot.mouseClick(dialog.fulfils["pecr-5a/notify-ico"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(LogUpdateDialog, "exec", report)
    window.stakeholder_actions.log_update()
    assert window.clocks_pane is not None
    states = {c.key: c for c in window.clocks_pane.model.rows()}
    assert states["pecr-5a/notify-ico"].status.value == "met"
    assert states["pecr-5a/notify-ico"].met_by is not None
    model = window.clocks_pane.model
    met_col = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = [c.key for c in model.rows()].index("pecr-5a/notify-ico")
    met_text = model.index(row, met_col.index("Met by")).data()
    assert met_text.startswith("Regulator portal: Initial breach report filed on the ICO portal")
    assert states["pecr-5a/notify-subscribers"].status.value == "no fixed deadline"


def test_due_soon_threshold_is_a_setting(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.widgets.settings_dialog import SettingsDialog

    assert _cell(window, "Customers", STATUS) == "◔ Due soon"  # 50 of 60 minutes: 83%

    def raise_it(dialog: SettingsDialog) -> int:
        spin = dialog.fields["thresholds/due_soon_percent"]
        spin.setValue(90)
        dialog.ok.click()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", raise_it)
    window.edit_settings()
    assert _cell(window, "Customers", STATUS) == "◌ First update due"
    from ui import options

    assert options.DUE_SOON.read(window.settings) == 90
    window.settings.setValue("thresholds/due_soon_percent", "garbage")
    assert options.DUE_SOON.read(window.settings) == 75  # a damaged value falls back


def test_the_strip_shows_every_silence_and_follows_new_updates(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.stakeholders.freshness_strip import Kind

    assert window.freshness_strip is None  # nothing built, pyqtgraph not needed, until asked
    window.matrix_pane.strip_button.click()
    strip = window.freshness_strip
    assert strip is not None and strip.isVisible()
    groups = window.matrix_model.groups()
    lanes = {b.lane for b in strip.drawn_spans()}
    assert lanes == set(range(len(groups)))  # one silence each so far, 50 min long

    def send(dialog: LogUpdateDialog) -> int:
        dialog.group.setCurrentIndex(dialog.group.findText("Customers"))
        qtbot.keyClicks(dialog.summary, "Service is degraded; engineers are on it.")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(LogUpdateDialog, "exec", send)
    window.stakeholder_actions.log_update()
    customers = next(i for i, g in enumerate(window.matrix_model.groups()) if g.name == "Customers")
    assert [b.kind for b in strip.drawn_spans() if b.lane == customers] == [Kind.WITHIN]
    assert [lane for lane, _ in strip.drawn_updates()] == [customers]
    clock.advance(timedelta(minutes=90))
    window.tick()  # a minute on: the ongoing silences grow, and run late
    late = [b for b in strip.drawn_spans() if b.lane == customers and b.kind is Kind.OVER]
    assert len(late) == 1 and late[0].end == clock.now().timestamp()
    window.matrix_pane.strip_button.click()
    assert not strip.isVisible()


def test_the_sec_clock_starts_at_the_materiality_determination(
    window: MainWindow, store: Store, who: Author, clock: FixedClock
) -> None:
    from datetime import UTC, datetime

    assert window.incident is not None
    window.timeline_pane.quick_log.zone = UTC  # business days by the UTC calendar here
    clock.set(datetime(2026, 12, 3, 15, 0, tzinfo=UTC))  # a Thursday
    with store.write() as session:
        incidents.revise(session, who, clock, window.incident.id, regimes=["sec-8k"])
    window.on_data_changed()
    assert window.clocks_pane is not None
    [sec] = window.clocks_pane.model.rows()
    assert sec.status.value == "not started"
    line = window.timeline_pane.quick_log.line
    window.timeline_pane.quick_log.line.setText("Disclosure committee: the breach is material")
    line.returnPressed.emit()
    window.timeline_pane.table.selectRow(0)
    window.entry_actions.mark_key_moment("materiality")
    [sec] = window.clocks_pane.model.rows()
    assert sec.status.value == "running"
    assert sec.deadline == datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # 4 business days on
    from ui import options

    options.HOLIDAYS.write(window.settings, "2026-12-04")  # a Friday off
    window.apply_settings()
    window.tick()
    [sec] = window.clocks_pane.model.rows()
    assert sec.deadline == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)


def test_regime_questions_suggest_but_never_tick(qtbot: QtBot, window: MainWindow) -> None:
    from crisisdesk.deadlines import load_regimes
    from ui.stakeholders.clocks import QUESTIONS, RegimesDialog

    dialog = RegimesDialog(load_regimes(), [], window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.answers[QUESTIONS[1][0]], Qt.MouseButton.LeftButton)  # telecoms
    assert dialog.suggested() == ["pecr-5a"]
    assert dialog.boxes["pecr-5a"].text().startswith("◆ suggested")
    assert dialog.ticked() == []  # the team decides
