"""On a German desktop the window still writes its dates, and Qt's editors theirs, in
English: one language on the screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import locale
from datetime import UTC, datetime
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime
from PySide6.QtWidgets import QDateTimeEdit
from ui.app import make_app
from ui import timefmt
app = make_app(["crisisdesk"])
edit = QDateTimeEdit(QDateTime(QDate(2026, 12, 6), QTime(9, 5)))
edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
print(locale.setlocale(locale.LC_TIME))
print(edit.text())
print(QLocale().toString(2.5))
now = datetime(2026, 12, 6, 9, 5, tzinfo=UTC)
print(timefmt.day_clock(datetime(2026, 12, 4, 17, 30, tzinfo=UTC), now))
print(timefmt.day_clock(datetime(2026, 11, 20, 17, 30, tzinfo=UTC), now))
"""


@pytest.mark.subprocess
@pytest.mark.zone("UTC")
def test_a_german_desktop_sees_english_dates(german_locale: Path) -> None:
    env = {**os.environ, "LOCPATH": str(german_locale), "LC_ALL": "de_DE.UTF-8"}
    shown = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "de_DE.UTF-8",  # Qt gave the C library the desktop's language
        "Sun 6 Dec 2026  09:05",
        "2.5",
        "Fri 17:30",
        "20 Nov 17:30",
    ]
