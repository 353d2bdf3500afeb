"""Reading a long timeline a page at a time, newest first, with filters applied in SQL.

A view shows the newest entries at once and fetches older ones as the reader scrolls,
so opening an incident of 100,000 entries reads one page, not the whole table. The
queries go straight to the SQLite driver: they run on every scroll and keystroke, and
the ORM's per-row cost would dominate them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from crisisdesk.clock import ensure_utc
from crisisdesk.timeline import Entry

PAGE = 200
COLUMNS = (
    "id, incident_id, created_at, desk_id, author, author_role, occurred_at, category, actor, "
    "text, source, key_moment, supersedes, reason, retracted, seq, prev_hash, hash"
)
# Position of a row in the newest-first order: (occurred_at, created_at, rowid) as stored.
SortKey = tuple[str, str, int]


@dataclass(frozen=True)
class TimelineFilter:
    """What the reader asked to see; the default shows everything."""

    categories: frozenset[str] | None = None
    actor: str = ""
    text: str = ""
    since: datetime | None = None
    until: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return self == TimelineFilter()

    def matches(self, entry: Entry) -> bool:
        """The same test as the SQL below, for a single new entry."""
        if self.categories is not None and entry.category not in self.categories:
            return False
        if self.actor and entry.actor.lower() != self.actor.lower():
            return False
        needle = self.text.lower()
        if needle and needle not in entry.text.lower() and needle not in entry.actor.lower():
            return False
        if self.since is not None and entry.occurred_at < self.since:
            return False
        return not (self.until is not None and entry.occurred_at >= self.until)

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.text:
            # Checked first: it rules out most rows before the correlated sub-query runs.
            clauses.append("(t.text LIKE ? ESCAPE '\\' OR t.actor LIKE ? ESCAPE '\\')")
            pattern = "%" + _escape_like(self.text) + "%"
            args += [pattern, pattern]
        if self.categories is not None:
            clauses.append(f"t.category IN ({', '.join('?' * len(self.categories))})")
            args += sorted(self.categories)
        if self.actor:
            clauses.append("t.actor = ? COLLATE NOCASE")
            args.append(self.actor)
        if self.since is not None:
            clauses.append("t.occurred_at >= ?")
            args.append(_stored(self.since))
        if self.until is not None:
            clauses.append("t.occurred_at < ?")
            args.append(_stored(self.until))
        return "".join(f" AND {c}" for c in clauses), args


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _stored(value: datetime) -> str:
    """A time as the table stores it (naive UTC text), for comparisons in SQL."""
    return ensure_utc(value).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _driver(session: Session) -> Any:
    return session.connection().connection.driver_connection


def _entry(row: Sequence[Any]) -> Entry:
    (id_, incident_id, created, desk_id, author, role, occurred, category, actor, text, source,
     key_moment, supersedes, reason, retracted, seq, prev_hash, hash_) = row  # fmt: skip
    return Entry(
        id=id_, incident_id=incident_id, created_at=_time(created), desk_id=desk_id,
        author=author, author_role=role, occurred_at=_time(occurred), category=category,
        actor=actor, text=text, source=source, key_moment=key_moment, supersedes=supersedes,
        reason=reason, retracted=bool(retracted), seq=int(seq), prev_hash=prev_hash, hash=hash_,
    )  # fmt: skip


def sort_key(rowid: int, entry: Entry) -> SortKey:
    return (_stored(entry.occurred_at), _stored(entry.created_at), rowid)


def page(
    session: Session,
    incident_id: str,
    flt: TimelineFilter = TimelineFilter(),
    *,
    after: SortKey | None = None,
    limit: int = PAGE,
) -> list[tuple[int, Entry]]:
    """Current entries, newest first, starting just past ``after`` (the last one shown)."""
    where, args = flt.sql()
    if after is not None:
        where += " AND (t.occurred_at, t.created_at, t.rowid) < (?, ?, ?)"
        args += list(after)
    sql = (
        f"SELECT t.rowid, {', '.join('t.' + c.strip() for c in COLUMNS.split(','))} "
        "FROM timeline_entry t WHERE t.incident_id = ?"
        f"{where} AND NOT EXISTS (SELECT 1 FROM timeline_entry c WHERE c.supersedes = t.id) "
        "ORDER BY t.occurred_at DESC, t.created_at DESC, t.rowid DESC LIMIT ?"
    )
    rows = _driver(session).execute(sql, [incident_id, *args, limit]).fetchall()
    return [(int(r[0]), _entry(r[1:])) for r in rows]


def written_since(session: Session, incident_id: str, rowid: int) -> list[tuple[int, Entry]]:
    """Every row written after ``rowid``, current or not, in the order written."""
    rows = (
        _driver(session)
        .execute(
            f"SELECT rowid, {COLUMNS} FROM timeline_entry WHERE incident_id = ? AND rowid > ? "
            "ORDER BY rowid",
            (incident_id, rowid),
        )
        .fetchall()
    )
    return [(int(r[0]), _entry(r[1:])) for r in rows]


def last_rowid(session: Session) -> int:
    row = _driver(session).execute("SELECT max(rowid) FROM timeline_entry").fetchone()
    return int(row[0] or 0)


def count_current(session: Session, incident_id: str) -> int:
    """How many entries the incident has, counting each corrected entry once."""
    driver = _driver(session)
    total = driver.execute(
        "SELECT count(*) FROM timeline_entry WHERE incident_id = ?", (incident_id,)
    ).fetchone()[0]
    replaced = driver.execute(
        "SELECT count(DISTINCT supersedes) FROM timeline_entry "
        "WHERE incident_id = ? AND supersedes IS NOT NULL",
        (incident_id,),
    ).fetchone()[0]
    return int(total) - int(replaced)
