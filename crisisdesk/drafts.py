"""Drafts of messages per audience and their revisions (approval is a revision too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from crisisdesk.clock import Clock
from crisisdesk.identity import Author, stamp
from crisisdesk.models import DRAFT_STATUSES, Draft, DraftRevision
from crisisdesk.revisions import latest_by


class DraftError(ValueError):
    pass


@dataclass(frozen=True)
class DraftState:
    id: str
    title: str
    audience: str
    channel: str
    stakeholder_id: str | None
    body: str
    status: str
    revision_id: str
    revised_at: datetime
    revised_by: str


def create(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    *,
    title: str,
    audience: str,
    channel: str,
    body: str = "",
    stakeholder_id: str | None = None,
) -> str:
    if not title.strip():
        raise DraftError("a draft needs a title, e.g. 'Customer notice #2'")
    draft = Draft(
        incident_id=incident_id,
        title=title.strip(),
        audience=audience,
        channel=channel,
        stakeholder_id=stakeholder_id,
        **stamp(who, clock),
    )
    session.add(draft)
    session.flush()
    revise(session, who, clock, draft.id, incident_id, body, status="draft")
    return draft.id


def revise(
    session: Session,
    who: Author,
    clock: Clock,
    draft_id: str,
    incident_id: str,
    body: str,
    *,
    status: str = "draft",
    note: str = "",
) -> str:
    if status not in DRAFT_STATUSES:
        raise DraftError(f"draft status must be one of {', '.join(DRAFT_STATUSES)}")
    rev = DraftRevision(
        incident_id=incident_id,
        draft_id=draft_id,
        body=body,
        status=status,
        note=note.strip(),
        **stamp(who, clock),
    )
    session.add(rev)
    session.flush()
    return rev.id


def current(session: Session, incident_id: str) -> list[DraftState]:
    drafts = latest_by(session, Draft, "id", Draft.incident_id == incident_id)
    revs = latest_by(session, DraftRevision, "draft_id", DraftRevision.incident_id == incident_id)
    states = [
        DraftState(
            d.id,
            d.title,
            d.audience,
            d.channel,
            d.stakeholder_id,
            r.body,
            r.status,
            r.id,
            r.created_at,
            r.author,
        )
        for d in drafts.values()
        if (r := revs.get(d.id)) is not None
    ]
    states.sort(key=lambda s: s.revised_at, reverse=True)
    return states
