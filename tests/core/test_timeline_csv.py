"""CSV export: every current entry, oldest first, UTC ISO-8601 times."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk import incidents, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.entries import TimelineFilter
from crisisdesk.identity import Author
from crisisdesk.store import Store
from crisisdesk.timeline_csv import HEADER, export_csv


def test_export_follows_the_filter(
    store: Store, who: Author, clock: FixedClock, tmp_path: Path
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        clock.advance(timedelta(minutes=5))
        first = timeline.append(
            session,
            who,
            clock,
            inc.id,
            'SOC says "botnet", 300k offline',
            category="detection",
            actor="SOC",
        )
        clock.advance(timedelta(minutes=5))
        timeline.correct(
            session, who, clock, first.id, text='SOC says "botnet", 450k offline', reason="recount"
        )
        timeline.append(
            session, who, clock, inc.id, "Holding statement sent", category="communication"
        )
        formula = '=HYPERLINK("http://evil.example","x")'
        timeline.append(session, who, clock, inc.id, formula, category="external")
    target = tmp_path / "timeline.csv"
    with store.session() as session:
        assert export_csv(session, inc.id, target) == 4
        assert (
            export_csv(
                session,
                inc.id,
                tmp_path / "d.csv",
                TimelineFilter(categories=frozenset({"detection"})),
            )
            == 1
        )
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == HEADER
    assert [r[2] for r in rows[1:]] == ["decision", "detection", "communication", "external"]
    assert rows[4][4] == '\'=HYPERLINK("http://evil.example","x")'  # shown as text, never run
    detection = dict(zip(HEADER, rows[2], strict=True))
    assert detection["text"] == 'SOC says "botnet", 450k offline'
    assert detection["occurred_utc"] == "2026-11-29T12:05:00Z"
    assert detection["recorded_utc"] == "2026-11-29T12:10:00Z"
    assert detection["corrects"] == first.id and detection["reason"] == "recount"
    assert list(tmp_path.glob(".crisisdesk-*")) == []


def test_failed_export_leaves_no_half_file(
    store: Store, who: Author, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
    target = tmp_path / "timeline.csv"
    target.write_text("an older export")

    def full(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("crisisdesk.files.os.replace", full)
    with store.session() as session, pytest.raises(OSError, match="No space"):
        export_csv(session, inc.id, target)
    assert target.read_text() == "an older export"
    assert list(tmp_path.glob(".crisisdesk-*")) == []
