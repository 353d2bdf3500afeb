"""Exporting the PDF from the window and from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from crisisdesk import demo
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, DeskConfig
from crisisdesk.report import ReportOptions
from crisisdesk.store import Store
from ui.app import settings
from ui.main_window import MainWindow
from ui.report_export import ExportDialog, ExportJob

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def demo_db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "demo.sqlite"
    return path, demo.create_demo_database(path, now=NOW)


def text_of(path: Path) -> str:
    # Qt writes each word as its own run; pypdf puts tabs between them.
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_export_from_the_window_with_options_off_the_gui_thread(
    qtbot: QtBot, demo_db: tuple[Path, str], tmp_path: Path, who: Author,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path, _ = demo_db
    store = Store.open(path, create=False)
    window = MainWindow(
        store, DeskConfig(who.desk_id, who.name, who.role), FixedClock(NOW), settings()
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.is_loaded)
    target = tmp_path / "board.pdf"
    opened: list[QUrl] = []

    def choose(dialog: ExportDialog) -> int:
        dialog.categories["note"].setChecked(False)
        dialog.redact.setChecked(True)
        dialog.page.setCurrentIndex(dialog.page.findData("Letter"))
        dialog.marking.setText("BOARD ONLY")
        dialog._try_accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    window.export_pdf()
    qtbot.waitUntil(lambda: window._export_job is None, timeout=20_000)
    assert target.exists()
    assert f"Wrote {target}" in window.statusBar().currentMessage()
    assert opened and opened[0].toLocalFile() == str(target)
    text = text_of(target)
    assert "BOARD ONLY" in text
    assert "Broadband outage" in text
    reader = PdfReader(target)
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 612  # US Letter, in points
    assert "@" not in text.replace("press@", "")  # redacted: no email addresses left


def test_a_cancelled_export_leaves_no_file(
    qtbot: QtBot, demo_db: tuple[Path, str], tmp_path: Path, who: Author
) -> None:
    path, incident = demo_db
    store = Store.open(path, create=False)
    target = tmp_path / "never.pdf"
    job = ExportJob(store.read, incident, who, NOW, ReportOptions(), target)
    with qtbot.waitSignal(job.cancelled, timeout=20_000):
        job.cancel()
        job.start()
    job.wait()
    store.close()
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".*part"))


def test_export_pdf_runs_headless_and_verify_checks_it(
    demo_db: tuple[Path, str], tmp_path: Path
) -> None:
    path, incident = demo_db
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    command = [sys.executable, "-m", "ui.launch"]
    out = tmp_path / "report.pdf"
    done = subprocess.run(
        [*command, "export-pdf", "--db", str(path), "--incident", incident, "-o", str(out),
         "--redact", "--tz", "Europe/London"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "pages" in done.stdout and out.exists()
    verified = subprocess.run(
        [*command, "verify", str(out), "--db", str(path)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert verified.returncode == 0 and "matches the database" in verified.stdout
    bad = subprocess.run(
        [*command, "export-pdf", "--db", str(path), "-o", str(tmp_path / "nope" / "r.pdf")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 1 and "does not exist" in bad.stderr
