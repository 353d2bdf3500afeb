"""Notices writes by other processes (a terminal, another desk on the same file)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from crisisdesk.store import Store

POLL_MS = 1000


class DataWatcher(QObject):
    """Polls SQLite's ``PRAGMA data_version``, which changes when another connection commits."""

    changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._version = store.data_version()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def poll(self) -> None:
        version = self._store.data_version()
        if version != self._version:
            self._version = version
            self.changed.emit()

    def stop(self) -> None:
        self._timer.stop()
