"""Silences of a stakeholder group: every stretch without an update, judged against what
was due then (the cadence, or an earlier promise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.silences import Silence, exceeded, for_groups, longest, silences
from crisisdesk.stakeholders import StakeholderState, UpdateInfo

START = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Sent:
    sent_at: datetime
    promised_next_at: datetime | None = None


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    cadence: timedelta | None
    active: bool = True


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


def test_no_updates_is_one_silence_from_the_start_to_now() -> None:
    [only] = silences(started_at=START, now=at(3.5), cadence=HOUR, updates=[])
    assert (only.start, only.end, only.length) == (START, at(3.5), 3.5 * HOUR)
    assert only.allowed == HOUR and only.due_at == at(1)
    assert only.exceeded and only.over_by == 2.5 * HOUR
    assert only.ongoing and not only.after_update and not only.broken_promise


def test_updates_cut_the_incident_into_silences() -> None:
    found = silences(
        started_at=START, now=at(5), cadence=HOUR, updates=[Sent(at(0.5)), Sent(at(3))]
    )
    assert [(s.start, s.end) for s in found] == [
        (START, at(0.5)),
        (at(0.5), at(3)),
        (at(3), at(5)),
    ]
    assert [s.exceeded for s in found] == [False, True, True]
    assert [s.over_by for s in found] == [None, 1.5 * HOUR, HOUR]
    assert [s.ongoing for s in found] == [False, False, True]
    assert [s.after_update for s in found] == [False, True, True]
    assert exceeded(found) == found[1:]
    assert longest(found) == found[1]


def test_an_update_sent_on_the_minute_it_was_due_is_on_time() -> None:
    first, _ = silences(started_at=START, now=at(2), cadence=HOUR, updates=[Sent(at(1))])
    assert first.length == first.allowed == HOUR
    assert not first.exceeded and first.over_by is None


def test_on_demand_nothing_is_ever_exceeded() -> None:
    found = silences(
        started_at=START, now=at(30), cadence=None, updates=[Sent(at(2)), Sent(at(20))]
    )
    assert len(found) == 3
    assert all(s.allowed is None and not s.exceeded and s.over_by is None for s in found)
    assert longest(found) == found[1]


def test_a_promise_shorter_than_the_cadence_that_was_broken() -> None:
    promise = at(1.5)  # sent at 1:00 "next update by 1:30", on a 2-hour cadence
    found = silences(
        started_at=START,
        now=at(4),
        cadence=2 * HOUR,
        updates=[Sent(at(1), promise), Sent(at(2.25))],
    )
    first, broken, last = found
    assert not first.exceeded and first.allowed == 2 * HOUR  # first update within 2 h
    assert broken.allowed == 30 * MINUTE and broken.due_at == promise
    assert broken.exceeded and broken.over_by == 45 * MINUTE
    assert broken.broken_promise and broken.promised_at == promise
    assert last.allowed == 2 * HOUR and not last.exceeded and not last.broken_promise


def test_a_promise_later_than_the_cadence_is_not_broken_by_the_cadence() -> None:
    _, gap = silences(
        started_at=START,
        now=at(4),
        cadence=HOUR,
        updates=[Sent(at(1), at(3.5))],
    )
    assert gap.allowed == HOUR and gap.exceeded and gap.over_by == 2 * HOUR
    assert gap.broken_promise  # 4:00 is past the promised 3:30 too


def test_an_ongoing_promise_not_yet_due_is_not_broken() -> None:
    _, gap = silences(started_at=START, now=at(1.25), cadence=None, updates=[Sent(at(1), at(2))])
    assert gap.ongoing and gap.allowed == HOUR and not gap.exceeded and not gap.broken_promise


def test_a_paused_group_owes_nothing_now_but_its_past_is_judged() -> None:
    first, second = silences(
        started_at=START, now=at(10), cadence=HOUR, updates=[Sent(at(3))], active=False
    )
    assert first.exceeded and first.over_by == 2 * HOUR
    assert second.ongoing and second.allowed is None and not second.exceeded


def test_updates_before_the_start_at_the_same_moment_and_after_now() -> None:
    found = silences(
        started_at=START,
        now=at(2),
        cadence=HOUR,
        updates=[
            Sent(at(1), at(1.25)),
            Sent(at(1), at(1.5)),  # the same moment: the later record's promise stands
            Sent(at(-1)),
            Sent(at(3)),  # dated after now: not counted yet
        ],
    )
    assert [(s.start, s.end) for s in found] == [(START, at(1)), (at(1), at(2))]
    assert found[0].after_update  # the early update counts from the start
    assert found[1].promised_at == at(1.5) and found[1].over_by == 30 * MINUTE


def test_an_update_at_now_ends_the_last_silence() -> None:
    found = silences(started_at=START, now=at(2), cadence=HOUR, updates=[Sent(at(2))])
    assert len(found) == 1 and not found[0].ongoing and found[0].end == at(2)


def test_no_time_no_silences() -> None:
    assert silences(started_at=START, now=START, cadence=HOUR, updates=[]) == []
    assert longest([]) is None


def test_for_groups_keeps_the_order_and_names() -> None:
    groups = [Group("c", "Customers", HOUR), Group("p", "Press", None)]
    found = for_groups(groups, {"c": [Sent(at(0.5))]}, started_at=START, now=at(2))
    assert [name for name, _ in found] == ["Customers", "Press"]
    assert [len(s) for _, s in found] == [2, 1]


def test_the_groups_and_updates_of_the_record_fit() -> None:
    customers = StakeholderState(
        id="c", name="Customers", profile="customers", owner="", channels=["email"],
        cadence=HOUR, active=True, position=0,
    )  # fmt: skip
    sent = UpdateInfo("u1", at(0.5), "email", "Holding statement", "Priya Shah", at(1))
    [(name, found)] = for_groups([customers], {"c": [sent]}, started_at=START, now=at(3))
    assert name == "Customers" and [s.allowed for s in found] == [HOUR, 30 * MINUTE]
    assert found[1].broken_promise and found[1].over_by == 2 * HOUR


@st.composite
def cases(draw: st.DrawFn) -> tuple[datetime, list[Sent], timedelta | None, bool]:
    minutes = st.integers(min_value=-120, max_value=3000)
    span = draw(st.integers(min_value=1, max_value=2880))
    sent = draw(st.lists(minutes, max_size=30))
    promises = draw(st.lists(st.one_of(st.none(), st.integers(1, 600)), min_size=len(sent)))
    updates = [
        Sent(START + m * MINUTE, None if p is None else START + (m + p) * MINUTE)
        for m, p in zip(sent, promises, strict=False)
    ]
    cadence = draw(st.one_of(st.none(), st.integers(5, 600).map(lambda m: m * MINUTE)))
    return START + span * MINUTE, updates, cadence, draw(st.booleans())


@given(cases())
def test_silences_tile_the_incident(
    case: tuple[datetime, list[Sent], timedelta | None, bool],
) -> None:
    now, updates, cadence, active = case
    found = silences(started_at=START, now=now, cadence=cadence, updates=updates, active=active)
    assert found[0].start == START and found[-1].end == now
    for before, after in pairwise(found):
        assert before.end == after.start  # no gap, no overlap
    assert all(s.length == s.end - s.start > timedelta(0) for s in found)
    assert sum((s.length for s in found), timedelta(0)) == now - START
    assert [s.ongoing for s in found].count(True) <= 1
    for s in found:
        assert s.exceeded == (s.over_by is not None)
        if s.exceeded:
            assert s.allowed is not None and s.over_by == s.length - s.allowed > timedelta(0)
    if cadence is None:  # on demand: only a broken promise is ever exceeded
        assert all(s.broken_promise for s in found if s.exceeded)
    if not active and found[-1].ongoing:  # paused: nothing is owed now
        assert found[-1].allowed is None and not found[-1].exceeded
    assert longest(found) == max(found, key=lambda s: s.length)


def test_silence_is_a_value() -> None:
    one = silences(started_at=START, now=at(1), cadence=None, updates=[])[0]
    assert one == Silence(START, at(1), HOUR, None, False, None, False, ongoing=True)
