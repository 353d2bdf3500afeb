"""Application start-up: QApplication, theme, settings, the desk's person, the main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from crisisdesk import __version__, paths
from crisisdesk.clock import SystemClock
from crisisdesk.identity import DeskConfig, load_desk, set_person
from crisisdesk.store import StoreError
from crisisdesk.unlock import open_database
from ui import fonts, language, theme
from ui.errors import cannot_start
from ui.main_window import MainWindow
from ui.widgets.dialogs import PassphraseDialog, PersonDialog

# Set by benchmarks and the smoke test: print when the window first paints, then quit.
STARTUP_PROBE = "CRISISDESK_STARTUP_PROBE"


def settings() -> QSettings:
    """UI state lives in an INI file in the user config folder (never the registry or $HOME)."""
    return QSettings(str(paths.config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
        app.setStyle("Fusion")
    else:
        # Fusion is chosen on Qt's command line: setStyle() would hand back a QStyle,
        # and building Python's view of that class costs 15 ms before the first paint.
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "Fusion"])
    app.setApplicationName("crisisdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("crisisdesk")
    language.use_english()
    fonts.install(app)
    theme.apply(app)
    return app


def ask_person(desk: DeskConfig) -> DeskConfig | None:
    dialog = PersonDialog(desk.name, desk.role)
    if desk.warning:
        dialog.error.setText(desk.warning)
        dialog.error.show()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return set_person(dialog.name.text(), dialog.role.currentText())


def ask_passphrase(reason: str, attempt: int, *, new: bool) -> str | None:
    """The passphrase dialog: why it is asked, typed hidden, twice for a new one."""
    dialog = PassphraseDialog(reason, attempt, new=new)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()


def run(db_path: Path, *, demo: bool = False, plain: bool = False) -> int:
    try:
        app = make_app()
    except fonts.FontsMissing as err:
        return cannot_start("crisisdesk cannot start", str(err))
    probe = bool(os.environ.get(STARTUP_PROBE))
    desk = load_desk()
    if not desk.has_person:
        answered = ask_person(desk)
        if answered is None:
            return 1
        desk = answered
    try:
        # New databases are encrypted, except the fictional demo and an explicit --plain.
        store = open_database(db_path, encrypt_new=not (demo or plain), ask=ask_passphrase)
    except StoreError as err:
        return cannot_start("crisisdesk cannot open this database", str(err))
    window = MainWindow(store, desk, SystemClock(), settings(), demo=demo)
    if probe:
        window.first_painted.connect(lambda: print(f"painted {time.monotonic():.6f}", flush=True))

        def ready() -> None:
            # One more turn of the event loop, so the filled window has painted too.
            def done() -> None:
                print(f"ready {time.monotonic():.6f}", flush=True)
                window.close()

            QTimer.singleShot(0, done)

        window.loaded.connect(ready)
    window.show()
    return app.exec()
