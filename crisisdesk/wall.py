"""What the crisis room's big screen shows, as plain data.

``read`` takes everything from the database in one go (a refresh); the wall then asks
``tiles``, ``next_deadline`` and the like for "now" every second without touching the
database again, so the clocks tick without any query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from crisisdesk.cadence import DUE_SOON_FRACTION, Freshness, FreshnessState, freshness, span

if TYPE_CHECKING:
    from sqlmodel import Session

    from crisisdesk.checklists import RunProgress
    from crisisdesk.deadlines import ClockState, Regime
    from crisisdesk.entries import Entry
    from crisisdesk.facts import FactState
    from crisisdesk.incidents import IncidentState
    from crisisdesk.stakeholders import StakeholderState

TICKER_ENTRIES = 10
# Most urgent first: who has waited longest past what they were promised.
_URGENCY = {
    Freshness.OVERDUE: 0,
    Freshness.NEVER: 0,
    Freshness.DUE_SOON: 1,
    Freshness.AWAITING: 2,
    Freshness.FRESH: 3,
    Freshness.ON_DEMAND: 4,
    Freshness.PAUSED: 5,
}


@dataclass(frozen=True)
class Tile:
    """One stakeholder group as the wall shows it at a given moment."""

    name: str
    owner: str
    state: FreshnessState
    last_update_at: datetime | None

    @property
    def status(self) -> Freshness:
        return self.state.status

    def since_text(self, now: datetime) -> str:
        if self.last_update_at is None:
            return "no update yet"
        return f"{span(now - self.last_update_at)} since update"

    def due_text(self, now: datetime) -> str:
        due = self.state.due_in(now)
        if self.status is Freshness.PAUSED:
            return "paused"
        if due is None:
            return "on demand"
        if due <= timedelta(0):
            return f"OVERDUE {span(-due)}"
        return f"due in {span(due)}"


@dataclass(frozen=True)
class WallData:
    incident: IncidentState
    groups: Sequence[StakeholderState]
    entries: Sequence[Entry]  # the newest first
    runs: Sequence[RunProgress]
    facts: Sequence[FactState]  # confirmed
    regimes: Sequence[Regime]
    notices: dict[str, tuple[str, datetime]]
    moments: dict[str, datetime]
    read_at: datetime

    def tiles(self, now: datetime, due_soon: float = DUE_SOON_FRACTION) -> list[Tile]:
        """Every group's tile at ``now``, overdue ones first, then in the team's order."""
        tiles = []
        for group in self.groups:
            last = group.last_update
            state = freshness(
                now=now,
                incident_started_at=self.incident.started_at,
                last_update_at=last.sent_at if last else None,
                cadence=group.cadence,
                promised_next_at=last.promised_next_at if last else None,
                active=group.active,
                due_soon_fraction=due_soon,
            )
            tiles.append(Tile(group.name, group.owner, state, last.sent_at if last else None))
        order = {g.name: n for n, g in enumerate(self.groups)}
        tiles.sort(key=lambda t: (_URGENCY[t.status], order[t.name]))
        return tiles

    def clocks(self, now: datetime, tz: tzinfo) -> list[ClockState]:
        from crisisdesk.deadlines import clocks

        return clocks(
            self.regimes,
            applicable=self.incident.regimes,
            aware_at=self.incident.aware_at,
            materiality_at=self.moments.get("materiality"),
            discovered_at=self.moments.get("discovery", self.incident.aware_at),
            notices=self.notices,
            now=now,
            tz=tz,
        )

    def next_deadline(self, now: datetime, tz: tzinfo) -> ClockState | None:
        """The soonest legal deadline still waiting for its notice, if any."""
        waiting = [
            c
            for c in self.clocks(now, tz)
            if c.regime_id in self.incident.regimes and c.met_by is None and c.deadline
        ]
        return min(waiting, key=lambda c: c.deadline or now, default=None)


def read(
    session: Session,
    incident_id: str,
    now: datetime,
    regimes: Sequence[Regime] = (),
) -> WallData:
    """Everything the wall needs, in one read of the database."""
    from crisisdesk import checklists, facts, incidents, stakeholders
    from crisisdesk import timeline_pages as pages

    incident = incidents.current(session, incident_id)
    newest = [e for _, e in pages.page(session, incident_id, limit=TICKER_ENTRIES)]
    return WallData(
        incident=incident,
        groups=stakeholders.current(session, incident_id),
        entries=newest,
        runs=checklists.progress(session, incident_id, now),
        facts=[f for f in facts.current(session, incident_id) if f.status == "confirmed"],
        regimes=regimes,
        notices=stakeholders.regulatory_notices(session, incident_id),
        moments=pages.key_moments(session, incident_id),
        read_at=now,
    )


def current_incident(session: Session) -> str | None:
    """The incident the wall shows: the most recent active one, else the most recent."""
    from crisisdesk import incidents

    listed = incidents.list_incidents(session)
    return listed[0].id if listed else None
