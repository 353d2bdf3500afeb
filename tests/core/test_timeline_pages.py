"""Reading the timeline a page at a time, newest first, with filters."""

from __future__ import annotations

from datetime import timedelta

from crisisdesk import incidents, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.entries import TimelineFilter, sort_key
from crisisdesk.identity import Author
from crisisdesk.store import Store
from crisisdesk.timeline_pages import (
    count_current,
    first_versions,
    key_moments,
    mark,
    marks,
    page,
    written_since,
)


def _fill(store: Store, who: Author, clock: FixedClock, n: int) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        for i in range(n):
            clock.advance(timedelta(minutes=1))
            timeline.append(
                session,
                who,
                clock,
                inc.id,
                f"entry {i} " + ("botnet" if i % 10 == 0 else "calm"),
                category="detection" if i % 2 else "action",
                actor="SOC" if i % 3 == 0 else "",
            )
    return inc.id


def test_pages_walk_the_whole_timeline_newest_first(
    store: Store, who: Author, clock: FixedClock
) -> None:
    incident_id = _fill(store, who, clock, 45)
    seen: list[str] = []
    after = None
    with store.session() as session:
        while batch := page(session, incident_id, after=after, limit=10):
            seen += [e.text for _, e in batch]
            after = sort_key(*batch[-1])
        assert count_current(session, incident_id) == 46
    assert seen[0] == "entry 44 calm"
    assert seen[-1].startswith("Incident opened")
    assert len(seen) == len(set(seen)) == 46


def test_filters_in_sql_agree_with_the_python_test(
    store: Store, who: Author, clock: FixedClock
) -> None:
    incident_id = _fill(store, who, clock, 30)
    filters = [
        TimelineFilter(text="BOTNET"),
        TimelineFilter(categories=frozenset({"detection"})),
        TimelineFilter(actor="soc"),
        TimelineFilter(text="soc", categories=frozenset({"action"})),
        TimelineFilter(since=clock.now() - timedelta(minutes=5)),
        TimelineFilter(text="100%_"),
    ]
    with store.session() as session:
        everything = [e for _, e in page(session, incident_id, limit=1000)]
        for flt in filters:
            got = [e.id for _, e in page(session, incident_id, flt, limit=1000)]
            assert got == [e.id for e in everything if flt.matches(e)], flt
    assert len([e for e in everything if TimelineFilter(text="botnet").matches(e)]) == 3


def test_corrections_replace_their_original(store: Store, who: Author, clock: FixedClock) -> None:
    incident_id = _fill(store, who, clock, 3)
    with store.session() as session:
        [(mark, newest)] = page(session, incident_id, limit=1)
    with store.write() as session:
        timeline.correct(session, who, clock, newest.id, text="entry 2 fixed", reason="typo")
    with store.session() as session:
        texts = [e.text for _, e in page(session, incident_id)]
        assert "entry 2 fixed" in texts
        assert newest.text not in texts
        assert count_current(session, incident_id) == 4
        assert [e.supersedes for _, e in written_since(session, incident_id, mark)] == [newest.id]


def test_marks_are_the_current_entries_oldest_first(
    store: Store, who: Author, clock: FixedClock
) -> None:
    incident_id = _fill(store, who, clock, 5)
    with store.session() as session:
        newest = page(session, incident_id, limit=1)[0][1]
    with store.write() as session:
        timeline.correct(
            session, who, clock, newest.id, key_moment="containment", reason="Marked as key moment"
        )
    with store.session() as session:
        got = list(marks(session, incident_id))
        assert [m.text for m in got][1:] == [
            f"entry {i} " + ("botnet" if i % 10 == 0 else "calm") for i in range(5)
        ]
        assert got[-1].key_moment == "containment"
        assert mark(session, got[-1].id) == got[-1]
        assert mark(session, "nope") is None


def test_typing_on_narrows_a_filter() -> None:
    base = TimelineFilter(text="bot", categories=frozenset({"action"}))
    assert TimelineFilter(text="BOTN", categories=frozenset({"action"})).narrows(base)
    assert not TimelineFilter(text="bo", categories=frozenset({"action"})).narrows(base)
    assert not TimelineFilter(text="botn").narrows(base)  # categories widened
    assert not TimelineFilter(text="xbot", categories=frozenset({"action"})).narrows(base)


def test_non_ascii_search_folds_case_the_same_in_sql_and_python(
    store: Store, who: Author, clock: FixedClock
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Vorfall")
        timeline.append(
            session, who, clock, inc.id, "Über-Kunden informiert", actor="Jürgen Öztürk"
        )
        timeline.append(session, who, clock, inc.id, "Uber drivers unaffected", actor="ICO")
    filters = [
        TimelineFilter(text="über"),
        TimelineFilter(text="ÖZTÜRK"),
        TimelineFilter(actor="JÜRGEN ÖZTÜRK"),
        TimelineFilter(text="uber"),
        TimelineFilter(actor="ico"),
    ]
    with store.session() as session:
        everything = [e for _, e in page(session, inc.id, limit=100)]
        for flt in filters:
            got = [e.text for _, e in page(session, inc.id, flt, limit=100)]
            assert got == [e.text for e in everything if flt.matches(e)], flt
            assert got, flt


def test_key_moments_come_from_current_entries(
    store: Store, who: Author, clock: FixedClock
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Breach")
        first = timeline.append(
            session, who, clock, inc.id, "Board: material", key_moment="materiality"
        )
        clock.advance(timedelta(hours=1))
        timeline.append(
            session, who, clock, inc.id, "Counsel confirms materiality", key_moment="materiality"
        )
        found = timeline.append(
            session, who, clock, inc.id, "Health records seen", key_moment="discovery"
        )
        timeline.correct(session, who, clock, found.id, retract=True, reason="test data")
    with store.session() as session:
        moments = key_moments(session, inc.id)
    assert moments["materiality"] == first.occurred_at  # the earliest counts
    assert "discovery" not in moments  # retracted
    assert moments["start"] <= first.occurred_at


def test_a_correction_of_a_correction_leads_back_to_the_original(
    store: Store, who: Author, clock: FixedClock
) -> None:
    incident_id = _fill(store, who, clock, 3)
    with store.session() as session:
        [(_, original)] = page(session, incident_id, limit=1)
    clock.advance(timedelta(hours=2))
    with store.write() as session:
        once = timeline.correct(session, who, clock, original.id, text="fixed", reason="typo")
    clock.advance(timedelta(hours=1))
    with store.write() as session:
        twice = timeline.correct(session, who, clock, once.id, text="fixed again", reason="more")
    with store.session() as session:
        current = [e for _, e in page(session, incident_id)]
        found = first_versions(session, current)
    assert found == {twice.id: (original.created_at, original.occurred_at)}
    assert twice.created_at - original.created_at == timedelta(hours=3)
