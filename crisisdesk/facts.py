"""The approved fact sheet: one set of facts that every audience's message draws on.

A fact is a key (``records_exposed``) and its revisions: statement, value, status and
source. Nothing is overwritten: adding, confirming, correcting and retracting a fact each
record a new revision, and say so on the timeline in the same transaction, so the
timeline shows who knew what, and when.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from crisisdesk import timeline
from crisisdesk.clock import Clock
from crisisdesk.identity import Author, stamp
from crisisdesk.models import FACT_STATUSES, Fact, FactRevision
from crisisdesk.revisions import history_of, latest_by

TIMELINE_CATEGORY = "note"
_NOT_A_KEY_CHARACTER = re.compile(r"[\W_]+")


class FactError(ValueError):
    """A fact change that cannot be recorded as given; the message says what to change."""


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

    @property
    def label(self) -> str:
        return key_label(self.key)


@dataclass(frozen=True)
class FactVersion:
    """One revision of a fact, as the history shows it."""

    id: str
    fact_id: str
    statement: str
    value: str
    status: str
    source: str
    created_at: datetime
    author: str
    author_role: str
    desk_id: str


# --- checks shared with the forms ---------------------------------------------------------


def normalise_key(text: str) -> str:
    """The key a person means: "Records exposed" -> ``records_exposed``."""
    return _NOT_A_KEY_CHARACTER.sub("_", text.strip().lower()).strip("_")


def key_label(key: str) -> str:
    """The key as people read it: ``records_exposed`` -> "records exposed"."""
    return key.replace("_", " ")


def check_key(text: str, taken: Iterable[str] = ()) -> str:
    """The normalised key for a new fact; or an error saying what to change."""
    key = normalise_key(text)
    if not key:
        raise FactError("a fact needs a short key naming what it is about, e.g. 'records exposed'")
    if key in set(taken):
        raise FactError(
            f"there is already a fact '{key_label(key)}' in this incident: correct that fact "
            "instead, or choose another key"
        )
    return key


def check_statement(statement: str) -> str:
    statement = statement.strip()
    if not statement:
        raise FactError("a fact needs a statement: say exactly what is known")
    return statement


def check_status(status: str) -> str:
    if status not in FACT_STATUSES:
        raise FactError(f"fact status must be one of {', '.join(FACT_STATUSES)}, not {status!r}")
    return status


def check_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise FactError(
            "say why the fact is retracted: the reason is kept in the record, and the review "
            "will ask"
        )
    return reason


# --- writing ------------------------------------------------------------------------------


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
    log: bool = True,
) -> str:
    """Put a new fact on the sheet and return its id.

    ``key`` is normalised ("Records exposed" -> ``records_exposed``) and must be new to
    the incident. With ``log`` (the default) a timeline entry says what was added; a
    caller that keeps its own timeline (the demo) passes ``log=False``.
    """
    key = check_key(key, keys(session, incident_id))
    statement = check_statement(statement)
    if check_status(status) == "retracted":
        raise FactError("a new fact cannot start retracted: add it, then retract it with a reason")
    fact = Fact(incident_id=incident_id, key=key, **stamp(who, clock))
    session.add(fact)
    session.flush()
    after = _write(
        session, who, clock, fact.id, incident_id,
        statement=statement, value=value, status=status, source=source,
    )  # fmt: skip
    if log:
        _log(session, who, clock, incident_id, _describe(key, None, after, ""))
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
    reason: str = "",
    log: bool = True,
) -> FactState:
    """Record a whole new version of a fact: every field as given.

    With ``log`` (the default) a timeline entry says what changed, and a retraction
    needs a ``reason``, which that entry keeps. ``confirm``, ``retract`` and ``correct``
    are the usual ways in; they carry over whatever they are not asked to change.
    """
    fact = _fact(session, fact_id)
    if fact.incident_id != incident_id:
        raise FactError(f"the fact '{key_label(fact.key)}' belongs to another incident")
    before = _latest(session, fact_id)
    statement = check_statement(statement)
    check_status(status)
    new = (statement, value.strip(), status, source.strip())
    if new == (before.statement, before.value, before.status, before.source):
        raise FactError(
            f"nothing was changed in the fact '{key_label(fact.key)}', so no new version was "
            "recorded"
        )
    reason = " ".join(reason.split())
    if log and status == "retracted" and before.status != "retracted":
        reason = check_reason(reason)
    after = _write(
        session, who, clock, fact_id, incident_id,
        statement=statement, value=value, status=status, source=source,
    )  # fmt: skip
    if log:
        _log(session, who, clock, incident_id, _describe(fact.key, before, after, reason))
    return _state(fact.key, after)


def correct(
    session: Session,
    who: Author,
    clock: Clock,
    fact_id: str,
    *,
    statement: str | None = None,
    value: str | None = None,
    source: str | None = None,
    status: str | None = None,
    reason: str = "",
) -> FactState:
    """Change some of a fact's statement, value, source and status; the rest carries over.

    A correction can confirm a fact or reinstate a retracted one, but not retract it:
    that is ``retract``, which asks why.
    """
    now = get(session, fact_id)
    if status == "retracted" and now.status != "retracted":
        raise FactError(f"to retract the fact '{now.label}', use retract and give the reason")
    return revise(
        session, who, clock, fact_id, _fact(session, fact_id).incident_id,
        now.statement if statement is None else statement,
        value=now.value if value is None else value,
        source=now.source if source is None else source,
        status=now.status if status is None else status,
        reason=reason,
    )  # fmt: skip


def confirm(session: Session, who: Author, clock: Clock, fact_id: str) -> FactState:
    """Mark a fact confirmed, as it stands."""
    now = get(session, fact_id)
    if now.status == "confirmed":
        raise FactError(f"the fact '{now.label}' is already confirmed")
    if now.status == "retracted":
        raise FactError(
            f"the fact '{now.label}' was retracted: correct it to reinstate it with what is "
            "now known"
        )
    return correct(session, who, clock, fact_id, status="confirmed")


def retract(session: Session, who: Author, clock: Clock, fact_id: str, reason: str) -> FactState:
    """Withdraw a fact: it stays on the sheet, marked retracted, with the reason on the
    timeline. Messages must no longer quote it."""
    now = get(session, fact_id)
    if now.status == "retracted":
        raise FactError(f"the fact '{now.label}' is already retracted")
    reason = check_reason(reason)
    return revise(
        session, who, clock, fact_id, _fact(session, fact_id).incident_id, now.statement,
        value=now.value, source=now.source, status="retracted", reason=reason,
    )  # fmt: skip


def _write(
    session: Session,
    who: Author,
    clock: Clock,
    fact_id: str,
    incident_id: str,
    *,
    statement: str,
    value: str,
    status: str,
    source: str,
) -> FactRevision:
    revision = FactRevision(
        incident_id=incident_id,
        fact_id=fact_id,
        statement=statement.strip(),
        value=value.strip(),
        status=status,
        source=source.strip(),
        **stamp(who, clock),
    )
    session.add(revision)
    session.flush()
    return revision


def _log(session: Session, who: Author, clock: Clock, incident_id: str, text: str) -> None:
    timeline.append(
        session, who, clock, incident_id, text, category=TIMELINE_CATEGORY, actor=who.name
    )


def _what(key: str, revision: FactRevision) -> str:
    if revision.value:
        return f"{key_label(key)} = {revision.value}"
    return f"{key_label(key)}: {revision.statement}"


def _describe(key: str, before: FactRevision | None, after: FactRevision, reason: str) -> str:
    """The timeline's line for a change, e.g. "Fact confirmed: records exposed = about
    1,000,000 — source: data team"."""
    source = f" — source: {after.source}" if after.source else ""
    why = f" — reason: {reason}" if reason else ""
    if before is None:
        return f"Fact added ({after.status}): {_what(key, after)}{source}"
    moved = after.status != before.status
    if moved and after.status == "retracted":
        return f"Fact retracted: {_what(key, after)}{why}"
    changes = []
    if after.value != before.value:
        changes.append(f"was {before.value or '(no value)'}, now {after.value or '(no value)'}")
    if after.statement != before.statement:
        changes.append(f"statement was “{before.statement}”, now “{after.statement}”")
    if after.source != before.source:
        changes.append(f"source was {before.source or '(none)'}, now {after.source or '(none)'}")
    if not changes:  # the status alone moved
        if before.status == "retracted":
            return f"Fact reinstated ({after.status}): {_what(key, after)}{source}{why}"
        verb = "confirmed" if after.status == "confirmed" else "marked unconfirmed"
        return f"Fact {verb}: {_what(key, after)}{source}{why}"
    if before.status == "retracted":
        verb = f"corrected and reinstated ({after.status})"
    else:
        verb = f"corrected and {after.status}" if moved else "corrected"
    return f"Fact {verb}: {key_label(key)} {'; '.join(changes)}{why}"


