"""The fact sheet as a person edits it: add, confirm, correct, retract, read the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from crisisdesk import facts, incidents, stakeholders
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.store import Store, WriteFailed
from ui.app import settings
from ui.drafting.fact_dialogs import FactDialog, FactHistoryDialog, RetractDialog
from ui.drafting.facts_pane import FactSheetPane
from ui.main_window import MainWindow
from ui.timeline.model import TEXT

FACT_TAB = 1
BUTTONS = ("addFactButton", "confirmFactButton", "correctFactButton", "retractFactButton",
           "factHistoryButton")  # fmt: skip


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Customer data exposed")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    clock.advance(timedelta(minutes=5))
    return inc.id


@pytest.fixture
def window(qtbot: QtBot, store: Store, who: Author, clock: FixedClock, incident: str) -> MainWindow:
    win = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.is_loaded)
    return win


def _open_fact_sheet(qtbot: QtBot, window: MainWindow) -> FactSheetPane:
    bar = window.tabs.tabBar()
    assert bar.tabText(FACT_TAB) == "Fact sheet"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(FACT_TAB).center())
    assert window.tabs.currentIndex() == FACT_TAB
    pane = window.fact_tab.pane
    qtbot.waitUntil(pane.isVisible)  # a pane built into a shown tab is shown a beat later
    return pane


def _click(qtbot: QtBot, pane: FactSheetPane, name: str) -> None:
    qtbot.mouseClick(pane.buttons[name], Qt.MouseButton.LeftButton)


def _enabled(pane: FactSheetPane) -> dict[str, bool]:
    return {name: pane.buttons[name].isEnabled() for name in BUTTONS}


def _cells(pane: FactSheetPane, row: int = 0) -> list[str]:
    model = pane.model
    return [model.index(row, c).data() for c in range(model.columnCount())]


def _timeline(window: MainWindow) -> list[str]:
    model = window.timeline_model
    return [model.index(r, TEXT).data() for r in range(model.rowCount())]


def _add_in_core(store: Store, who: Author, clock: FixedClock, incident: str) -> str:
    with store.write() as session:
        return facts.add(
            session, who, clock, incident, "customers offline",
            "About 300,000 broadband customers have lost service.", value="about 300,000",
            source="session counts",
        )  # fmt: skip


def test_add_confirm_retract_and_read_the_history(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    incident: str,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: object,
) -> None:
    pane = _open_fact_sheet(qtbot, window)
    assert pane.model.rowCount() == 0
    assert _enabled(pane) == dict.fromkeys(BUTTONS, False) | {"addFactButton": True}

    def fill(dialog: FactDialog) -> int:
        qtbot.keyClicks(dialog.key, "Records exposed")
        assert dialog.key_hint.text() == "Kept as records_exposed"
        qtbot.keyClicks(dialog.statement, "About a million customer records could be read.")
        qtbot.keyClicks(dialog.value, "about 1,000,000")
        qtbot.keyClicks(dialog.source, "data team")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(FactDialog, "exec", fill)
    _click(qtbot, pane, "addFactButton")
    assert pane.model.rowCount() == 1
    assert _cells(pane)[:5] == [
        "? Unconfirmed", "records exposed", "about 1,000,000",
        "About a million customer records could be read.", "data team",
    ]  # fmt: skip
    assert pane.selected() is not None and pane.selected().key == "records_exposed"  # type: ignore[union-attr]
    assert _timeline(window)[0] == (
        "Fact added (unconfirmed): records exposed = about 1,000,000 — source: data team"
    )
    assert all(_enabled(pane).values())

    _click(qtbot, pane, "confirmFactButton")
    assert _cells(pane)[0] == "✔ Confirmed"
    assert _timeline(window)[0] == (
        "Fact confirmed: records exposed = about 1,000,000 — source: data team"
    )
    assert not pane.buttons["confirmFactButton"].isEnabled()  # still selected, now confirmed
    assert pane.buttons["retractFactButton"].isEnabled()

    def give_reason(dialog: RetractDialog) -> int:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # no reason yet
        assert not dialog.error.isHidden()
        assert "Say why the fact is retracted" in dialog.error.text()
        assert dialog.result() != QDialog.DialogCode.Accepted
        qtbot.keyClicks(dialog.reason, "rows double-counted")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(RetractDialog, "exec", give_reason)
    _click(qtbot, pane, "retractFactButton")
    assert _cells(pane)[0] == "✖ Retracted"
    assert _timeline(window)[0] == (
        "Fact retracted: records exposed = about 1,000,000 — reason: rows double-counted"
    )
    assert _enabled(pane) == {
        "addFactButton": True, "confirmFactButton": False, "correctFactButton": True,
        "retractFactButton": False, "factHistoryButton": True,
    }  # fmt: skip

    shown: list[list[list[str]]] = []

    def read(dialog: FactHistoryDialog) -> int:
        qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
        model = dialog.model
        shown.append(
            [
                [model.index(r, c).data() for c in range(model.columnCount())]
                for r in range(model.rowCount())
            ]
        )
        return 0

    monkeypatch.setattr(FactHistoryDialog, "exec", read)
    _click(qtbot, pane, "factHistoryButton")
    [rows] = shown
    assert [r[0] for r in rows] == ["? Unconfirmed", "✔ Confirmed", "✖ Retracted"]
    assert [r[1] for r in rows] == ["1", "2", "3 (current)"]
    assert {r[3] for r in rows} == {"Priya Shah (Comms lead)"}
    assert {r[4] for r in rows} == {"about 1,000,000"}
    assert {r[5] for r in rows} == {"data team"}
    assert {r[6] for r in rows} == {"About a million customer records could be read."}
    with store.session() as session:
        assert [f.status for f in facts.current(session, incident)] == ["retracted"]
    qtmodeltester.check(pane.model)  # type: ignore[attr-defined]


def test_an_empty_statement_is_said_in_the_form_and_nothing_is_recorded(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    incident: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pane = _open_fact_sheet(qtbot, window)
    before = _timeline(window)
    said: list[str] = []

    def leave_it_empty(dialog: FactDialog) -> int:
        qtbot.keyClicks(dialog.key, "Records exposed")
        qtbot.keyClicks(dialog.statement, "   ")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        said.append("" if dialog.error.isHidden() else dialog.error.text())
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(FactDialog, "exec", leave_it_empty)
    _click(qtbot, pane, "addFactButton")
    assert said == ["▲ A fact needs a statement: say exactly what is known."]
    assert pane.model.rowCount() == 0
    assert _timeline(window) == before
    assert not window.banner.isVisible()
    with store.session() as session:
        assert facts.current(session, incident) == []


def test_a_key_already_on_the_sheet_is_said_in_the_form(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _add_in_core(store, who, clock, incident)
    pane = _open_fact_sheet(qtbot, window)
    said: list[str] = []

    def same_key(dialog: FactDialog) -> int:
        qtbot.keyClicks(dialog.key, "Customers Offline")
        qtbot.keyClicks(dialog.statement, "About 450,000 customers")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        said.append(dialog.error.text())
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(FactDialog, "exec", same_key)
    _click(qtbot, pane, "addFactButton")
    assert said == [
        "▲ There is already a fact 'customers offline' in this incident: correct that fact "
        "instead, or choose another key."
    ]
    assert pane.model.rowCount() == 1


def test_double_click_corrects_the_fact(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fact_id = _add_in_core(store, who, clock, incident)
    pane = _open_fact_sheet(qtbot, window)

    def recount(dialog: FactDialog) -> int:
        assert dialog.key.isReadOnly() and dialog.key.text() == "customers offline"
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # nothing changed yet
        assert "Nothing was changed" in dialog.error.text()
        dialog.value.selectAll()
        qtbot.keyClicks(dialog.value, "about 450,000")
        dialog.status.setCurrentIndex(dialog.status.findData("confirmed"))
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(FactDialog, "exec", recount)
    rect = pane.table.visualRect(pane.model.index(0, 2))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _cells(pane)[:3] == ["✔ Confirmed", "customers offline", "about 450,000"]
    assert _timeline(window)[0] == (
        "Fact corrected and confirmed: customers offline was about 300,000, now about 450,000"
    )
    assert pane.selected() is not None and pane.selected().id == fact_id  # type: ignore[union-attr]
    with store.session() as session:
        assert len(facts.history(session, fact_id)) == 2


def test_a_closed_incident_shows_its_facts_but_takes_no_changes(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
) -> None:
    _add_in_core(store, who, clock, incident)
    with store.write() as session:
        incidents.revise(session, who, clock, incident, status="closed", reason="Done")
    window.on_data_changed()
    pane = _open_fact_sheet(qtbot, window)
    pane.table.selectRow(0)
    assert _enabled(pane) == dict.fromkeys(BUTTONS, False) | {"factHistoryButton": True}
    assert pane.closed_note.isVisible()
    assert window.fact_actions is not None
    window.fact_actions.confirm()  # as a shortcut would, were the button not disabled
    assert "closed" in window.banner.text()
    with store.session() as session:
        assert facts.current(session, incident)[0].status == "unconfirmed"


def test_the_facts_menu_opens_the_sheet_and_the_form(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[FactDialog] = []

    def look(dialog: FactDialog) -> int:
        opened.append(dialog)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(FactDialog, "exec", look)
    window.show_matrix()  # the side tabs hide behind the matrix
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Facts")
    [add] = menu.actions()  # type: ignore[attr-defined]
    assert add.text() == "&Add a fact…" and add.shortcut().toString() == "Ctrl+Shift+F"
    add.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "Add a fact"
    assert window.tabs.isVisible() and window.tabs.currentWidget() is window.fact_tab


def test_buttons_say_their_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    pane = _open_fact_sheet(qtbot, window)
    tips = {name: pane.buttons[name].toolTip() for name in BUTTONS}
    assert [pane.buttons[name].text() for name in BUTTONS] == [
        "Add fact…", "Confirm", "Correct…", "Retract…", "History",
    ]  # fmt: skip
    for name, keys in zip(
        BUTTONS, ("Ctrl+Shift+F", "Ctrl+Shift+O", "Ctrl+E", "Del", "Ctrl+Shift+H"), strict=True
    ):
        assert f"({keys})" in tips[name], tips[name]


def test_the_confirm_shortcut_works_from_the_table(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
) -> None:
    _add_in_core(store, who, clock, incident)
    pane = _open_fact_sheet(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pane.table.setFocus()
    pane.table.selectRow(0)
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(pane.table, Qt.Key.Key_O, both)
    assert _cells(pane)[0] == "✔ Confirmed"


def test_the_sheet_shortcuts_are_not_taken_by_the_window(qtbot: QtBot, window: MainWindow) -> None:
    pane = _open_fact_sheet(qtbot, window)
    # Both would match while the sheet has the focus, and Qt would then run neither.
    taken = {
        action.shortcut().toString()
        for menu_action in window.menuBar().actions()
        if menu_action.menu() is not None
        for action in menu_action.menu().actions()  # type: ignore[attr-defined]
    }
    own = [a.shortcut().toString() for a in pane.actions()]
    assert len(own) == 4 and all(own)
    assert not taken & set(own)


def test_a_failed_write_is_reported_and_the_sheet_is_unchanged(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _add_in_core(store, who, clock, incident)
    pane = _open_fact_sheet(qtbot, window)
    pane.table.selectRow(0)

    def full(*_args: object, **_kwargs: object) -> None:
        raise WriteFailed("could not write: the disk is full. Free some disk space and try again.")

    monkeypatch.setattr(facts, "confirm", full)
    _click(qtbot, pane, "confirmFactButton")
    assert window.banner.isVisible() and window.banner.text().startswith("▲  Not recorded:")
    assert _cells(pane)[0] == "? Unconfirmed"
