"""The window says whether the record is encrypted, and gives the recovery key on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.store import Store
from crisisdesk.unlock import open_database
from ui.app import settings
from ui.main_window import MainWindow


def window_on(qtbot: QtBot, store: Store, who: Author, clock: FixedClock) -> MainWindow:
    win = MainWindow(store, DeskConfig(who.desk_id, who.name, who.role), clock, settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.is_loaded)
    return win


def test_a_plain_database_is_marked_not_encrypted(
    qtbot: QtBot, store: Store, who: Author, clock: FixedClock
) -> None:
    win = window_on(qtbot, store, who, clock)
    assert win.crypt_label.text() == "⚠ NOT ENCRYPTED"
    assert "Anyone who has the database file can read it" in win.crypt_label.toolTip()


def test_an_encrypted_database_is_marked_and_its_recovery_key_shown_after_a_warning(
    qtbot: QtBot, tmp_path: Path, who: Author, clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    store = open_database(tmp_path / "secret.sqlite")
    win = window_on(qtbot, store, who, clock)
    assert win.crypt_label.text() == "✔ Encrypted"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    win.show_recovery_key()
    key = store.recovery_key()
    assert key is not None and key in shown[0]
