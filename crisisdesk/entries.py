"""A timeline entry as plain data, and the filter a reader applies to the timeline.

Nothing here builds database tables, so the window can use it before the record's
tables are loaded.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol

from crisisdesk.clock import ensure_utc


@dataclass(frozen=True, slots=True)
class Entry:
    """A timeline entry as it was just written (a plain record, cheaper than a table row)."""

    id: str
    incident_id: str
    created_at: datetime
    desk_id: str
    author: str
    author_role: str
    occurred_at: datetime
    category: str
    actor: str
    text: str
    source: str
    key_moment: str | None
    supersedes: str | None
    reason: str
    retracted: bool
    seq: int
    prev_hash: str
    hash: str


# An entry recorded this long after it happened is marked "back-dated".
BACKDATED_AFTER = timedelta(minutes=30)

# Position of a row in the newest-first order: (occurred_at, created_at, rowid) as stored.
SortKey = tuple[str, str, int]


class Filterable(Protocol):
    @property
    def category(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...


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

    def narrows(self, other: TimelineFilter) -> bool:
        """True when everything this filter shows, ``other`` shows too (only typed on)."""
        return replace(self, text=other.text) == other and self.text.lower().startswith(
            other.text.lower()
        )

    def matches(self, entry: Filterable) -> bool:
        """The same test as the SQL below, for a single new entry."""
        if self.categories is not None and entry.category not in self.categories:
            return False
        if self.actor and fold(entry.actor, self.actor) != fold(self.actor):
            return False
        if self.text:
            needle = fold(self.text)
            text, actor = fold(entry.text, self.text), fold(entry.actor, self.text)
            if needle not in text and needle not in actor:
                return False
        if self.since is not None and entry.occurred_at < self.since:
            return False
        return not (self.until is not None and entry.occurred_at >= self.until)

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.text and self.text.isascii():
            # Checked first: it rules out most rows before the correlated sub-query runs.
            clauses.append("(t.text LIKE ? ESCAPE '\\' OR t.actor LIKE ? ESCAPE '\\')")
            pattern = "%" + _escape_like(self.text) + "%"
            args += [pattern, pattern]
        elif self.text:
            # SQLite folds only ASCII case; "über" must find "Über" too.
            clauses.append("(instr(casefold(t.text), ?) > 0 OR instr(casefold(t.actor), ?) > 0)")
            args += [fold(self.text)] * 2
        if self.categories is not None:
            clauses.append(f"t.category IN ({', '.join('?' * len(self.categories))})")
            args += sorted(self.categories)
        if self.actor and self.actor.isascii():
            clauses.append("t.actor = ? COLLATE NOCASE")
            args.append(self.actor)
        elif self.actor:
            clauses.append("casefold(t.actor) = ?")
            args.append(fold(self.actor))
        if self.since is not None:
            clauses.append("t.occurred_at >= ?")
            args.append(stored_time(self.since))
        if self.until is not None:
            clauses.append("t.occurred_at < ?")
            args.append(stored_time(self.until))
        return "".join(f" AND {c}" for c in clauses), args


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold(text: str, needle: str | None = None) -> str:
    """Case-fold ``text`` the way the database compares it with ``needle`` (itself when
    None): only ASCII letters for an ASCII needle, as SQLite's LIKE and NOCASE do, and
    full Unicode case folding otherwise (the ``casefold`` SQL function)."""
    if (needle if needle is not None else text).isascii():
        return text.translate(_ASCII_LOWER)
    return text.casefold()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def stored_time(value: datetime) -> str:
    """A time as the table stores it (naive UTC text): it sorts and compares in SQL."""
    return ensure_utc(value).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def sort_key(rowid: int, entry: Entry) -> SortKey:
    return (stored_time(entry.occurred_at), stored_time(entry.created_at), rowid)


class Mark(NamedTuple):
    """An entry as the timeline's chart sees it: a slim row, cheap at 100,000."""

    id: str
    occurred_at: datetime
    category: str
    actor: str
    text: str  # the start of the text only (enough for a hover label)
    key_moment: str | None
    retracted: bool
