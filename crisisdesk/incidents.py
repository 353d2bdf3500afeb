"""Incidents and their revisions: open, revise, resolve, close, list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from crisisdesk import timeline
from crisisdesk.clock import Clock, ensure_utc
from crisisdesk.entries import Entry
from crisisdesk.identity import Author, stamp
from crisisdesk.models import INCIDENT_STATUSES, SEVERITIES, Incident, IncidentRevision
from crisisdesk.revisions import history_of, latest_by


class IncidentError(ValueError):
    pass


@dataclass(frozen=True)
class IncidentState:
    id: str
    title: str
    severity: str
    status: str
    description: str
    started_at: datetime
    aware_at: datetime | None
    regimes: list[str] = field(default_factory=list)
    revised_at: datetime | None = None
    revised_by: str = ""

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


def _state(rev: IncidentRevision) -> IncidentState:
    return IncidentState(
        id=rev.incident_id,
        title=rev.title,
        severity=rev.severity,
        status=rev.status,
        description=rev.description,
        started_at=rev.started_at,
        aware_at=rev.aware_at,
        regimes=list(rev.regimes),
        revised_at=rev.created_at,
        revised_by=rev.author,
    )


def _check(title: str, severity: str, status: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise IncidentError("an incident needs a title, e.g. 'Customer database exposed'")
    if severity not in SEVERITIES:
        raise IncidentError(f"severity must be one of {', '.join(SEVERITIES)}")
    if status not in INCIDENT_STATUSES:
        raise IncidentError(f"status must be one of {', '.join(INCIDENT_STATUSES)}")
    return title


def open_incident(
    session: Session,
    who: Author,
    clock: Clock,
    title: str,
    *,
    severity: str = "high",
    started_at: datetime | None = None,
    description: str = "",
) -> IncidentState:
    title = _check(title, severity, "active")
    started = ensure_utc(started_at) if started_at else clock.now()
    incident = Incident(**stamp(who, clock))
    session.add(incident)
    session.flush()
    rev = IncidentRevision(
        incident_id=incident.id,
        title=title,
        severity=severity,
        status="active",
        description=description.strip(),
        started_at=started,
        reason="opened",
        **stamp(who, clock),
    )
    session.add(rev)
    timeline.append(
        session,
        who,
        clock,
        incident.id,
        f"Incident opened: {title} (severity {severity})",
        category="decision",
        occurred_at=started,
        actor=who.name,
        key_moment="start",
    )
    return _state(rev)


def revise(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    *,
    reason: str = "",
    title: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    description: str | None = None,
    started_at: datetime | None = None,
    aware_at: datetime | None = None,
    clear_aware_at: bool = False,
    regimes: list[str] | None = None,
) -> IncidentState:
    """Record a new revision; unspecified fields carry over from the current one.

    ``clear_aware_at`` withdraws the awareness time (its timeline entry was retracted).
    """
    now = current(session, incident_id)
    new_title = _check(
        title if title is not None else now.title,
        severity or now.severity,
        status or now.status,
    )
    rev = IncidentRevision(
        incident_id=incident_id,
        title=new_title,
        severity=severity or now.severity,
        status=status or now.status,
        description=description if description is not None else now.description,
        started_at=ensure_utc(started_at) if started_at else now.started_at,
        aware_at=None if clear_aware_at else ensure_utc(aware_at) if aware_at else now.aware_at,
        regimes=list(regimes) if regimes is not None else list(now.regimes),
        reason=reason.strip(),
        **stamp(who, clock),
    )
    session.add(rev)
    session.flush()
    if status and status != now.status:
        text = f"Incident {status}" + (f": {reason.strip()}" if reason.strip() else "")
        if status == "active":
            text = "Incident reopened" + (f": {reason.strip()}" if reason.strip() else "")
        timeline.append(session, who, clock, incident_id, text, category="decision", actor=who.name)
    return _state(rev)


def current(session: Session, incident_id: str) -> IncidentState:
    found = latest_by(
        session, IncidentRevision, "incident_id", IncidentRevision.incident_id == incident_id
    )
    if incident_id not in found:
        raise IncidentError(f"no incident {incident_id} in this database")
    return _state(found[incident_id])


def list_incidents(session: Session) -> list[IncidentState]:
    """Every incident, active ones first, then the most recently started."""
    states = [_state(rev) for rev in latest_by(session, IncidentRevision, "incident_id").values()]
    order = {"active": 0, "resolved": 1, "closed": 2}
    states.sort(key=lambda s: s.started_at, reverse=True)
    states.sort(key=lambda s: order.get(s.status, 3))
    return states


def revisions(session: Session, incident_id: str) -> list[IncidentState]:
    return [_state(r) for r in history_of(session, IncidentRevision, "incident_id", incident_id)]


def follow_awareness(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    *,
    before: Entry | None,
    after: Entry,
) -> IncidentState | None:
    """Keep the incident's awareness time in step with the timeline's awareness entry.

    ``after`` is an entry just recorded, ``before`` the version it replaces (if any).
    Marking, moving or retracting the awareness entry moves or withdraws aware_at, which
    the regulatory clocks run from. Returns the new state, or None if nothing changed.
    """
    now = current(session, incident_id)
    if after.key_moment == "awareness" and not after.retracted:
        if now.aware_at == after.occurred_at:
            return None
        return revise(
            session,
            who,
            clock,
            incident_id,
            aware_at=after.occurred_at,
            reason="Awareness marked on the timeline",
        )
    was_awareness = before is not None and before.key_moment == "awareness"
    if was_awareness and before is not None and now.aware_at == before.occurred_at:
        return revise(
            session,
            who,
            clock,
            incident_id,
            clear_aware_at=True,
            reason="The awareness entry was retracted or unmarked on the timeline",
        )
    return None
