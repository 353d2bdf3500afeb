"""Opening the incident database: checks, pragmas, migrations, short sessions.

Nothing here runs at import time; every engine belongs to a ``Store`` that a
caller opened on purpose.
"""

from __future__ import annotations

import enum
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The SQLite dialect is loaded with the store, not at the first create_engine: in the
# window, Qt's bindings inspect the source of every module imported after them, and the
# dialect's two dozen modules cost about 15 ms more there, before the first paint.
import sqlalchemy.dialects.sqlite  # noqa: F401
from sqlalchemy import URL, Engine, QueuePool, create_engine, event, exc
from sqlmodel import Session

from crisisdesk import migrations

_log = logging.getLogger("crisisdesk.store")
APPLICATION_ID = 0x4344534B  # "CDSK"; also set by the first migration
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A problem with the database, worded for the person at the desk: what and how to fix."""


class NotACrisisdeskDatabase(StoreError):
    pass


class NewerDatabaseError(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    pass


class NeedsKey(NotACrisisdeskDatabase):
    """The file is not plain SQLite: an encrypted database (or not a database at all)."""

    def __init__(self, message: str, database_id: str) -> None:
        super().__init__(message)
        self.database_id = database_id


class WrongKey(StoreError):
    """The key or passphrase does not open this file; the file was not touched."""


class WriteFailed(StoreError):
    pass


class FileState(enum.Enum):
    NEW = "new"
    OLDER = "older"
    CURRENT = "current"


@dataclass(frozen=True)
class Inspection:
    state: FileState
    revision: str | None = None


# An encrypted (SQLCipher) file begins with a random salt instead of the SQLite header;
# it is the database's identity for finding its key, readable without the key.
SALT_BYTES = 16
MIN_ENCRYPTED_BYTES = 1024
RANDOM_LOOKING = 32  # distinct byte values among the first 64 of a random salt + page


def database_id(path: Path) -> str:
    """The id under which an encrypted database's key is kept: its salt, in hex."""
    with path.open("rb") as fh:
        return fh.read(SALT_BYTES).hex()


