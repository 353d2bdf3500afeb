"""A writer killed mid-stream loses nothing it reported as committed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from crisisdesk import incidents, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.store import Store

WRITER = """
import sys
from crisisdesk.clock import SystemClock
from crisisdesk.identity import Author
from crisisdesk.store import Store
from crisisdesk import timeline
store = Store.open(sys.argv[1], create=False)
who = Author("d" * 32, "Writer")
for i in range(100000):
    with store.write() as session:
        entry = timeline.append(session, who, SystemClock(), sys.argv[2], f"entry {i}")
        text = entry.text
    print(text, flush=True)
"""


def test_sigkill_loses_no_committed_entry(tmp_path: Path, who: Author, clock: FixedClock) -> None:
    path = tmp_path / "kill.sqlite"
    store = Store.open(path)
    with store.write() as session:
        incident_id = incidents.open_incident(session, who, clock, "Kill test").id
    store.close()

    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), incident_id],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        stop_after = random.Random(os.getpid()).randint(5, 60)
        reported = [child.stdout.readline().strip() for _ in range(stop_after)]
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        reported += [line.strip() for line in child.stdout if line.strip()]
    assert child.returncode == -signal.SIGKILL
    assert len(reported) >= stop_after

    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    reopened = Store.open(path, create=False)
    with reopened.session() as session:
        stored = {e.text for _, e in timeline.current_entries(session, incident_id)}
        reports = timeline.verify(session)
    reopened.close()
    assert set(reported) <= stored
    assert all(r.intact for r in reports)
