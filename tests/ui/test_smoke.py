"""The real command starts a window on the demo and quits cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.subprocess
def test_demo_window_starts_and_quits(user_dirs: Path) -> None:
    config = Path(os.environ["CRISISDESK_HOME"]) / "config"
    config.mkdir(parents=True)
    (config / "desk.json").write_text(
        json.dumps({"desk_id": "f" * 32, "name": "Smoke Test", "role": "Scribe"})
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CRISISDESK_STARTUP_PROBE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "ui.launch", "--demo"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("painted ")
    assert "\nready " in result.stdout
    assert "Traceback" not in result.stderr
    # The demo database was temporary and is gone; the user's real database was never made.
    assert not (Path(os.environ["CRISISDESK_HOME"]) / "data" / "crisisdesk.sqlite").exists()


@pytest.mark.subprocess
def test_bad_database_gives_one_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00" * 4096)
    result = subprocess.run(
        [sys.executable, "-m", "ui.launch", "verify", "--db", str(junk)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("crisisdesk: error:") and "not an SQLite file" in result.stderr


@pytest.mark.subprocess
def test_app_made_fresh_uses_the_fusion_style() -> None:
    # Fusion is chosen on Qt's command line when the app is made, not set afterwards.
    script = "from ui.app import make_app; print(make_app(['crisisdesk']).style().name())"
    # A bare app would take this style (and Fusion is Qt's own default on Linux).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "Windows"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["fusion"]
