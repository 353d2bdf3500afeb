"""Freshness of a stakeholder group: a pure function of the record and now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.cadence import Freshness, freshness

START = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("minutes_since", "expected"),
    [
        (10, Freshness.FRESH),
        (44, Freshness.FRESH),
        (45, Freshness.DUE_SOON),
        (59, Freshness.DUE_SOON),
        (60, Freshness.OVERDUE),
        (300, Freshness.OVERDUE),
    ],
)
def test_hourly_cadence(minutes_since: int, expected: Freshness) -> None:
    last = START + 2 * HOUR
    state = freshness(
        now=last + timedelta(minutes=minutes_since),
        incident_started_at=START,
        last_update_at=last,
        cadence=HOUR,
    )
    assert state.status is expected
    assert state.next_due == last + HOUR


def test_an_earlier_promise_wins_and_is_reported_broken() -> None:
    last = START + HOUR
    promise = last + timedelta(minutes=30)
    state = freshness(
        now=last + timedelta(minutes=42),
        incident_started_at=START,
        last_update_at=last,
        cadence=HOUR,
        promised_next_at=promise,
    )
    assert state.status is Freshness.OVERDUE
    assert state.next_due == promise and state.broken_promise == promise


def test_never_updated_and_paused_and_on_demand() -> None:
    now = START + 2 * HOUR
    never = freshness(now=now, incident_started_at=START, last_update_at=None, cadence=HOUR)
    assert never.status is Freshness.NEVER and never.next_due == START + HOUR
    paused = freshness(
        now=now, incident_started_at=START, last_update_at=None, cadence=HOUR, active=False
    )
    assert paused.status is Freshness.PAUSED
    on_demand = freshness(now=now, incident_started_at=START, last_update_at=START, cadence=None)
    assert on_demand.status is Freshness.ON_DEMAND and on_demand.next_due is None


@given(
    minutes=st.integers(min_value=0, max_value=10_000),
    cadence=st.integers(min_value=1, max_value=1_000),
)
def test_status_agrees_with_next_due(minutes: int, cadence: int) -> None:
    last = START
    now = last + timedelta(minutes=minutes)
    state = freshness(
        now=now, incident_started_at=START, last_update_at=last, cadence=timedelta(minutes=cadence)
    )
    assert state.next_due is not None
    assert (state.status is Freshness.OVERDUE) == (now >= state.next_due)


RANK = {
    Freshness.AWAITING: 0,
    Freshness.FRESH: 0,
    Freshness.DUE_SOON: 1,
    Freshness.OVERDUE: 2,
    Freshness.NEVER: 2,
}


@pytest.mark.parametrize(
    ("last", "minutes_later", "expected"),
    [
        # across midnight UTC
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), 44, Freshness.FRESH),
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), 45, Freshness.DUE_SOON),
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), 60, Freshness.OVERDUE),
        # across the London clocks going back (01:00 UTC, 25 Oct 2026): an hour is an hour
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 59, Freshness.DUE_SOON),
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 60, Freshness.OVERDUE),
        # across the clocks going forward (01:00 UTC, 29 Mar 2026)
        (datetime(2026, 3, 29, 0, 45, tzinfo=UTC), 30, Freshness.FRESH),
        (datetime(2026, 3, 29, 0, 45, tzinfo=UTC), 61, Freshness.OVERDUE),
    ],
)
def test_cadence_is_counted_in_real_time(
    last: datetime, minutes_later: int, expected: Freshness
) -> None:
    state = freshness(
        now=last + timedelta(minutes=minutes_later),
        incident_started_at=last - HOUR,
        last_update_at=last,
        cadence=HOUR,
    )
    assert state.status is expected
    assert state.next_due == last + HOUR


def test_awaiting_first_update_then_never_updated() -> None:
    at = [START + timedelta(minutes=m) for m in (10, 50, 70)]
    got = [
        freshness(now=t, incident_started_at=START, last_update_at=None, cadence=HOUR).status
        for t in at
    ]
    assert got == [Freshness.AWAITING, Freshness.DUE_SOON, Freshness.NEVER]


@given(
    first=st.integers(min_value=0, max_value=5_000),
    second=st.integers(min_value=0, max_value=5_000),
    cadence=st.integers(min_value=5, max_value=600),
    promise=st.one_of(st.none(), st.integers(min_value=1, max_value=900)),
    updated=st.booleans(),
)
def test_status_only_gets_worse_as_time_passes(
    first: int, second: int, cadence: int, promise: int | None, updated: bool
) -> None:
    early, late = sorted((first, second))
    last = START + HOUR if updated else None
    promised = last + timedelta(minutes=promise) if last and promise else None

    def status(minutes: int) -> Freshness:
        return freshness(
            now=START + HOUR + timedelta(minutes=minutes),
            incident_started_at=START,
            last_update_at=last,
            cadence=timedelta(minutes=cadence),
            promised_next_at=promised,
        ).status

    assert RANK[status(early)] <= RANK[status(late)]
