"""The wall's data: tiles in order of urgency, with text readable across a room."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from crisisdesk import cadence, incidents, stakeholders, wall
from crisisdesk.cadence import Freshness
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.store import Store


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    return inc.id


def test_overdue_tiles_come_first_and_say_by_how_much(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    with store.write() as session:
        customers = next(
            g for g in stakeholders.current(session, incident) if g.name == "Customers"
        )
        stakeholders.log_update(
            session, who, clock, incident, customers.id, channel="email", summary="Notice"
        )
    clock.advance(timedelta(minutes=46))
    with store.read() as session:
        data = wall.read(session, incident, clock.now())
    now = clock.now()
    tiles = data.tiles(now)
    assert tiles[0].name == "SOC team"  # 30-minute cadence, nothing sent: overdue
    assert tiles[0].status is Freshness.NEVER
    assert tiles[0].due_text(now) == "OVERDUE 16 min"
    assert tiles[0].since_text(now) == "no update yet"
    mine = next(t for t in tiles if t.name == "Customers")
    assert (mine.status, mine.since_text(now), mine.due_text(now)) == (
        Freshness.DUE_SOON,
        "46 min since update",
        "due in 14 min",
    )
    later = now + timedelta(hours=2, minutes=5)
    assert next(t for t in data.tiles(later) if t.name == "Customers").due_text(later) == (
        "OVERDUE 1 h 51 min"
    )


def test_read_takes_the_newest_entries_and_no_deadline_without_regimes(
    store: Store, clock: FixedClock, incident: str
) -> None:
    with store.read() as session:
        data = wall.read(session, incident, clock.now())
        assert wall.current_incident(session) == incident
    assert data.entries and data.entries[0].text.startswith("Incident opened")
    assert data.next_deadline(clock.now(), UTC) is None


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 min"), (59, "59 min"), (65, "1 h 05 min"), (3000, "2 d 2 h")]
)
def test_spans(minutes: int, text: str) -> None:
    assert cadence.span(timedelta(minutes=minutes)) == text
