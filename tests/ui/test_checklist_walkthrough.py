"""Checklists as a comms team uses them: start a playbook, walk it with the keyboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from crisisdesk import incidents, stakeholders
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.store import Store
from ui.app import settings
from ui.checklists.pane import ChecklistsPane
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, store: Store, who: Author, clock: FixedClock) -> MainWindow:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "DDoS", severity="critical")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    win = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.is_loaded)
    return win


def start_ddos(qtbot: QtBot, window: MainWindow) -> ChecklistsPane:
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    pane = window.checklists_tab.pane
    assert window.main_tabs.currentWidget() is window.checklists_tab
    assert not pane.empty.isHidden()  # nothing running yet
    pane.playbook.setCurrentIndex(pane.playbook.findData("ddos"))
    qtbot.mouseClick(pane.start_button, Qt.MouseButton.LeftButton)
    assert pane.view is not None and pane.view.playbook_id == "ddos"
    return pane


def timeline_texts(window: MainWindow) -> list[str]:
    model = window.timeline_model
    return [model.entry(r).text for r in range(model.rowCount())]


def test_walk_the_ddos_playbook_with_the_keyboard(
    qtbot: QtBot, window: MainWindow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = start_ddos(qtbot, window)
    qtbot.mouseClick(pane.walk_button, Qt.MouseButton.LeftButton)
    walk = pane.walkthrough
    assert pane.stack.currentWidget() is walk
    first = walk.title.text()
    assert first == pane.view.steps[0].step.title if pane.view else False

    clock.advance(timedelta(minutes=4))
    qtbot.keyClick(walk, Qt.Key.Key_Return)  # done, and on to the next open step
    assert walk.index == 1
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: ("The provider called us first", True)
    )
    second = walk.title.text()
    qtbot.keyClick(walk, Qt.Key.Key_S)  # skip, with the reason typed in the dialog
    third = walk.title.text()
    clock.advance(timedelta(minutes=3))
    qtbot.keyClick(walk, Qt.Key.Key_N)  # not applicable

    # The first phase is finished: its summary says so, with the skip and its reason.
    assert not walk.summary.isHidden()
    assert "Phase finished" in walk.summary.text()
    assert "The provider called us first" in walk.summary.text()
    qtbot.keyClick(walk, Qt.Key.Key_Return)  # carry on
    assert walk.summary.isHidden()

    qtbot.keyClick(walk, Qt.Key.Key_Left)
    assert walk.title.text() == third and not walk.done.isEnabled()
    qtbot.keyClick(walk, Qt.Key.Key_R)  # reopen it
    assert pane.view is not None
    assert pane.view.steps[2].state == "reopened"

    texts = timeline_texts(window)
    assert f"DDoS attack: step '{first}' done" in texts
    assert f"DDoS attack: step '{second}' skipped (The provider called us first)" in texts
    assert f"DDoS attack: step '{third}' marked not applicable" in texts
    assert f"DDoS attack: step '{third}' reopened" in texts
    # Each step has its own time on the record.
    times = {
        window.timeline_model.entry(r).text: window.timeline_model.entry(r).occurred_at
        for r in range(window.timeline_model.rowCount())
    }
    assert times[f"DDoS attack: step '{third}' marked not applicable"] - times[
        f"DDoS attack: step '{first}' done"
    ] == timedelta(minutes=3)

    qtbot.keyClick(walk, Qt.Key.Key_Escape)
    assert pane.stack.currentIndex() == 0
    model = pane.model
    assert str(model.index(0, 0).data()) == "✔ Done"
    assert str(model.index(1, 0).data()) == "↷ Skipped"


def test_a_step_links_into_the_drafting_pane_and_the_matrix(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = start_ddos(qtbot, window)
    assert pane.view is not None
    index = next(
        i for i, s in enumerate(pane.view.steps) if s.step.links.template == "vendor_request"
    )
    pane.walk(index)
    template_button = next(
        b for b in pane.walkthrough.link_buttons if b.objectName() == "walkLink_template"
    )
    qtbot.mouseClick(template_button, Qt.MouseButton.LeftButton)
    assert window.main_tabs.currentWidget() is window.drafting_tab
    drafting = window.drafting_tab.pane
    assert drafting.audience.currentData() == "vendors"
    assert drafting.template.currentData() == "vendor_request"

    window.walk_checklist()
    pane.walk(index)
    group_button = next(
        b for b in pane.walkthrough.link_buttons if b.objectName() == "walkLink_stakeholder"
    )
    qtbot.mouseClick(group_button, Qt.MouseButton.LeftButton)
    assert window.main_tabs.currentWidget() is window.matrix_tab
    rows = window.matrix_pane.table.selectionModel().selectedRows()
    assert window.matrix_model.group(rows[0].row()).profile == "vendors"


def test_overdue_steps_are_marked_as_the_clock_runs(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    pane = start_ddos(qtbot, window)
    assert pane.view is not None
    due = [i for i, s in enumerate(pane.view.steps) if s.due_at is not None]
    assert due
    first_due = pane.view.steps[due[0]]
    assert first_due.due_at is not None
    clock.set(first_due.due_at + timedelta(minutes=2))
    window.tick()
    assert str(pane.model.index(due[0], 0).data()) == "▲ Overdue"
    assert "2 min" in str(pane.model.index(due[0], 4).data())


def test_checklist_models_pass_the_model_tester(
    qtbot: QtBot, window: MainWindow, qtmodeltester: object
) -> None:
    pane = start_ddos(qtbot, window)
    qtmodeltester.check(pane.model)  # type: ignore[attr-defined]
