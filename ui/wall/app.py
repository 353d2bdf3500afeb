"""``crisisdesk wall``: the wall on its own, as the crisis room's screen runs it."""

from __future__ import annotations

import signal
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from crisisdesk import __version__, paths
from crisisdesk.cli import WallOptions
from ui import fonts, language
from ui import options as settings_options
from ui.errors import cannot_start


def settings() -> QSettings:
    """The desk's UI settings (the same file the main window uses)."""
    return QSettings(str(paths.config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def run(path: Path, options: WallOptions) -> int:
    from ui.wall.window import WallWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("crisisdesk")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    language.use_english()
    try:
        fonts.install(app)
    except fonts.FontsMissing as err:
        return cannot_start("The wall cannot start", str(err))
    stored = settings()
    still = options.still or settings_options.WALL_STILL.read(stored)
    due_soon = settings_options.DUE_SOON.read(stored) / 100
    window = WallWindow(path, replace(options, still=still), due_soon=due_soon)
    # Ctrl+C in the terminal, or the service manager stopping it: leave cleanly.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    window.present()
    return app.exec()
