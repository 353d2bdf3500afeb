"""The drafting pane as a comms officer uses it: write, see advice, fix, approve, send."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from crisisdesk import drafts, facts, incidents, stakeholders
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.store import Store
from ui.app import settings
from ui.drafting.dialogs import ApproveDialog
from ui.drafting.pane import DraftingPane
from ui.main_window import MainWindow
from ui.stakeholders.dialogs import LogUpdateDialog
from ui.stakeholders.matrix import STATUS

NOTICE = (
    "We are sorry. On Saturday a DDoS knocked about 450,000 customers offline. "
    "Your service is back. Call us on 0800 123 456."
)


@pytest.fixture
def window(qtbot: QtBot, store: Store, who: Author, clock: FixedClock) -> MainWindow:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage", severity="critical")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
        facts.add(
            session, who, clock, inc.id, "customers_offline", "Customers offline at the peak",
            value="about 450,000", status="confirmed",
        )  # fmt: skip
    clock.advance(timedelta(minutes=70))
    win = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.is_loaded)
    return win


def start_draft(qtbot: QtBot, window: MainWindow, title: str = "Customer notice") -> DraftingPane:
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    pane = window.drafting_tab.pane
    assert window.main_tabs.currentWidget() is window.drafting_tab
    pane.audience.setCurrentIndex(pane.audience.findData("customers"))
    pane.template.setCurrentIndex(0)  # blank page
    pane.channel.setCurrentIndex(pane.channel.findData("email"))
    qtbot.keyClicks(pane.new_title, title)
    qtbot.mouseClick(pane.new_button, Qt.MouseButton.LeftButton)
    assert pane.current is not None and pane.current.title == title
    return pane


def type_text(qtbot: QtBot, pane: DraftingPane, text: str) -> None:
    pane.editor.setFocus()
    qtbot.keyClicks(pane.editor, text)
    qtbot.waitUntil(lambda: not pane.lint_timer.isActive())


def advice(pane: DraftingPane) -> list[str]:
    model = pane.guidance.findings_model
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def test_jargon_and_a_missing_next_update_are_shown_and_fixed(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = start_draft(qtbot, window)
    type_text(qtbot, pane, NOTICE)
    # The jargon is underlined where it stands, and the missing element is unticked.
    underlined = {pane.editor.toPlainText()[f.start : f.end] for f in pane.editor.findings}
    assert "DDoS" in underlined
    assert len(pane.editor.extraSelections()) == len(pane.editor.findings)
    assert pane.guidance.element_labels["next_update"].text().startswith("✖")
    assert pane.guidance.element_labels["contact"].text().startswith("✔")
    assert any(text.startswith("Missing: when the next update") for text in advice(pane))

    # One click on the jargon finding, one on "Apply fix": the plain words go in.
    row = next(i for i, f in enumerate(pane.guidance.findings_model.rows()) if f.rule == "jargon")
    pane.guidance.findings.selectRow(row)
    assert pane.guidance.fix_button.isEnabled()
    qtbot.mouseClick(pane.guidance.fix_button, Qt.MouseButton.LeftButton)
    assert "DDoS" not in pane.editor.toPlainText()
    assert "flood" in pane.editor.toPlainText()

    type_text(qtbot, pane, " Our next update will be at 16:00.")
    assert pane.guidance.element_labels["next_update"].text().startswith("✔")
    assert not any(f.rule == "jargon" for f in pane.findings)


def test_approve_then_mark_as_sent_freshens_the_matrix_and_logs_the_entry(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = start_draft(qtbot, window)
    type_text(qtbot, pane, NOTICE + " Next update at 23:30. [add the compensation]")
    assert pane.open_errors() >= 1  # the blank, and the missing next-update time

    def approve(dialog: ApproveDialog) -> int:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "Approve with errors"
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert not dialog.error.isHidden()  # errors are open: a reason is required
        assert "Say why" in dialog.error.text()
        qtbot.keyClicks(dialog.reason, "Legal approved the wording; the blank goes later")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ApproveDialog, "exec", approve)
    qtbot.mouseClick(pane.approve_button, Qt.MouseButton.LeftButton)
    assert pane.current is not None and pane.current.status == "approved"
    assert pane.status.text() == "✔ Approved"
    assert pane.sent_button.isEnabled()
    with window.store.session() as session:
        note = drafts.latest(session, pane.current.id).note
    assert "Legal approved the wording" in note

    def send(dialog: LogUpdateDialog) -> int:
        assert dialog.group.currentText() == "Customers"
        assert dialog.channel.currentData() == "email"
        assert dialog.promise_on.isChecked()  # "Next update at 23:30" in the message
        assert "23:30" in dialog.recognised.text()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(LogUpdateDialog, "exec", send)
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert pane.current.status == "sent"
    assert pane.editor.isReadOnly()
    window.show_matrix()
    row = next(
        r for r in range(window.matrix_model.rowCount())
        if window.matrix_model.group(r).name == "Customers"
    )  # fmt: skip
    assert str(window.matrix_model.index(row, STATUS).data()) == "✔ Fresh"
    texts = [window.timeline_model.entry(r).text for r in range(3)]
    assert any(t.startswith("Customers updated by Email") for t in texts)
    assert any("Draft approved: Customer notice" in t for t in texts)


def test_typing_is_backed_up_and_comes_back_after_a_crash(
    qtbot: QtBot, window: MainWindow, store: Store, who: Author, clock: FixedClock
) -> None:
    pane = start_draft(qtbot, window)
    type_text(qtbot, pane, "Words typed just before the laptop died")
    pane.autosave()  # what the timer does every few seconds
    assert pane.autosaved.text().startswith("Backed up")
    draft_id = pane.current.id if pane.current else ""
    # No save, no clean close: a second window opens the same file, as after a restart.
    again = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.is_loaded)
    again.show_drafting(draft_id)
    other = again.drafting_tab.pane
    assert other.editor.toPlainText() == "Words typed just before the laptop died"
    assert not other.notice.isHidden() and "Recovered" in other.notice.text()
    assert other.save_button.isEnabled()
    qtbot.mouseClick(other.save_button, Qt.MouseButton.LeftButton)
    assert other.notice.isHidden()
    with store.session() as session:
        assert drafts.latest(session, draft_id).body == "Words typed just before the laptop died"
        assert drafts.recovered(session, draft_id) is None


def test_a_figure_that_contradicts_the_fact_sheet_is_an_error(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = start_draft(qtbot, window)
    type_text(qtbot, pane, "About 600,000 customers are offline.")
    wrong = [f for f in pane.findings if f.rule == "facts.contradicts"]
    assert len(wrong) == 1
    assert pane.editor.toPlainText()[wrong[0].start : wrong[0].end] == "600,000"
    assert "about 450,000" in wrong[0].message


def test_copy_fills_placeholders_and_models_pass_the_model_tester(
    qtbot: QtBot, window: MainWindow, qtmodeltester: object
) -> None:
    from PySide6.QtWidgets import QApplication

    pane = start_draft(qtbot, window)
    type_text(qtbot, pane, "{customers_offline} customers lost service.")
    window._draft_do("copy_text")
    assert QApplication.clipboard().text() == "about 450,000 customers lost service."
    qtmodeltester.check(pane.guidance.findings_model)  # type: ignore[attr-defined]
    qtmodeltester.check(pane.guidance.facts_model)  # type: ignore[attr-defined]


def test_after_a_crash_the_window_says_where_unsaved_text_was_found(
    qtbot: QtBot, window: MainWindow, store: Store, who: Author, clock: FixedClock
) -> None:
    pane = start_draft(qtbot, window, "Press holding statement")
    type_text(qtbot, pane, "Half a statement")
    pane.autosave()
    index = window.main_tabs.indexOf(window.drafting_tab)
    assert window.main_tabs.tabText(index) == "Drafting"  # our own backup is not news
    again = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.is_loaded)
    assert again.main_tabs.tabText(index) == "Drafting ▲ recovered text"
    assert "Press holding statement" in again.statusBar().currentMessage()
    qtbot.keyClick(again, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    other = again.drafting_tab.pane
    assert other.editor.toPlainText() == "Half a statement"
    qtbot.mouseClick(other.discard_button, Qt.MouseButton.LeftButton)
    assert other.editor.toPlainText() == ""
    again.on_data_changed()
    assert again.main_tabs.tabText(index) == "Drafting"


def test_side_by_side_shows_each_audience_and_flags_differing_figures(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.drafting.dialogs import SideBySideDialog

    pane = start_draft(qtbot, window, "Customer notice")
    type_text(qtbot, pane, "About 450,000 customers are offline.")
    pane.save()
    pane.audience.setCurrentIndex(pane.audience.findData("press"))
    pane.template.setCurrentIndex(0)
    qtbot.keyClicks(pane.new_title, "Holding statement")
    qtbot.mouseClick(pane.new_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, pane, "About 500,000 customers are offline.")
    assert any(f.rule == "facts.inconsistent" for f in pane.findings)
    shown: list[SideBySideDialog] = []

    def look(dialog: SideBySideDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(SideBySideDialog, "exec", look)
    qtbot.keyClick(
        window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    columns = shown[0].columns
    assert set(columns) == {"customers", "press"}
    assert columns["press"].toPlainText() == "About 500,000 customers are offline."
    assert any(f.rule == "facts.inconsistent" for f in columns["customers"].findings)


def test_a_bad_profile_file_is_named_in_the_pane_and_the_others_work(
    qtbot: QtBot, window: MainWindow
) -> None:
    from crisisdesk import paths

    folder = paths.config_dir() / "audiences"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "press.toml").write_text('id = "press"\nname = 42\n', encoding="utf-8")
    pane = start_draft(qtbot, window)
    assert not pane.problems.isHidden()
    assert "press.toml" in pane.problems.text() and "name" in pane.problems.text()
    assert pane.audience.findData("press") >= 0  # the shipped press profile still works
    type_text(qtbot, pane, "We are sorry.")
    assert pane.guidance.element_labels["empathy"].text().startswith("✔")