def is_encrypted(path: Path) -> bool:
    """True for an existing, non-empty file that is not plain SQLite."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(header) and not header.startswith(SQLITE_HEADER)


def raw_connection(path: Path, key: str | None, *, read_only: bool = False) -> Any:
    """A raw DB-API connection: sqlite3 for a plain file, sqlcipher3 with the key set."""
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    if key is None:
        return sqlite3.connect(uri, uri=read_only, check_same_thread=False)
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(uri, uri=read_only, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log
    conn.execute(f"PRAGMA key = {_quoted(key)}")
    return conn


def _quoted(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


def _is_driver_error(err: BaseException) -> bool:
    return isinstance(err, sqlite3.Error) or type(err).__module__.startswith("sqlcipher3")


def inspect_file(path: Path, key: str | None = None) -> Inspection:
    """Classify ``path`` without writing a single byte to it.

    A file that is not plain SQLite needs ``key``: without it ``NeedsKey`` is raised,
    with a key that does not open it ``WrongKey``.
    """
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseUnavailable(
                f"cannot create {path}: the folder {path.parent} does not exist. "
                "Create the folder first or choose another place with --db."
            )
        return Inspection(FileState.NEW)
    if path.is_dir():
        raise DatabaseUnavailable(
            f"{path} is a folder, not a database file. Name a file with --db."
        )
    size = path.stat().st_size
    if size == 0:
        return Inspection(FileState.NEW)
    with path.open("rb") as fh:
        header = fh.read(100)
    encrypted = not header.startswith(SQLITE_HEADER)
    if encrypted and (key is None or size < MIN_ENCRYPTED_BYTES):
        # An encrypted file starts with a random salt; zeros, text and the like do not.
        if size < MIN_ENCRYPTED_BYTES or len(set(header[:64])) < RANDOM_LOOKING:
            raise NotACrisisdeskDatabase(
                f"{path} is not a crisisdesk database (it is not an SQLite file at all). "
                "The file was left untouched. Open a crisisdesk database, or start a new one "
                "with --db NEW-FILE."
            )
        raise NeedsKey(
            f"{path} is not an SQLite file that can be read without a key: either it is an "
            "encrypted crisisdesk database, whose key or passphrase is needed, or it is not "
            "a crisisdesk database at all. The file was left untouched.",
            header[:SALT_BYTES].hex(),
        )
    if not encrypted:
        _check_not_truncated(path, header, size)
        key = None
    try:
        conn = raw_connection(path, key, read_only=True)
    except Exception as err:
        if not _is_driver_error(err):
            raise
        raise DatabaseUnavailable(
            f"cannot read {path}: {err}. Check the file's permissions."
        ) from err
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        revision = None
        if app_id == APPLICATION_ID and "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except Exception as err:
        if not _is_driver_error(err):
            raise
        if encrypted:
            raise WrongKey(
                f"the key or passphrase does not open {path} (or the file is damaged). "
                "The file was left untouched."
            ) from err
        raise NotACrisisdeskDatabase(
            f"{path} is damaged and cannot be read ({err}). The file was left untouched. "
            "Restore it from a backup, or start a new database with --db NEW-FILE."
        ) from err
    finally:
        conn.close()
    if app_id != APPLICATION_ID:
        if not tables:
            return Inspection(FileState.NEW)
        shown = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
        raise NotACrisisdeskDatabase(
            f"{path} belongs to another application (it holds the tables {shown}). "
            "crisisdesk left it untouched. Choose a different file with --db."
        )
    if revision == migrations.HEAD:
        return Inspection(FileState.CURRENT, revision)
    if revision in migrations.KNOWN:
        return Inspection(FileState.OLDER, revision)
    raise NewerDatabaseError(
        f"{path} was written by a newer version of crisisdesk (schema {revision or 'unknown'}); "
        f"this version knows schemas up to {migrations.HEAD}. The file was left untouched. "
        "Install the newer crisisdesk to open it."
    )


def _check_not_truncated(path: Path, header: bytes, size: int) -> None:
    if len(header) < 100:
        raise NotACrisisdeskDatabase(
            f"{path} is cut short ({size} bytes) and cannot be a complete database. "
            "The file was left untouched. Restore it from a backup."
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_count_valid = header[24:28] == header[92:96]
    if header_count_valid and pages and size < pages * page_size:
        raise NotACrisisdeskDatabase(
            f"{path} is cut short: it should hold {pages * page_size} bytes but has {size}. "
            "It may be a half-copied file. It was left untouched; restore it from a backup."
        )


def _sqlite_engine(path: Path, key: str | None = None) -> Engine:
    connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    if key is None:
        # Built, not formatted: a "?" or "%20" in a file name must stay part of the name.
        engine = create_engine(URL.create("sqlite", database=str(path)), connect_args=connect_args)
    else:
        # SQLAlchemy's SQLCipher dialect sets the key first on every new connection.
        url = URL.create("sqlite+pysqlcipher", password=key, database=str(path))
        engine = create_engine(url, connect_args=connect_args, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Sorts and temporary indexes stay in memory: no plain-text temp files on disk.
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()
        # Unicode-aware case folding for searches (SQLite's own only folds ASCII).
        dbapi_conn.create_function("casefold", 1, _casefold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front, so that reading the chain head and
        # appending after it cannot interleave with another process's append.
        immediate = conn.get_execution_options().get("crisisdesk_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _backup(path: Path, revision: str | None, key: str | None = None) -> Path:
    """Copy the database as it is, before an upgrade touches it (encrypted alike)."""
    target = path.with_name(f"{path.name}.schema-{revision}.bak")
    src = raw_connection(path, key, read_only=True)
    try:
        dst = raw_connection(target, key)
        _owner_only(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


class Store:
    """One open crisisdesk database."""

    def __init__(self, engine: Engine, path: Path, key: str | None = None) -> None:
        self.engine = engine
        self.path = path
        self._key = key  # kept only in memory, for this store's own connections
        self._writer = engine.execution_options(crisisdesk_immediate=True)
        self._version_conn: sqlite3.Connection | None = None
        self.backup_path: Path | None = None
        self.closed = False
        self._file = self._identity()

    def _identity(self) -> tuple[int, int] | None:
        try:
            status = self.path.stat()
        except OSError:
            return None
        return (status.st_dev, status.st_ino)

    def check(self) -> None:
        """Refuse to go on if the file was closed, deleted or replaced under us.

        SQLite keeps writing happily to a deleted file (and so into nothing); a sync tool
        or a restore that swaps the file in place looks the same from inside.
        """
        if self.closed:
            raise DatabaseUnavailable(f"{self.path} is closed.")
        now = self._identity()
        if now is None or now != self._file:
            raise DatabaseUnavailable(
                f"the database file {self.path} was removed or replaced by another program "
                "while it was open. To keep the record safe nothing more is written to it. "
                "Put the file back, or restart crisisdesk to open the file now at that path."
            )

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def key_text(self) -> str:
        """The key this store was opened with ("" for a plain file), for a conversion."""
        return self._key or ""

    def recovery_key(self) -> str | None:
        """The random key as a person writes it down; None for a passphrase or plain file."""
        from crisisdesk import secrets_store

        key = self._key or ""
        if key.startswith("x'") and key.endswith("'"):
            return secrets_store.recovery_text(key[2:-1].lower())
        return None

    @classmethod
    def open(
        cls, target: str | os.PathLike[str], *, create: bool = True, key: str | None = None
    ) -> Store:
        """Open (or create) the database. ``key`` opens an encrypted one, and makes a new
        file encrypted: a raw key (see ``secrets_store.raw_key``) or a passphrase."""
        text = os.fspath(target)
        if "://" in text:
            if not text.startswith("sqlite:///"):
                raise DatabaseUnavailable(
                    f"{text}: only SQLite database files are supported; give a file path with --db."
                )
            text = text.removeprefix("sqlite:///")
        path = Path(text).expanduser()
        inspection = inspect_file(path, key)
        if inspection.state is FileState.NEW and not create:
            raise DatabaseUnavailable(
                f"{path} does not exist yet. Check the path, or create a database by opening "
                "crisisdesk on it."
            )
        # A key makes a missing or empty file encrypted; a plain SQLite file stays plain.
        empty = not path.exists() or path.stat().st_size == 0
        encrypted = key is not None and (empty or is_encrypted(path))
        key = key if encrypted else None
        backup = None
        if inspection.state is FileState.OLDER:
            backup = _backup(path, inspection.revision, key)
        new = inspection.state is FileState.NEW
        if new:
            # Made owner-only before SQLite writes: its -wal and -shm take this mode.
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        else:
            for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                if part.exists():
                    _owner_only(part)
        engine = _sqlite_engine(path, key)
        store = cls(engine, path, key)
        store.backup_path = backup
        if inspection.state is not FileState.CURRENT:
            try:
                store._migrate()
            except exc.DBAPIError as err:
                engine.dispose()
                raise _translate(err, path) from err
        store._file = store._identity()  # the file exists now, even when it was new
        _log.info("opened %s (%s)", path, "encrypted" if key else "not encrypted")
        return store

    def _migrate(self) -> None:
        # Imported here: Alembic is only needed when a schema changes, not on every start.
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", "crisisdesk:migrations")
        with self.engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()

    def session(self) -> Session:
        """A short read session: ``with store.session() as s: ...``."""
        self.check()
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session whose database errors arrive as ``StoreError`` with advice."""
        try:
            with self.session() as session:
                yield session
        except exc.DBAPIError as err:
            raise _translate(err, self.path) from err
        except Exception as err:
            if not _is_driver_error(err):
                raise
            raise _translate_message(str(err), self.path) from err

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction holding the write lock; commits on success."""
        self.check()
        try:
            with Session(self._writer, expire_on_commit=False) as session:
                yield session
                session.commit()
        except exc.DBAPIError as err:
            raise _translate(err, self.path) from err
        except Exception as err:
            if not _is_driver_error(err):
                raise
            raise _translate_message(str(err), self.path) from err

    def data_version(self) -> int:
        """Changes whenever another connection commits; cheap enough to poll every second."""
        self.check()
        try:
            if self._version_conn is None:
                self._version_conn = raw_connection(self.path, self._key)
            return int(self._version_conn.execute("PRAGMA data_version").fetchone()[0])
        except Exception as err:
            if not _is_driver_error(err):
                raise
            raise _translate_message(str(err), self.path) from err

    def close(self) -> None:
        self.closed = True
        if self._version_conn is not None:
            self._version_conn.close()
            self._version_conn = None
        self.engine.dispose()


def _owner_only(path: Path) -> None:
    """Only the person who made the file may read it (SQLite gives -wal and -shm the
    same mode as the database). A no-op where POSIX modes do not apply."""
    if os.name == "posix":
        with suppress(OSError):
            path.chmod(0o600)


def _translate(err: exc.DBAPIError, path: Path) -> StoreError:
    return _translate_message(str(err.orig) if err.orig is not None else str(err), path)


def _translate_message(message: str, path: Path) -> StoreError:
    """A database error in words that say what happened to the record and what to do."""
    lowered = message.lower()
    if "append-only" in lowered:
        return WriteFailed(message)
    if "disk is full" in lowered:
        free = shutil.disk_usage(path.parent).free if path.parent.exists() else 0
        return WriteFailed(
            f"could not write to {path}: the disk is full ({free // 1024} KiB free). "
            "Nothing was recorded by this action; everything recorded before is safe. "
            "Free some disk space and try again."
        )
    if "disk i/o" in lowered:
        return WriteFailed(
            f"the disk holding {path} reported an input/output error. Nothing was recorded "
            "by this action. Check that the drive is still connected, then try again."
        )
    if "locked" in lowered or "busy" in lowered:
        return WriteFailed(
            f"{path} is busy: another program has held it for more than "
            f"{BUSY_TIMEOUT_MS // 1000} s. Nothing was recorded by this action; try again."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return WriteFailed(
            f"{path} is read-only, so nothing can be recorded. Check the file's permissions."
        )
    if "malformed" in lowered or "not a database" in lowered:
        return DatabaseUnavailable(
            f"{path} is damaged ({message}). Stop writing to it, copy it somewhere safe, "
            "and restore the latest backup."
        )
    if "unable to open" in lowered:
        return DatabaseUnavailable(
            f"{path} cannot be opened any more ({message}). Check that the file and its folder "
            "are still there."
        )
    return WriteFailed(f"the database {path} reported a problem: {message}.")
