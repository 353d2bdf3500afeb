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
