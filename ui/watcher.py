"""Notices writes by other processes (a terminal, another desk on the same file)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from crisisdesk.store import Store, StoreError

POLL_MS = 1000


class DataWatcher(QObject):
    """Polls SQLite's ``PRAGMA data_version``, which changes when another connection commits.

    If the file becomes unreadable (deleted, replaced, a drive unplugged) the watcher says
    so once, keeps polling, and says when it is readable again.
    """

    changed = Signal()
    failed = Signal(str)
    recovered = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._version: int | None = None
        self._problem = ""
        self.poll()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def poll(self) -> None:
        if self._store.closed:
            return
        try:
            version = self._store.data_version()
        except StoreError as err:
            if str(err) != self._problem:
                self._problem = str(err)
                self.failed.emit(self._problem)
            return
        if self._problem:
            self._problem = ""
            self.recovered.emit()
        if self._version is not None and version != self._version:
            self._version = version
            self.changed.emit()
        self._version = version

    def stop(self) -> None:
        self._timer.stop()
