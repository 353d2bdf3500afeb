"""The approved fact sheet: one set of facts that every audience's message draws on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from crisisdesk.clock import Clock
from crisisdesk.identity import Author, stamp
from crisisdesk.models import FACT_STATUSES, Fact, FactRevision
from crisisdesk.revisions import latest_by


class FactError(ValueError):
    pass


@dataclass(frozen=True)
class FactState:
    id: str
    key: str
    statement: str
    value: str
    status: str
    source: str
    revised_at: datetime
    revised_by: str


def add(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    key: str,
    statement: str,
    *,
    value: str = "",
    status: str = "unconfirmed",
    source: str = "",
) -> str:
    key = key.strip()
    if not key:
        raise FactError("a fact needs a short key, e.g. 'customers_affected'")
    fact = Fact(incident_id=incident_id, key=key, **stamp(who, clock))
    session.add(fact)
    session.flush()
    revise(
        session,
        who,
        clock,
        fact.id,
        incident_id,
        statement,
        value=value,
        status=status,
        source=source,
    )
    return fact.id


def revise(
    session: Session,
    who: Author,
    clock: Clock,
    fact_id: str,
    incident_id: str,
    statement: str,
    *,
    value: str = "",
    status: str = "unconfirmed",
    source: str = "",
) -> None:
    if status not in FACT_STATUSES:
        raise FactError(f"fact status must be one of {', '.join(FACT_STATUSES)}")
    if not statement.strip():
        raise FactError("a fact needs a statement: what exactly is known")
    session.add(
        FactRevision(
            incident_id=incident_id,
            fact_id=fact_id,
            statement=statement.strip(),
            value=value.strip(),
            status=status,
            source=source.strip(),
            **stamp(who, clock),
        )
    )
    session.flush()


def current(session: Session, incident_id: str) -> list[FactState]:
    keys = {
        f.id: f.key
        for f in latest_by(session, Fact, "id", Fact.incident_id == incident_id).values()
    }
    revs = latest_by(session, FactRevision, "fact_id", FactRevision.incident_id == incident_id)
    states = [
        FactState(
            fid, keys.get(fid, ""), r.statement, r.value, r.status, r.source, r.created_at, r.author
        )
        for fid, r in revs.items()
    ]
    states.sort(key=lambda f: f.key)
    return states
