"""The crisisdesk command from a terminal: demo, log, verify, and clear errors."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk import __version__, incidents, timeline
from crisisdesk.cli import main
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author, set_person
from crisisdesk.models import APPEND_ONLY_TABLES
from crisisdesk.store import Store


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--version")
    assert code == 0 and out.strip() == f"crisisdesk {__version__}"


def test_unknown_argument_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--frobnicate")
    assert code == 2
    assert err.count("\n") == 1 and "unrecognized arguments: --frobnicate" in err


def test_demo_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite"
    code, out, _ = _run(capsys, "demo", "--db", str(db))
    assert code == 0 and "demo incident written" in out
    code, out, _ = _run(capsys, "verify", "--db", str(db))
    assert code == 0 and "intact" in out and "all 1 chains intact" in out
    code, _, err = _run(capsys, "demo", "--db", str(db))
    assert code == 1 and "already exists" in err


def test_log_appends_to_the_active_incident(
    tmp_path: Path, who: Author, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "live.sqlite"
    clock = FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))  # before the terminal's "now"
    store = Store.open(db)
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
    store.close()
    set_person("Tom Reyes", "SOC liaison")
    code, out, _ = _run(
        capsys,
        "log",
        "Bridge call opened",
        "--category",
        "action",
        "--actor",
        "SOC",
        "--db",
        str(db),
    )
    assert code == 0 and "Bridge call opened" in out
    store = Store.open(db)
    with store.session() as session:
        last = timeline.current_entries(session, inc.id)[-1][1]
    store.close()
    assert (last.text, last.category, last.actor, last.author, last.source) == (
        "Bridge call opened",
        "action",
        "SOC",
        "Tom Reyes",
        "terminal",
    )


def test_log_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "log", "x", "--db", str(tmp_path / "missing.sqlite"))
    assert code == 1 and "does not exist yet" in err
    assert not (tmp_path / "missing.sqlite").exists()
    Store.open(tmp_path / "empty.sqlite").close()
    code, _, err = _run(capsys, "log", "x", "--db", str(tmp_path / "empty.sqlite"))
    assert code == 1 and "no active incident" in err
    code, _, err = _run(capsys, "log", "x", "--category", "gossip")
    assert code == 2 and "invalid choice" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello")
    code, _, err = _run(capsys, "verify", "--db", str(junk))
    assert code == 1 and "not a crisisdesk database" in err and junk.read_text() == "hello"


def test_verify_names_the_tampered_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite"
    assert _run(capsys, "demo", "--db", str(db))[0] == 0
    raw = sqlite3.connect(db)
    for table in APPEND_ONLY_TABLES:
        raw.execute(f'DROP TRIGGER "{table}_no_update"')
    seq, entry_id = raw.execute(
        "SELECT seq, id FROM timeline_entry ORDER BY seq LIMIT 1 OFFSET 10"
    ).fetchone()
    raw.execute("UPDATE timeline_entry SET text = 'nothing happened' WHERE id = ?", (entry_id,))
    raw.commit()
    raw.close()
    code, out, _ = _run(capsys, "verify", "--db", str(db))
    assert code == 1
    assert f"BROKEN at entry #{seq} ({entry_id})" in out and "changed after it was recorded" in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "folder .* does not exist"),
        (lambda p: p.write_bytes(b"PK\x03\x04 not a database"), "not an SQLite file"),
    ],
)
def test_window_command_refuses_a_bad_database_before_opening_a_window(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], object],
    message: str,
) -> None:
    target = tmp_path / "file.sqlite"
    make(target)
    db = target if target.exists() else tmp_path / "missing" / "x.sqlite"
    code, _, err = _run(capsys, "--db", str(db))
    assert code == 1
    assert err.count("\n") == 1
    assert re.search(message, err)


def test_log_refuses_a_closed_incident_and_odd_paths(
    tmp_path: Path, who: Author, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "closed.sqlite"
    clock = FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    store = Store.open(db)
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Old outage")
        incidents.revise(session, who, clock, inc.id, status="closed", reason="done")
    store.close()
    code, _, err = _run(capsys, "log", "late note", "--incident", inc.id, "--db", str(db))
    assert code == 1 and "closed" in err
    code, _, err = _run(capsys, "verify", "--db", "~no_such_user_here/x.sqlite")
    assert code == 1 and "full path" in err
