"""The timeline: appends, corrections, reading back, and the per-desk hash chain."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk import incidents, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.models import APPEND_ONLY_TABLES, CATEGORIES
from crisisdesk.store import Store

DESKS = [Author(c * 32, f"Person {c}") for c in "abc"]
T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_append_builds_a_chain(store: Store, who: Author, clock: FixedClock) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        clock.advance(timedelta(minutes=3))
        entry = timeline.append(
            session, who, clock, inc.id, "  SOC confirms DDoS  ", category="detection", actor="SOC"
        )
    assert entry.seq == 1
    assert entry.text == "SOC confirms DDoS"
    assert entry.occurred_at == clock.now() == entry.created_at
    with store.session() as session:
        start, second = [e for _, e in timeline.current_entries(session, inc.id)]
        assert second.prev_hash == start.hash
        assert second.occurred_at.tzinfo is not None
        assert second.occurred_at.utcoffset() == timedelta(0)
        [report] = timeline.verify(session)
    assert report.intact and report.count == 2 and report.head_hash == entry.hash


def test_backdated_entry_sorts_by_when_it_happened(
    store: Store, who: Author, clock: FixedClock
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        clock.advance(timedelta(hours=2))
        timeline.append(session, who, clock, inc.id, "now")
        timeline.append(
            session, who, clock, inc.id, "an hour ago", occurred_at=clock.now() - timedelta(hours=1)
        )
    with store.session() as session:
        texts = [e.text for _, e in timeline.current_entries(session, inc.id)]
    assert texts[1:] == ["an hour ago", "now"]


def test_correction_supersedes_and_keeps_history(
    store: Store, who: Author, clock: FixedClock
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        first = timeline.append(session, who, clock, inc.id, "300,000 customers offline")
        clock.advance(timedelta(minutes=20))
        fixed = timeline.correct(
            session,
            who,
            clock,
            first.id,
            text="450,000 customers offline",
            reason="network team recount",
        )
    assert fixed.supersedes == first.id
    assert fixed.occurred_at == first.occurred_at  # still happened when it happened
    with store.session() as session:
        texts = [e.text for _, e in timeline.current_entries(session, inc.id)]
        assert "300,000 customers offline" not in texts
        assert "450,000 customers offline" in texts
        versions = timeline.history(session, fixed.id)
        assert [v.text for v in versions] == [
            "300,000 customers offline",
            "450,000 customers offline",
        ]
        assert versions[-1].reason == "network team recount"
        with pytest.raises(timeline.EntryError, match="already corrected"):
            timeline.correct(session, who, clock, first.id, text="again")


def test_retraction_is_a_correction(store: Store, who: Author, clock: FixedClock) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        wrong = timeline.append(session, who, clock, inc.id, "Attack attributed to a state actor")
        gone = timeline.correct(
            session, who, clock, wrong.id, retract=True, reason="no evidence for attribution"
        )
    assert gone.retracted and gone.text == wrong.text
    with store.session() as session:
        assert len(timeline.history(session, gone.id)) == 2
        assert all(r.intact for r in timeline.verify(session))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "no text"),
        ({"text": "x", "category": "gossip"}, "unknown category"),
        ({"text": "x", "key_moment": "lunch"}, "unknown key moment"),
        ({"text": "x" * 20_001}, "limit"),
    ],
)
def test_bad_entries_are_refused(
    store: Store, who: Author, clock: FixedClock, kwargs: dict[str, str], message: str
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
    with pytest.raises(timeline.EntryError, match=message), store.write() as session:
        timeline.append(session, who, clock, inc.id, **kwargs)  # type: ignore[arg-type]


def test_naive_times_are_refused(store: Store, who: Author, clock: FixedClock) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
    with pytest.raises(ValueError, match="naive"), store.write() as session:
        timeline.append(session, who, clock, inc.id, "x", occurred_at=datetime(2026, 1, 1))


def test_new_since_returns_only_later_writes(store: Store, who: Author, clock: FixedClock) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
    with store.session() as session:
        [(mark, _)] = timeline.current_entries(session, inc.id)
    with store.write() as session:
        timeline.append(session, who, clock, inc.id, "later")
    with store.session() as session:
        assert [e.text for _, e in timeline.new_since(session, inc.id, mark)] == ["later"]


def test_two_desks_keep_separate_chains(store: Store, clock: FixedClock) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, DESKS[0], clock, "Outage")
        for i in range(6):
            timeline.append(session, DESKS[i % 2], clock, inc.id, f"entry {i}")
    with store.session() as session:
        reports = timeline.verify(session)
    assert [(r.desk_id, r.count, r.intact) for r in reports] == [
        (DESKS[0].desk_id, 4, True),
        (DESKS[1].desk_id, 3, True),
    ]


# --- property tests: appends never break the chain; any tampering is caught ---------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    Store.open(path).close()
    return path


entries = st.lists(
    st.tuples(
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(lambda s: s.strip()),
        st.sampled_from(CATEGORIES),
        st.integers(min_value=0, max_value=len(DESKS) - 1),
        st.integers(min_value=-600, max_value=600),
    ),
    min_size=1,
    max_size=12,
)
TAMPERABLE = (*timeline.HASHED_FIELDS, "prev_hash", "hash")


def _write(template: Path, folder: Path, plan: list[tuple[str, str, int, int]]) -> Path:
    path = folder / "t.sqlite"
    shutil.copy(template, path)
    store = Store.open(path)
    clock = FixedClock(T0)
    with store.write() as session:
        inc = incidents.open_incident(session, DESKS[0], clock, "Property")
        for text, category, desk, offset in plan:
            clock.advance(timedelta(seconds=7))
            timeline.append(
                session,
                DESKS[desk],
                clock,
                inc.id,
                text,
                category=category,
                occurred_at=clock.now() + timedelta(seconds=offset),
            )
    store.close()
    return path


def _reports(path: Path) -> list[timeline.ChainReport]:
    store = Store.open(path)
    with store.session() as session:
        reports = timeline.verify(session)
    store.close()
    return reports


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=entries)
def test_appends_never_break_verification(
    template: Path, plan: list[tuple[str, str, int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        reports = _reports(_write(template, Path(folder), plan))
    assert all(r.intact for r in reports)
    assert sum(r.count for r in reports) == len(plan) + 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=entries,
    pick=st.integers(min_value=0),
    field=st.sampled_from(TAMPERABLE),
    junk=st.text(min_size=1, max_size=8),
)
def test_any_tampering_is_detected(
    template: Path, plan: list[tuple[str, str, int, int]], pick: int, field: str, junk: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(template, Path(folder), plan)
        raw = sqlite3.connect(path)
        for table in APPEND_ONLY_TABLES:  # an attacker with the file can drop the guards
            raw.execute(f'DROP TRIGGER IF EXISTS "{table}_no_update"')
        raw.execute("PRAGMA foreign_keys=OFF")
        rowids = [r[0] for r in raw.execute("SELECT rowid FROM timeline_entry ORDER BY rowid")]
        target = rowids[pick % len(rowids)]
        victim = raw.execute("SELECT id FROM timeline_entry WHERE rowid = ?", (target,)).fetchone()[
            0
        ]
        old = raw.execute(
            f'SELECT "{field}" FROM timeline_entry WHERE rowid = ?', (target,)
        ).fetchone()[0]
        new = _different(field, old, junk)
        raw.execute(f'UPDATE timeline_entry SET "{field}" = ? WHERE rowid = ?', (new, target))
        raw.commit()
        raw.close()
        reports = _reports(path)
    assert not all(r.intact for r in reports)
    if field not in ("seq", "desk_id", "id"):
        # The report names the very entry that was changed.
        assert victim in {r.broken_entry for r in reports}


def _different(field: str, old: object, junk: str) -> object:
    if field == "seq":
        return old + 1000 if isinstance(old, int) else 1000  # clear of every other seq
    if field == "retracted":
        return 0 if old else 1
    if field in ("created_at", "occurred_at"):
        return "2001-01-01 00:00:00.000000"
    if field in ("hash", "prev_hash", "desk_id", "id"):
        return ("f" if str(old)[:1] != "f" else "e") + str(old)[1:]
    return f"{old or ''}{junk}"


def test_awareness_time_follows_its_entry(store: Store, who: Author, clock: FixedClock) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Breach")
        clock.advance(timedelta(hours=2))
        found = timeline.append(
            session, who, clock, inc.id, "Exposed database confirmed", key_moment="awareness"
        )
        incidents.follow_awareness(session, who, clock, inc.id, before=None, after=found)
        assert incidents.current(session, inc.id).aware_at == found.occurred_at

        moved = timeline.correct(
            session,
            who,
            clock,
            found.id,
            reason="it was an hour earlier",
            occurred_at=found.occurred_at - timedelta(hours=1),
        )
        incidents.follow_awareness(session, who, clock, inc.id, before=found, after=moved)
        assert incidents.current(session, inc.id).aware_at == moved.occurred_at

        gone = timeline.correct(session, who, clock, moved.id, retract=True, reason="false alarm")
        incidents.follow_awareness(session, who, clock, inc.id, before=moved, after=gone)
        assert incidents.current(session, inc.id).aware_at is None
        # An unrelated correction leaves the incident alone.
        other = timeline.append(session, who, clock, inc.id, "Note")
        assert (
            incidents.follow_awareness(session, who, clock, inc.id, before=None, after=other)
            is None
        )
