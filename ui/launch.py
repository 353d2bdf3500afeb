"""The ``crisisdesk`` command: the core's command line, able to open the main window.

The terminal commands (demo, log, verify) never load Qt; the window, and the drawing
that export-pdf needs, are imported only when wanted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from crisisdesk import cli

if TYPE_CHECKING:
    from crisisdesk.report import Report


def open_window(path: Path, demo: bool, plain: bool = False) -> int:
    # The core modules the window uses before its first paint are loaded before Qt:
    # once Qt's bindings are in, they read the source of every module imported after.
    from crisisdesk import cadence, identity, logs, unlock  # noqa: F401
    from ui.app import run

    return run(path, demo=demo, plain=plain)


def export_pdf(report: Report, path: Path) -> int:
    """Draw ``report`` into ``path``, with or without a display: the offscreen platform
    is enough for drawing, so a headless server or a terminal over SSH can export too."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from crisisdesk.report import ReportError
    from ui import fonts
    from ui.render.pdf import render_pdf

    app = QGuiApplication.instance() or QGuiApplication(["crisisdesk"])
    assert isinstance(app, QGuiApplication)
    try:
        fonts.install(app)
        pages = render_pdf(report, path)
    except fonts.FontsMissing as err:
        raise ReportError(str(err)) from err
    app.processEvents()  # referenced until drawing is done
    return pages


def open_wall(path: Path, options: cli.WallOptions) -> int:
    from ui.wall.app import run

    return run(path, options)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, window=open_window, exporter=export_pdf, wall=open_wall)


if __name__ == "__main__":
    sys.exit(main())
