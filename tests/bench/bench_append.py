"""Benchmark 2: the quick-log append path against a raw ``sqlite3`` insert.

The app side is exactly what the quick-log box does: one write transaction
per entry, holding the write lock, reading the chain head, hashing, inserting
and committing. The floor inserts a row of the same shape into a table of the
same shape (same columns, keys and indexes) in its own database file, with
the same pragmas, in a BEGIN IMMEDIATE / COMMIT of its own. Both files live in
the same folder, so both pay the same disk's fsync.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchlib import Result, median, spread

from crisisdesk import incidents, timeline
from crisisdesk.clock import SystemClock
from crisisdesk.identity import Author
from crisisdesk.store import BUSY_TIMEOUT_MS, Store

BLOCKS = 10
PER_BLOCK = 50
WARMUP = 20
TARGET = 3.0
TEXT = "SOC confirms the flood has stopped; call centre queues back to normal (entry {})"

RAW_SCHEMA = """
CREATE TABLE incident (id VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE TABLE timeline_entry (
    id VARCHAR(32) NOT NULL,
    created_at DATETIME NOT NULL,
    desk_id VARCHAR(32) NOT NULL,
    author VARCHAR NOT NULL,
    author_role VARCHAR NOT NULL,
    incident_id VARCHAR NOT NULL,
    occurred_at DATETIME NOT NULL,
    category VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    key_moment VARCHAR,
    supersedes VARCHAR,
    reason VARCHAR NOT NULL,
    retracted BOOLEAN NOT NULL,
    seq INTEGER NOT NULL,
    prev_hash VARCHAR(64) NOT NULL,
    hash VARCHAR(64) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id),
    FOREIGN KEY(supersedes) REFERENCES timeline_entry (id),
    CONSTRAINT uq_timeline_desk_seq UNIQUE (desk_id, seq)
);
CREATE INDEX ix_timeline_entry_incident_id ON timeline_entry (incident_id);
CREATE INDEX ix_timeline_entry_incident_occurred ON timeline_entry (incident_id, occurred_at);
CREATE INDEX ix_timeline_entry_supersedes ON timeline_entry (supersedes);
"""
RAW_INSERT = (
    "INSERT INTO timeline_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class AppSide:
    """The real store, with one open incident to log to."""

    def __init__(self, path: Path, key: str | None = None) -> None:
        self.store = Store.open(path, key=key)
        self.who = Author("be7c4be7c4be7c4be7c4be7c4be7c401", "Bench", "Scribe")
        self.clock = SystemClock()
        with self.store.write() as s:
            self.incident_id = incidents.open_incident(s, self.who, self.clock, "Bench").id

    def append(self, i: int) -> None:
        with self.store.write() as s:
            timeline.append(s, self.who, self.clock, self.incident_id, TEXT.format(i))

    def close(self) -> None:
        self.store.close()


class RawSide:
    """Plain ``sqlite3`` with the store's pragmas, autocommit off, explicit transactions."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.conn.executescript(RAW_SCHEMA)
        self.incident_id = uuid.uuid4().hex
        self.conn.execute("INSERT INTO incident VALUES (?)", (self.incident_id,))
        self.desk_id = "be7c4be7c4be7c4be7c4be7c4be7c402"
        self.seq = 0

    def append(self, i: int) -> None:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        row = (
            uuid.uuid4().hex, now, self.desk_id, "Bench", "Scribe", self.incident_id, now,
            "note", "", TEXT.format(i), "", None, None, "", False, self.seq,
            "0" * 64, "f" * 64,
        )  # fmt: skip
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(RAW_INSERT, row)
        self.conn.execute("COMMIT")
        self.seq += 1

    def close(self) -> None:
        self.conn.close()


def time_appends(append: Callable[[int], None], start: int, count: int) -> list[float]:
    """Microseconds taken by each of ``count`` appends."""
    times = []
    for i in range(start, start + count):
        began = time.perf_counter_ns()
        append(i)
        times.append((time.perf_counter_ns() - began) / 1000)
    return times


def alternate(
    first: Callable[[int], None], second: Callable[[int], None]
) -> tuple[list[float], list[float]]:
    """Both sides' append times, measured in alternating blocks after a warm-up, so
    neither always runs on a just-busied disk."""
    time_appends(first, 0, WARMUP)  # discarded: first queries, caches, file growth
    time_appends(second, 0, WARMUP)
    first_us: list[float] = []
    second_us: list[float] = []
    for block in range(BLOCKS):
        start = WARMUP + block * PER_BLOCK
        sides = [(first, first_us), (second, second_us)]
        for append, times in sides if block % 2 == 0 else reversed(sides):
            times.extend(time_appends(append, start, PER_BLOCK))
    return first_us, second_us


def run(folder: Path) -> Result:
    total = BLOCKS * PER_BLOCK
    print(f"== append: one entry per transaction ({total} each, {BLOCKS} alternating blocks) ==")
    print(f"  files in {folder}")
    app = AppSide(folder / "app.sqlite")
    raw = RawSide(folder / "raw.sqlite")
    try:
        app_us, raw_us = alternate(app.append, raw.append)
    finally:
        app.close()
        raw.close()
    print(f"  app:   {spread(app_us, 'µs')}")
    print(f"  floor: {spread(raw_us, 'µs')}")
    result = Result("append", median(app_us), median(raw_us), "µs", TARGET)
    print(result.line())
    return result


ENCRYPTED_TARGET = 1.5


def run_encrypted(folder: Path) -> Result:
    """The same append on an encrypted store, against the same on a plain one."""
    from crisisdesk.secrets_store import new_key, raw_key

    total = BLOCKS * PER_BLOCK
    print(f"== append, encrypted store vs plain store ({total} each, alternating blocks) ==")
    encrypted = AppSide(folder / "encrypted.sqlite", key=raw_key(new_key()))
    plain = AppSide(folder / "plain.sqlite")
    try:
        enc_us, plain_us = alternate(encrypted.append, plain.append)
    finally:
        encrypted.close()
        plain.close()
    print(f"  encrypted: {spread(enc_us, 'µs')}")
    print(f"  plain:     {spread(plain_us, 'µs')}  (the floor: the same app, no encryption)")
    result = Result("append, encrypted", median(enc_us), median(plain_us), "µs", ENCRYPTED_TARGET)
    print(result.line())
    return result
