"""The passphrase dialog, typed into as a person would, alone and while a database opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from crisisdesk.store import Store, WrongKey
from crisisdesk.unlock import MIN_PASSPHRASE, PASSPHRASE_ENV, KeyNotGiven, open_database
from ui.app import ask_passphrase
from ui.widgets.dialogs import PassphraseDialog

GOOD = "correct horse battery staple"


def _ok(qtbot: QtBot, dialog: PassphraseDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_new_passphrase_is_checked_in_the_form(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("Choose one for this database.", 1, new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "short")
    _ok(qtbot, dialog)
    assert f"at least {MIN_PASSPHRASE} characters" in dialog.error.text()
    assert not dialog.result() and dialog.isVisible()

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, GOOD)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)  # Enter before the second box
    assert "again in the second box" in dialog.error.text()
    assert dialog.focusWidget() is dialog.again
    qtbot.keyClicks(dialog.again, GOOD + "!")
    _ok(qtbot, dialog)
    assert "differ" in dialog.error.text() and dialog.again.text() == ""
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.again, GOOD)
    _ok(qtbot, dialog)
    assert dialog.result() and not dialog.isVisible()


def test_what_is_typed_is_hidden_until_asked_to_show(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("Choose one.", 1, new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    box = QPoint(8, dialog.reveal.height() // 2)  # on the tick box, not the row's far end
    qtbot.mouseClick(dialog.reveal, Qt.MouseButton.LeftButton, pos=box)
    modes = {dialog.passphrase.echoMode(), dialog.again.echoMode()}
    assert modes == {QLineEdit.EchoMode.Normal}


def _answer_with(qtbot: QtBot, answers: list[str], titles: list[str]) -> None:
    """Type each answer into the passphrase dialog as it appears, and note its title."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(20, answer)
            return
        titles.append(dialog.windowTitle())
        qtbot.keyClicks(dialog.passphrase, answers.pop(0))
        _ok(qtbot, dialog)
        if answers:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database encrypted with a passphrase that no keyring holds."""
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    path = tmp_path / "locked.sqlite"
    Store.open(path, key=GOOD).close()
    return path


def test_a_wrong_passphrase_is_asked_again_then_the_database_opens(
    qtbot: QtBot, locked: Path
) -> None:
    titles: list[str] = []
    _answer_with(qtbot, ["not the passphrase", GOOD], titles)
    store = open_database(locked, create=False, ask=ask_passphrase)
    store.close()
    assert titles == ["Passphrase (try 1 of 3)", "Passphrase (try 2 of 3)"]


def test_three_wrong_passphrases_leave_the_file_alone(qtbot: QtBot, locked: Path) -> None:
    before = locked.read_bytes()
    titles: list[str] = []
    _answer_with(qtbot, ["wrong one", "wrong two", "wrong three"], titles)
    with pytest.raises(WrongKey, match="recovery key"):
        open_database(locked, create=False, ask=ask_passphrase)
    assert len(titles) == 3 and locked.read_bytes() == before


def test_cancelling_gives_up_without_a_passphrase(qtbot: QtBot, locked: Path) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(20, cancel)
            return
        dialog.reject()

    QTimer.singleShot(20, cancel)
    with pytest.raises(KeyNotGiven, match="no passphrase was given"):
        open_database(locked, create=False, ask=ask_passphrase)
