"""Drafts of messages per audience and their revisions (approval is a revision too)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from crisisdesk.clock import Clock, ensure_utc
from crisisdesk.files import written_atomically
from crisisdesk.identity import Author, stamp
from crisisdesk.models import DRAFT_STATUSES, Draft, DraftAutosave, DraftRevision, Update
from crisisdesk.revisions import history_of, latest_by


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


# --- workflow: draft → review → approved → sent -----------------------------------------
NEXT_STATUS = {"draft": ("review",), "review": ("draft", "approved"), "approved": ("draft",)}


def latest(session: Session, draft_id: str) -> DraftRevision:
    found = history_of(session, DraftRevision, "draft_id", draft_id)
    if not found:
        raise DraftError("this draft no longer exists in the database: reload (F5)")
    return found[-1]


def history(session: Session, draft_id: str) -> Sequence[DraftRevision]:
    return history_of(session, DraftRevision, "draft_id", draft_id)


def save(
    session: Session, who: Author, clock: Clock, draft_id: str, incident_id: str, body: str
) -> str | None:
    """Keep ``body`` as a new revision, unless it is what is stored already.

    Changed text goes back to "draft": an approval is for the words approved.
    """
    current = latest(session, draft_id)
    if current.body == body:
        return None
    if current.status == "sent":
        raise DraftError(
            "this draft was sent and stays as sent: start a new draft for the next message"
        )
    rev = revise(session, who, clock, draft_id, incident_id, body, status="draft")
    discard_autosave(session, draft_id)
    return rev


def move(
    session: Session,
    who: Author,
    clock: Clock,
    draft_id: str,
    incident_id: str,
    status: str,
    *,
    note: str = "",
) -> str:
    """Send to review, or back to draft."""
    current = latest(session, draft_id)
    if status not in NEXT_STATUS.get(current.status, ()) or status in ("approved", "sent"):
        raise DraftError(f"a draft in {current.status!r} cannot move to {status!r}")
    return revise(
        session, who, clock, draft_id, incident_id, current.body, status=status, note=note
    )


def approve(
    session: Session,
    who: Author,
    clock: Clock,
    draft_id: str,
    incident_id: str,
    *,
    open_errors: int,
    reason: str = "",
) -> str:
    """Approve the stored text. With errors still open, a reason is required and kept."""
    from crisisdesk import timeline

    current = latest(session, draft_id)
    if current.status not in ("draft", "review"):
        raise DraftError(f"a draft in {current.status!r} cannot be approved")
    reason = " ".join(reason.split())
    if open_errors and not reason:
        raise DraftError(
            f"the draft still has {open_errors} error(s): fix them, or say why it goes out as it is"
        )
    note = f"Approved by {who.name}" + (
        f" with {open_errors} open error(s): {reason}" if open_errors else ""
    )
    rev = revise(
        session, who, clock, draft_id, incident_id, current.body, status="approved", note=note
    )
    title = _title(session, draft_id)
    timeline.append(
        session,
        who,
        clock,
        incident_id,
        f"Draft approved: {title}"
        + (f" ({open_errors} open error(s): {reason})" if open_errors else ""),
        category="decision",
    )
    return rev


def mark_sent(
    session: Session,
    who: Author,
    clock: Clock,
    draft_id: str,
    incident_id: str,
    *,
    stakeholder_id: str,
    channel: str,
    promised_next_at: datetime | None = None,
    sent_at: datetime | None = None,
    meets: list[str] | None = None,
    summary: str = "",
) -> str:
    """Record that the approved text went out: the Update, its timeline entry, and "sent"."""
    from crisisdesk import stakeholders

    current = latest(session, draft_id)
    if current.status != "approved":
        raise DraftError("only an approved draft can be marked as sent: approve it first")
    rev = revise(
        session,
        who,
        clock,
        draft_id,
        incident_id,
        current.body,
        status="sent",
        note=f"Sent by {who.name}",
    )
    stakeholders.log_update(
        session,
        who,
        clock,
        incident_id,
        stakeholder_id,
        channel=channel,
        summary=summary or f"{_title(session, draft_id)}: {_opening(current.body)}",
        sent_at=sent_at,
        promised_next_at=promised_next_at,
        draft_revision_id=rev,
        meets=meets,
    )
    return rev


def _title(session: Session, draft_id: str) -> str:
    draft = session.get(Draft, draft_id)
    return draft.title if draft else "draft"


def _opening(body: str, limit: int = 100) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# --- the editor's scratch copy --------------------------------------------------------------
def autosave(
    session: Session, who: Author, clock: Clock, draft_id: str, incident_id: str, body: str
) -> None:
    """Replace the draft's scratch copy (the one record that is overwritten)."""
    session.merge(
        DraftAutosave(
            draft_id=draft_id,
            incident_id=incident_id,
            body=body,
            saved_at=clock.now(),
            desk_id=who.desk_id,
            author=who.name,
        )
    )
    session.flush()


@dataclass(frozen=True)
class Recovered:
    body: str
    saved_at: datetime
    author: str


def recovered(session: Session, draft_id: str) -> Recovered | None:
    """Unsaved text left from an editor that closed without saving (a crash, a kill)."""
    scratch = session.get(DraftAutosave, draft_id)
    if scratch is None:
        return None
    current = latest(session, draft_id)
    if scratch.body == current.body or ensure_utc(scratch.saved_at) < ensure_utc(
        current.created_at
    ):
        return None
    return Recovered(scratch.body, ensure_utc(scratch.saved_at), scratch.author)


def discard_autosave(session: Session, draft_id: str) -> None:
    """Forget unsaved typing: the scratch copy is set back to the saved text, which
    ``recovered`` then ignores. (Overwritten, not deleted: no code deletes records.)"""
    scratch = session.get(DraftAutosave, draft_id)
    if scratch is not None:
        scratch.body = latest(session, draft_id).body
        session.add(scratch)
        session.flush()


def sent_update(session: Session, revision_id: str) -> Update | None:
    """The Update that records this revision going out."""
    return session.exec(select(Update).where(Update.draft_revision_id == revision_id)).first()


# --- taking the text elsewhere ------------------------------------------------------------
def as_eml(title: str, body: str, when: datetime) -> str:
    """An unsent email (open it in any mail program, add recipients, send)."""
    from email.message import EmailMessage
    from email.utils import format_datetime

    message = EmailMessage()
    message["Subject"] = title
    message["Date"] = format_datetime(ensure_utc(when))
    message["X-Unsent"] = "1"  # mail programs open it as a draft to send
    message.set_content(body)
    return message.as_string()


def save_text(path: Path, title: str, body: str, when: datetime) -> None:
    """Write the draft as .eml (by the name's suffix) or plain text, never half-written."""
    text = as_eml(title, body, when) if path.suffix.lower() == ".eml" else body
    with written_atomically(path, newline="\r\n" if path.suffix.lower() == ".eml" else None) as fh:
        fh.write(text if text.endswith("\n") else text + "\n")


def recoverable(session: Session, incident_id: str) -> list[tuple[DraftState, Recovered]]:
    """Drafts of the incident with unsaved typing left behind, newest first."""
    found = []
    for draft in current(session, incident_id):
        scratch = recovered(session, draft.id)
        if scratch is not None:
            found.append((draft, scratch))
    found.sort(key=lambda pair: pair[1].saved_at, reverse=True)
    return found
