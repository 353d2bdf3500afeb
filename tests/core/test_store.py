"""Opening databases: new, current, older, newer, foreign, damaged; pragmas; append-only."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlmodel import SQLModel

from crisisdesk import checklists, drafts, facts, incidents, migrations, stakeholders, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.models import APPEND_ONLY_TABLES
from crisisdesk.playbooks import Playbook
from crisisdesk.store import (
    APPLICATION_ID,
    DatabaseUnavailable,
    NewerDatabaseError,
    NotACrisisdeskDatabase,
    Store,
    WriteFailed,
)

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "crisisdesk:migrations")
    return config


def _first_schema(path: Path) -> Path:
    """A database as the first released schema left it."""
    engine = create_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
    engine.dispose()
    return path


def test_new_database_gets_schema_marker_and_pragmas(store: Store) -> None:
    raw = sqlite3.connect(store.path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrations.HEAD
    raw.close()
    with store.session() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert (conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 1000


def test_head_constant_matches_the_migration_scripts() -> None:
    script = ScriptDirectory.from_config(_alembic_config())
    assert script.get_current_head() == migrations.HEAD
    assert {rev.revision for rev in script.walk_revisions()} == set(migrations.KNOWN)


def test_migrations_build_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, SQLModel.metadata)
    assert diffs == []


def _populate(store: Store, who: Author, clock: FixedClock) -> None:
    """Put at least one row in every append-only table."""
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        ids = stakeholders.add_defaults(
            session, who, clock, inc.id, stakeholders.load_default_groups()
        )
        draft = drafts.create(
            session,
            who,
            clock,
            inc.id,
            title="Notice",
            audience="customers",
            channel="email",
            body="We are sorry.",
        )
        rev = drafts.current(session, inc.id)[0].revision_id
        assert draft
        stakeholders.log_update(
            session,
            who,
            clock,
            inc.id,
            ids[0],
            channel="email",
            summary="Notice sent",
            draft_revision_id=rev,
        )
        facts.add(session, who, clock, inc.id, "customers_offline", "About 400,000 offline")
        playbook = Playbook.model_validate(
            {
                "id": "p",
                "title": "P",
                "version": "1",
                "phase": [{"id": "a", "title": "A", "step": [{"id": "s1", "title": "S1"}]}],
            }
        )
        run = checklists.start_run(session, who, clock, inc.id, playbook)
        checklists.record_step(session, who, clock, run, "s1", "done")


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_database_refuses_update_and_delete(
    store: Store, who: Author, clock: FixedClock, table: str
) -> None:
    _populate(store, who, clock)
    raw = sqlite3.connect(store.path)
    assert raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] > 0
    for statement in (f'UPDATE "{table}" SET author = author', f'DELETE FROM "{table}"'):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(statement)
    raw.close()


def test_no_code_updates_or_deletes_records() -> None:
    pattern = re.compile(
        r"""(\bsession\.delete\(|(?<!\.)\bdelete\(|(?<!\.)\bupdate\(\s*[A-Z]|["']\s*(UPDATE|DELETE)\s)"""
    )
    offenders = []
    for folder in ("crisisdesk", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line) and "draft_autosave" not in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    # The migration names UPDATE and DELETE only to forbid them.
    offenders = [o for o in offenders if "BEFORE {action}" not in o and "versions/" not in o]
    assert offenders == []


def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(bytes(range(256)) * 64)
    before = _snapshot(path)
    with pytest.raises(NotACrisisdeskDatabase, match="not an SQLite file"):
        Store.open(path)
    assert _snapshot(path) == before
    assert not Path(f"{path}-wal").exists()


def test_another_apps_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    raw.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    raw.commit()
    raw.close()
    before = _snapshot(path)
    with pytest.raises(NotACrisisdeskDatabase, match=r"another application.*moz_places"):
        Store.open(path)
    assert _snapshot(path) == before


def test_truncated_database_is_refused_untouched(
    tmp_path: Path, store: Store, who: Author, clock: FixedClock
) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        for i in range(200):
            timeline.append(session, who, clock, inc.id, f"entry {i} " + "x" * 200)
    store.close()
    # Fold the WAL into the main file, as a copy tool would see it.
    raw = sqlite3.connect(store.path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    data = store.path.read_bytes()
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(data[: len(data) // 2])
    before = _snapshot(cut)
    with pytest.raises(NotACrisisdeskDatabase, match="cut short"):
        Store.open(cut)
    assert _snapshot(cut) == before


def test_newer_database_is_refused_untouched(store: Store) -> None:
    store.close()
    raw = sqlite3.connect(store.path)
    raw.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    raw.commit()
    raw.close()
    before = _snapshot(store.path)
    with pytest.raises(NewerDatabaseError, match="newer version of crisisdesk"):
        Store.open(store.path)
    assert _snapshot(store.path) == before


def test_older_database_is_upgraded_with_a_backup(
    tmp_path: Path, who: Author, clock: FixedClock
) -> None:
    path = _first_schema(tmp_path / "old.sqlite")
    old = Store.open(path)  # sees 0001 and upgrades...
    assert old.backup_path is not None
    assert old.backup_path.exists()
    with old.write() as session:
        inc = incidents.open_incident(session, who, clock, "Kept across upgrades")
    old.close()
    backup = sqlite3.connect(old.backup_path)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_initial"
    backup.close()

    reopened = Store.open(path)
    with reopened.session() as session:
        assert incidents.current(session, inc.id).title == "Kept across upgrades"
        indexes = {
            r[0]
            for r in session.connection().exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='index'"
            )
        }
    assert "ix_timeline_entry_incident_occurred" in indexes
    reopened.close()


def test_data_of_an_older_schema_survives_upgrade(tmp_path: Path) -> None:
    path = _first_schema(tmp_path / "old.sqlite")
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO incident (id, created_at, desk_id, author, author_role) "
        "VALUES ('i1', '2026-01-01 00:00:00.000000', ?, 'Old', '')",
        ("c" * 32,),
    )
    raw.commit()
    raw.close()
    upgraded = Store.open(path)
    with upgraded.session() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM incident").scalar()
    upgraded.close()
    assert count == 1


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "x.sqlite")


def test_existing_only_refuses_to_create(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="does not exist yet"):
        Store.open(tmp_path / "x.sqlite", create=False)
    assert not (tmp_path / "x.sqlite").exists()


def test_full_disk_keeps_what_was_recorded(store: Store, who: Author, clock: FixedClock) -> None:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        timeline.append(session, who, clock, inc.id, "recorded before the disk filled")
    pages = sqlite3.connect(store.path).execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 1}")

    store.engine.dispose()

    def fill_the_disk() -> None:
        with store.write() as session:
            for i in range(50):
                clock.advance(timedelta(seconds=1))
                timeline.append(session, who, clock, inc.id, f"big {i} " + "y" * 4000)

    with pytest.raises(WriteFailed, match=r"disk is full.*everything recorded before is safe"):
        fill_the_disk()
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
    with store.session() as session:
        texts = [e.text for _, e in timeline.current_entries(session, inc.id)]
        assert texts[-1] == "recorded before the disk filled"
        assert all(r.intact for r in timeline.verify(session))


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_file_removed_under_an_open_store_is_not_written_to(
    store: Store, who: Author, clock: FixedClock, how: str
) -> None:
    with store.write() as session:
        incidents.open_incident(session, who, clock, "Outage")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    if how == "replaced":
        Store.open(store.path).close()  # a different file now sits at the same path
    with pytest.raises(DatabaseUnavailable, match="removed or replaced"), store.write() as session:
        incidents.open_incident(session, who, clock, "Lost?")
    with pytest.raises(DatabaseUnavailable, match="removed or replaced"):
        store.data_version()


def test_closed_store_refuses_reads(store: Store) -> None:
    store.close()
    with pytest.raises(DatabaseUnavailable, match="closed"), store.read():
        pass


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("disk I/O error", "input/output error"),
        ("database disk image is malformed", "damaged"),
        ("attempt to write a readonly database", "read-only"),
        ("database is locked", "busy"),
    ],
)
def test_database_errors_are_worded_for_people(store: Store, message: str, expected: str) -> None:
    from crisisdesk.store import _translate_message

    assert expected in str(_translate_message(message, store.path))
