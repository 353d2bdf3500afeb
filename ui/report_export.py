"""File → Export PDF: the options, then the report is built and drawn off the GUI thread
with a progress dialog that can cancel; the finished file can open in the system viewer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from crisisdesk.report import ReportOptions
from crisisdesk.vocabulary import CATEGORIES
from ui import options, palette, timefmt
from ui.fonts import FontsMissing
from ui.widgets.dialogs import FormDialog

if TYPE_CHECKING:
    from sqlmodel import Session

    from crisisdesk.identity import Author

FACING = (
    ("all", "Every entry"),
    ("external", "Only what the outside world saw (communications, external)"),
    ("internal", "Only internal working (everything else)"),
)


class ExportDialog(FormDialog):
    """What goes into the report: time range, categories, audience, redaction, zone, paper."""

    def __init__(
        self,
        settings: QSettings,
        started_at: datetime,
        now: datetime,
        local: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Export the incident as a PDF",
            "The record for the board, the regulator and the review: cover and key moments, "
            "the timeline with every correction, who was told what and when, the legal "
            "clocks, the checklists, and the hash-chain heads to verify it by.",
            parent,
        )
        self.settings = settings
        self.local = local
        self.limit = QCheckBox("Only from")
        self.limit.setObjectName("reportLimit")
        self.since = QDateTimeEdit(timefmt.to_qt(started_at))
        self.until = QDateTimeEdit(timefmt.to_qt(now))
        for edit in (self.since, self.until):
            edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
        self.limit.toggled.connect(self.since.setEnabled)
        self.limit.toggled.connect(self.until.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.limit)
        when.addWidget(self.since)
        when.addWidget(QLabel("to"))
        when.addWidget(self.until)
        self.categories: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for n, key in enumerate(CATEGORIES):
            box = QCheckBox(palette.CATEGORY[key].label)
            box.setObjectName(f"reportCategory_{key}")
            box.setChecked(True)
            self.categories[key] = box
            grid.addWidget(box, n // 4, n % 4)
        self.facing = QComboBox()
        self.facing.setObjectName("reportFacing")
        for key, label in FACING:
            self.facing.addItem(label, key)
        self.redact = QCheckBox("Replace emails, phone numbers and named customers with [redacted]")
        self.redact.setObjectName("reportRedact")
        self.zone = QComboBox()
        self.zone.setObjectName("reportZone")
        self.zone.addItem(f"This computer's time ({datetime.now(local).tzname()})", "local")
        self.zone.addItem("UTC", "utc")
        self.page = QComboBox()
        self.page.setObjectName("reportPage")
        self.page.addItem("A4", "A4")
        self.page.addItem("US Letter", "Letter")
        self.marking = QLineEdit(options.REPORT_MARKING.read(settings))
        self.marking.setObjectName("reportMarking")
        self.marking.setPlaceholderText("e.g. CONFIDENTIAL (leave empty for none)")
        self.open_after = QCheckBox("Open the PDF when it is written")
        self.open_after.setObjectName("reportOpen")
        self.open_after.setChecked(options.REPORT_OPEN.read(settings))
        self.form.addRow("Time", when)
        self.form.addRow("Categories", grid)
        self.form.addRow("Entries", self.facing)
        self.form.addRow("Personal data", self.redact)
        self.form.addRow("Local times in", self.zone)
        self.form.addRow("Paper", self.page)
        self.form.addRow("Marking on every page", self.marking)
        self.form.addRow("", self.open_after)
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        ok.setText("Choose where to save…")

    def _problem(self) -> str:
        if not any(box.isChecked() for box in self.categories.values()):
            return "Tick at least one category."
        if self.limit.isChecked() and self.until.dateTime() <= self.since.dateTime():
            return "The end of the time range must be after its start."
        if len(self.marking.text().strip()) > options.REPORT_MARKING.max_length:
            return f"Keep the marking to {options.REPORT_MARKING.max_length} characters."
        return ""

    def report_options(self) -> ReportOptions:
        options.REPORT_MARKING.write(self.settings, self.marking.text())
        options.REPORT_OPEN.write(self.settings, self.open_after.isChecked())
        limited = self.limit.isChecked()
        return ReportOptions(
            since=timefmt.from_qt(self.since.dateTime()) if limited else None,
            until=timefmt.from_qt(self.until.dateTime()) if limited else None,
            categories=frozenset(k for k, box in self.categories.items() if box.isChecked()),
            facing=self.facing.currentData(),
            redact=self.redact.isChecked(),
            tz=UTC if self.zone.currentData() == "utc" else self.local,
            page_size=self.page.currentData(),
            marking=self.marking.text().strip(),
        )


class ExportJob(QObject):
    """Builds and draws one report on a worker thread; results come back by signal."""

    progressed = Signal(int, int)
    finished = Signal(str, int)  # path, pages
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        session: Callable[[], AbstractContextManager[Session]],
        incident_id: str,
        who: Author,
        now: datetime,
        report_options: ReportOptions,
        target: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._args = (session, incident_id, who, now, report_options, target)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="pdf-export", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float = 30.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        from crisisdesk.report import ReportError, build
        from crisisdesk.store import StoreError
        from ui.render.pdf import Cancelled, render_pdf

        session, incident_id, who, now, report_options, target = self._args
        try:
            with session() as s:
                report = build(s, incident_id, now=now, who=who, options=report_options)

            def progress(done: int, total: int) -> bool:
                self.progressed.emit(done, total)
                return not self._cancel.is_set()

            if self._cancel.is_set():
                raise Cancelled
            pages = render_pdf(report, target, progress=progress)
        except Cancelled:
            self.cancelled.emit()
        except (ReportError, StoreError, FontsMissing) as err:
            self.failed.emit(str(err))
        except OSError as err:
            self.failed.emit(
                f"cannot write {target}: {err.strerror or err}. Choose another folder, or free "
                "some space; nothing was written."
            )
        else:
            self.finished.emit(str(target), pages)
