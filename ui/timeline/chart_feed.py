"""Feeds the chart strip: reads every current entry off the GUI thread, a moment after
the timeline changes, and hands the chart's points back to the GUI thread.

At 100,000 entries the read takes seconds; the table never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from crisisdesk import timeline_pages as pages
from crisisdesk.store import StoreError

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from sqlmodel import Session

    from ui.timeline.chart import ChartData

SETTLE_MS = 800  # a burst of writes (another desk catching up) rebuilds once


class ChartFeed(QObject):
    ready = Signal(object)  # the newest ChartData, in the GUI thread
    failed = Signal(str)
    _built = Signal(int, object)  # from the worker: (generation, ChartData)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = None  # made on first use, after start-up
        self._session: Callable[[], AbstractContextManager[Session]] | None = None
        self._incident_id: str | None = None
        self._groups: Sequence[str] = ()
        self._generation = 0
        self._closed = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._start)
        self._built.connect(self._deliver)

    def follow(
        self,
        session: Callable[[], AbstractContextManager[Session]],
        incident_id: str | None,
        groups: Sequence[str],
    ) -> None:
        """Chart this incident now."""
        self._session, self._incident_id, self._groups = session, incident_id, tuple(groups)
        self._start()

    def changed(self) -> None:
        """The timeline changed: rebuild once things settle."""
        if self._incident_id is not None:
            self._settle.start()

    def _start(self) -> None:
        self._settle.stop()
        self._generation += 1
        if self._closed or self._session is None or self._incident_id is None:
            return
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")
        self._pool.submit(
            self._build, self._session, self._incident_id, self._groups, self._generation
        )

    def _build(
        self,
        session: Callable[[], AbstractContextManager[Session]],
        incident_id: str,
        groups: Sequence[str],
        generation: int,
    ) -> None:
        from ui.timeline.chart import chart_data

        try:
            with session() as s:
                data = chart_data(
                    pages.marks(s, incident_id), groups, label_for=partial(self._label, session)
                )
        except Exception as err:  # a worker must report, never die silently
            self.failed.emit(f"The chart could not be drawn: {err}")
            return
        self._built.emit(generation, data)

    @staticmethod
    def _label(session: Callable[[], AbstractContextManager[Session]], entry_id: str) -> str:
        from ui.timeline.chart import hover_label

        try:
            with session() as s:
                found = pages.mark(s, entry_id)
        except StoreError:
            return ""  # the banner already says what is wrong with the database
        return hover_label(found) if found is not None else ""

    def _deliver(self, generation: int, data: ChartData) -> None:
        # A build overtaken by a newer request is dropped: the chart shows only the latest.
        if generation == self._generation:
            self.ready.emit(data)

    def shutdown(self) -> None:
        self._closed = True
        self._settle.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
