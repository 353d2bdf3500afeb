"""The timeline as CSV, for people who want it in a spreadsheet."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crisisdesk.entries import Entry, TimelineFilter, sort_key
from crisisdesk.files import written_atomically
from crisisdesk.timeline_pages import page

if TYPE_CHECKING:
    from sqlmodel import Session

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = (
    "occurred_utc",
    "recorded_utc",
    "category",
    "actor",
    "text",
    "recorded_by",
    "role",
    "desk",
    "source",
    "key_moment",
    "corrects",
    "retracted",
    "reason",
    "entry_id",
    "hash",
)


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def _cell(text: str) -> str:
    """Free text that a spreadsheet would run as a formula is written as plain text.

    During an attack, entries may quote attacker-controlled strings; "=HYPERLINK(...)"
    must not become a live link in the board's spreadsheet.
    """
    return "'" + text if text[:1] in FORMULA_STARTS else text


def row(entry: Entry) -> list[str]:
    return [
        _iso(entry.occurred_at),
        _iso(entry.created_at),
        entry.category,
        _cell(entry.actor),
        _cell(entry.text),
        _cell(entry.author),
        _cell(entry.author_role),
        entry.desk_id,
        _cell(entry.source),
        entry.key_moment or "",
        entry.supersedes or "",
        "yes" if entry.retracted else "",
        _cell(entry.reason),
        entry.id,
        entry.hash,
    ]


def export_csv(
    session: Session, incident_id: str, path: Path, flt: TimelineFilter | None = None
) -> int:
    """Write the (filtered) timeline, oldest first, to ``path``; returns the row count.

    The file is written beside the target and renamed into place, so a full disk or a
    crash never leaves a half-written export under the chosen name.
    """
    entries: list[Entry] = []
    after = None
    while batch := page(session, incident_id, flt, after=after, limit=2000):
        entries.extend(e for _, e in batch)
        after = sort_key(*batch[-1])
    entries.reverse()
    with written_atomically(path, encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(row(e) for e in entries)
    return len(entries)