# --- reading ------------------------------------------------------------------------------


def keys(session: Session, incident_id: str) -> set[str]:
    return set(session.exec(select(Fact.key).where(Fact.incident_id == incident_id)))


def _fact(session: Session, fact_id: str) -> Fact:
    fact = session.get(Fact, fact_id)
    if fact is None:
        raise FactError(f"there is no fact {fact_id} in this database: reload and try again")
    return fact


def _latest(session: Session, fact_id: str) -> FactRevision:
    versions = history_of(session, FactRevision, "fact_id", fact_id)
    if not versions:
        raise FactError(f"the fact {fact_id} has no statement yet: reload and try again")
    return versions[-1]


def _state(key: str, revision: FactRevision) -> FactState:
    return FactState(
        revision.fact_id, key, revision.statement, revision.value, revision.status,
        revision.source, revision.created_at, revision.author,
    )  # fmt: skip


def get(session: Session, fact_id: str) -> FactState:
    """One fact as it stands now."""
    return _state(_fact(session, fact_id).key, _latest(session, fact_id))


def current(session: Session, incident_id: str) -> list[FactState]:
    names = {
        f.id: f.key
        for f in latest_by(session, Fact, "id", Fact.incident_id == incident_id).values()
    }
    revs = latest_by(session, FactRevision, "fact_id", FactRevision.incident_id == incident_id)
    states = [_state(names.get(fid, ""), r) for fid, r in revs.items()]
    states.sort(key=lambda f: f.key)
    return states


def history(session: Session, fact_id: str) -> list[FactVersion]:
    """Every version of a fact, oldest first: who recorded it, when, and what it said."""
    revisions = history_of(session, FactRevision, "fact_id", fact_id)
    return [
        FactVersion(
            id=r.id,
            fact_id=r.fact_id,
            statement=r.statement,
            value=r.value,
            status=r.status,
            source=r.source,
            created_at=r.created_at,
            author=r.author,
            author_role=r.author_role,
            desk_id=r.desk_id,
        )
        for r in revisions
    ]
