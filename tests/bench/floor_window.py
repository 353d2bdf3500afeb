"""The start-up floor: the cheapest window the app could possibly show.

It imports what the app needs at start-up (Qt widgets and GUI, the database
and settings libraries) but none of what the app must load lazily (pyqtgraph,
textstat, alembic), shows a QMainWindow holding a QLabel, and prints
``painted <time.monotonic()>`` at its first paint, then quits: the same
protocol as the app under ``CRISISDESK_STARTUP_PROBE``.
"""

from __future__ import annotations

import sys
import time

import platformdirs
import pydantic
import sqlalchemy
import sqlmodel
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

# Imported for their start-up cost only, exactly as the app pays it.
PRELOADED = (platformdirs, pydantic, sqlalchemy, sqlmodel)


class FloorWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self._painted = False
        self.setWindowTitle("crisisdesk bench floor")
        self.setMinimumSize(1000, 640)
        self.setCentralWidget(QLabel("floor"))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            print(f"painted {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, self.close)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = FloorWindow()
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
