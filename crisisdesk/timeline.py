"""The incident timeline: append, correct, read, and the per-desk hash chain.

Each desk's entries form one chain, ordered by ``seq``:

    hash = SHA-256(prev_hash || canonical JSON of the entry)

so a desk's chain verifies on its own and chains from several desks merge as
a plain union of rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, exists, insert, literal_column
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crisisdesk.clock import Clock, ensure_utc
from crisisdesk.entries import Entry
from crisisdesk.identity import Author, stamp
from crisisdesk.models import CATEGORIES, KEY_MOMENTS, TimelineEntry, new_id

__all__ = ["Entry"]

GENESIS = "0" * 64
_INSERT = insert(TimelineEntry.__table__)  # type: ignore[attr-defined]
HASHED_FIELDS = (
    "id",
    "incident_id",
    "created_at",
    "desk_id",
    "author",
    "author_role",
    "occurred_at",
    "category",
    "actor",
    "text",
    "source",
    "key_moment",
    "supersedes",
    "reason",
    "retracted",
    "seq",
)
MAX_TEXT = 20_000


class EntryError(ValueError):
    """An entry that cannot be recorded as given; the message says what to change."""


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return ensure_utc(value).isoformat(timespec="microseconds")
    return value


def canonical_json(entry: TimelineEntry | Entry | Mapping[str, Any]) -> bytes:
    values = entry if isinstance(entry, Mapping) else {n: getattr(entry, n) for n in HASHED_FIELDS}
    data = {name: _canonical_value(values[name]) for name in HASHED_FIELDS}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def chain_hash(prev_hash: str, entry: TimelineEntry | Entry | Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(entry)).hexdigest()


def _validate(text: str, category: str, key_moment: str | None) -> str:
    text = text.strip()
    if not text:
        raise EntryError("the entry has no text: say what happened")
    if len(text) > MAX_TEXT:
        raise EntryError(f"the entry is {len(text)} characters long; the limit is {MAX_TEXT}")
    if category not in CATEGORIES:
        raise EntryError(f"unknown category {category!r}: use one of {', '.join(CATEGORIES)}")
    if key_moment is not None and key_moment not in KEY_MOMENTS:
        raise EntryError(f"unknown key moment {key_moment!r}: use one of {', '.join(KEY_MOMENTS)}")
    return text


def _head(conn: Connection, desk_id: str) -> tuple[int, str]:
    # Straight to the driver, inside the caller's transaction: this runs on every append,
    # and SQLAlchemy's statement machinery costs far more than the indexed lookup itself.
    driver = conn.connection.driver_connection
    assert driver is not None
    row = driver.execute(
        "SELECT seq, hash FROM timeline_entry WHERE desk_id = ? ORDER BY seq DESC LIMIT 1",
        (desk_id,),
    ).fetchone()
    if row is None:
        return -1, GENESIS
    return int(row[0]), str(row[1])


def append(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    text: str,
    *,
    category: str = "note",
    occurred_at: datetime | None = None,
    actor: str = "",
    source: str = "",
    key_moment: str | None = None,
    supersedes: str | None = None,
    reason: str = "",
    retracted: bool = False,
) -> Entry:
    """Add an entry to the end of this desk's chain (inside the caller's write transaction)."""
    text = _validate(text, category, key_moment)
    fields = stamp(who, clock)
    conn = session.connection()
    seq, prev_hash = _head(conn, who.desk_id)
    values: dict[str, Any] = {
        "id": new_id(),
        "incident_id": incident_id,
        "occurred_at": ensure_utc(occurred_at) if occurred_at else fields["created_at"],
        "category": category,
        "actor": actor.strip(),
        "text": text,
        "source": source.strip(),
        "key_moment": key_moment,
        "supersedes": supersedes,
        "reason": reason.strip(),
        "retracted": retracted,
        "seq": seq + 1,
        "prev_hash": prev_hash,
        **fields,
    }
    values["hash"] = chain_hash(prev_hash, values)
    # A Core insert: the ORM's unit of work adds nothing for a row that is never changed.
    conn.execute(_INSERT, values)
    return Entry(**values)


def correct(
    session: Session,
    who: Author,
    clock: Clock,
    entry_id: str,
    *,
    reason: str = "",
    retract: bool = False,
    **changes: Any,
) -> Entry:
    """Record a new version of an entry; the old one stays, superseded."""
    old = session.get(TimelineEntry, entry_id)
    if old is None:
        raise EntryError(f"no timeline entry {entry_id}")
    if superseded_by(session, entry_id):
        raise EntryError("that entry was already corrected: correct its latest version instead")
    allowed = {"text", "category", "occurred_at", "actor", "source", "key_moment"}
    unknown = set(changes) - allowed
    if unknown:
        raise EntryError(f"these fields cannot be corrected: {', '.join(sorted(unknown))}")
    values = {name: getattr(old, name) for name in allowed} | changes
    return append(
        session,
        who,
        clock,
        old.incident_id,
        supersedes=old.id,
        reason=reason,
        retracted=retract,
        **values,
    )


def superseded_by(session: Session, entry_id: str) -> list[TimelineEntry]:
    return list(session.exec(select(TimelineEntry).where(TimelineEntry.supersedes == entry_id)))


def current_entries(
    session: Session, incident_id: str, *, after_rowid: int = 0
) -> list[tuple[int, TimelineEntry]]:
    """The latest version of every entry, oldest first, with each row's rowid.

    ``after_rowid`` limits the answer to rows written since a previous read, so a
    view can take in new entries without reading everything again.
    """
    newer = aliased(TimelineEntry)
    rowid: ColumnElement[int] = literal_column("timeline_entry.rowid")
    query = (
        select(rowid, TimelineEntry)
        .where(TimelineEntry.incident_id == incident_id)
        .where(~exists().where(col(newer.supersedes) == col(TimelineEntry.id)))
        .order_by(col(TimelineEntry.occurred_at), col(TimelineEntry.created_at))
    )
    if after_rowid:
        query = query.where(rowid > after_rowid)
    return [(int(r), e) for r, e in session.exec(query)]


def new_since(
    session: Session, incident_id: str, after_rowid: int
) -> list[tuple[int, TimelineEntry]]:
    """Every row written after ``after_rowid``, current or not, in the order written."""
    rowid: ColumnElement[int] = literal_column("timeline_entry.rowid")
    query = (
        select(rowid, TimelineEntry)
        .where(TimelineEntry.incident_id == incident_id)
        .where(rowid > after_rowid)
        .order_by(rowid)
    )
    return [(int(r), e) for r, e in session.exec(query)]


def history(session: Session, entry_id: str) -> list[TimelineEntry]:
    """Every version of an entry, oldest first, ending with ``entry_id`` itself."""
    versions: list[TimelineEntry] = []
    current = session.get(TimelineEntry, entry_id)
    while current is not None:
        versions.append(current)
        current = session.get(TimelineEntry, current.supersedes) if current.supersedes else None
    versions.reverse()
    return versions


@dataclass(frozen=True)
class ChainReport:
    desk_id: str
    count: int
    head_hash: str
    broken_entry: str | None = None
    broken_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_entry is None and not self.problem


def verify_entries(entries: Iterable[TimelineEntry]) -> list[ChainReport]:
    """Check every desk's chain; ``entries`` may come in any order."""
    by_desk: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        by_desk.setdefault(entry.desk_id, []).append(entry)
    reports = []
    for desk_id in sorted(by_desk):
        chain = sorted(by_desk[desk_id], key=lambda e: e.seq)
        reports.append(_verify_chain(desk_id, chain))
    return reports


def _verify_chain(desk_id: str, chain: list[TimelineEntry]) -> ChainReport:
    prev = GENESIS
    for expected_seq, entry in enumerate(chain):
        problem = ""
        if entry.seq != expected_seq:
            problem = (
                f"entry #{expected_seq} is missing (the chain jumps to #{entry.seq})"
                if entry.seq > expected_seq
                else f"entry #{entry.seq} appears twice"
            )
        elif entry.prev_hash != prev:
            problem = f"entry #{entry.seq} does not follow the entry before it"
        elif chain_hash(prev, entry) != entry.hash:
            problem = f"entry #{entry.seq} was changed after it was recorded"
        if problem:
            return ChainReport(desk_id, len(chain), chain[-1].hash, entry.id, entry.seq, problem)
        prev = entry.hash
    return ChainReport(desk_id, len(chain), prev)


def verify(session: Session) -> list[ChainReport]:
    return verify_entries(session.exec(select(TimelineEntry)))
