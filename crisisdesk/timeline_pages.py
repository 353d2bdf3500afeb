"""Reading a long timeline a page at a time, newest first, with filters applied in SQL.

A view shows the newest entries at once and fetches older ones as the reader scrolls,
so opening an incident of 100,000 entries reads one page, not the whole table. The
queries go straight to the SQLite driver: they run on every scroll and keystroke, and
the ORM's per-row cost would dominate them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from crisisdesk.entries import Entry, Mark, SortKey, TimelineFilter

if TYPE_CHECKING:
    from sqlmodel import Session

FIRST_PAGE = 60  # enough to fill a tall screen; the rest come as the reader scrolls
PAGE = 200
MARK_TEXT = 100  # characters of text the chart keeps: what its hover label shows
COLUMNS = (
    "id, incident_id, created_at, desk_id, author, author_role, occurred_at, category, actor, "
    "text, source, key_moment, supersedes, reason, retracted, seq, prev_hash, hash"
)


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


def page(
    session: Session,
    incident_id: str,
    flt: TimelineFilter | None = None,
    *,
    after: SortKey | None = None,
    limit: int = PAGE,
) -> list[tuple[int, Entry]]:
    """Current entries, newest first, starting just past ``after`` (the last one shown)."""
    where, args = (flt or TimelineFilter()).sql()
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


def first_versions(
    session: Session, entries: Sequence[Entry]
) -> dict[str, tuple[datetime, datetime]]:
    """For each correction among ``entries``: when its original was recorded and when that
    said it happened. Whether an entry was back-dated is a question about the original: a
    correction made hours later does not make it so."""
    driver = _driver(session)
    # current id -> the oldest version found so far (its id, and what it supersedes)
    walking = {e.id: e.supersedes for e in entries if e.supersedes}
    found: dict[str, tuple[datetime, datetime]] = {}
    while walking:
        ids = sorted(set(walking.values()))
        rows = {
            str(r[0]): r[1:]
            for r in driver.execute(
                "SELECT id, supersedes, created_at, occurred_at FROM timeline_entry "
                f"WHERE id IN ({', '.join('?' * len(ids))})",
                ids,
            )
        }
        onward: dict[str, str] = {}
        for current, older in walking.items():
            if older not in rows:
                continue  # a broken chain: the verifier reports it; the row keeps its own
            supersedes, created, occurred = rows[older]
            found[current] = (_time(created), _time(occurred))
            if supersedes:
                onward[current] = supersedes
        walking = onward
    return found


def last_rowid(session: Session) -> int:
    row = _driver(session).execute("SELECT max(rowid) FROM timeline_entry").fetchone()
    return int(row[0] or 0)


def count_current(session: Session, incident_id: str) -> int:
    """How many entries the incident has, counting each corrected entry once."""
    driver = _driver(session)
    total = driver.execute(
        "SELECT count(*) FROM timeline_entry WHERE incident_id = ?", (incident_id,)
    ).fetchone()[0]
    # "> ''" rather than IS NOT NULL, so SQLite walks the supersedes index (corrections
    # only) instead of every entry of the incident.
    replaced = driver.execute(
        "SELECT count(DISTINCT supersedes) FROM timeline_entry "
        "WHERE supersedes > '' AND +incident_id = ?",
        (incident_id,),
    ).fetchone()[0]
    return int(total) - int(replaced)


def actors(session: Session, incident_id: str) -> list[str]:
    """Every actor named on the incident's timeline, for completion and filtering."""
    rows = (
        _driver(session)
        .execute(
            "SELECT DISTINCT actor FROM timeline_entry WHERE incident_id = ? AND actor != ''",
            (incident_id,),
        )
        .fetchall()
    )
    return sorted((str(r[0]) for r in rows), key=str.lower)


def marks(session: Session, incident_id: str) -> Iterator[Mark]:
    """Every current entry of the incident, oldest first, as the chart's slim rows, read
    one at a time (use them while the session is open): a caller that keeps only what it
    needs never holds 100,000 of them.

    At 100,000 entries this takes a noticeable fraction of a second: run it off the GUI
    thread.
    """
    cursor = _driver(session).execute(
        "SELECT t.id, t.occurred_at, t.category, t.actor, substr(t.text, 1, ?), t.key_moment, "
        "t.retracted FROM timeline_entry t WHERE t.incident_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM timeline_entry c WHERE c.supersedes = t.id) ORDER BY t.occurred_at",
        (MARK_TEXT, incident_id),
    )
    for row in cursor:
        yield _mark(row)


def mark(session: Session, entry_id: str) -> Mark | None:
    """One entry as a chart row (for a hover label)."""
    row = (
        _driver(session)
        .execute(
            "SELECT id, occurred_at, category, actor, substr(text, 1, ?), key_moment, retracted "
            "FROM timeline_entry WHERE id = ?",
            (MARK_TEXT, entry_id),
        )
        .fetchone()
    )
    return None if row is None else _mark(row)


def _mark(row: Sequence[Any]) -> Mark:
    id_, occurred, category, actor, text, key_moment, retracted = row
    return Mark(id_, _time(occurred), category, actor, text, key_moment, bool(retracted))


def key_moments(session: Session, incident_id: str) -> dict[str, datetime]:
    """When each key moment happened, from the current (not retracted) entries marked so.

    Where one kind is marked more than once, the earliest counts: a clock starts at the
    first moment the company knew.
    """
    rows = (
        _driver(session)
        .execute(
            "SELECT t.key_moment, min(t.occurred_at) FROM timeline_entry t "
            "WHERE t.incident_id = ? AND t.key_moment IS NOT NULL AND t.retracted = 0 "
            "AND NOT EXISTS (SELECT 1 FROM timeline_entry c WHERE c.supersedes = t.id) "
            "GROUP BY t.key_moment",
            (incident_id,),
        )
        .fetchall()
    )
    return {str(kind): _time(at) for kind, at in rows}
