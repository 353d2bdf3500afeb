"""Turning a plain database into an encrypted one and back, without risking the record.

The new file is written beside the old one, then checked: it opens with its key, every
table holds the same number of rows, and every desk's hash chain verifies. Only then
does it take the old file's name, in one rename. If anything fails, the old file is
exactly as it was.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from crisisdesk import secrets_store
from crisisdesk.store import (
    APPLICATION_ID,
    DatabaseUnavailable,
    FileState,
    Store,
    StoreError,
    database_id,
    inspect_file,
    is_encrypted,
    raw_connection,
)
from crisisdesk.unlock import Ask, open_database, passphrase_problem


class ConversionFailed(StoreError):
    pass


def _counts(conn: object) -> dict[str, int]:
    cursor = conn.execute  # type: ignore[attr-defined]
    tables = [r[0] for r in cursor("SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: int(cursor(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def _checkpoint(store: Store) -> None:
    """Fold the write-ahead log into the file, so the file alone holds everything."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _export(source: Store, target: Path, target_key: str) -> None:
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(source.path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if source.encrypted:
            conn.execute(f"PRAGMA key = {_quote(source.key_text())}")
        conn.execute(f"ATTACH DATABASE {_quote(str(target))} AS converted KEY {_quote(target_key)}")
        conn.execute("SELECT sqlcipher_export('converted')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute(f"PRAGMA converted.application_id = {APPLICATION_ID}")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _verify(source: Store, target: Path, target_key: str | None) -> None:
    from crisisdesk import timeline

    inspect_file(target, target_key)  # opens, and is a crisisdesk database at HEAD
    converted = Store.open(target, create=False, key=target_key)
    try:
        with source.engine.connect() as a, converted.engine.connect() as b:
            before = _counts(a.connection.driver_connection)
            after = _counts(b.connection.driver_connection)
        if before != after:
            raise ConversionFailed(f"the converted copy lost rows ({before} ≠ {after})")
        with converted.read() as session:
            broken = [r for r in timeline.verify(session) if not r.intact]
        if broken:
            raise ConversionFailed(f"a hash chain does not verify in the copy: {broken[0].problem}")
    finally:
        converted.close()


def _hold_writes(source: Store) -> Any:
    """Take the write lock and keep it until the swap: a write from another window or
    terminal during the conversion would otherwise land in the file about to be replaced.
    Those writers wait, then report the database busy; nothing is lost silently."""
    lock = raw_connection(source.path, source.key_text() or None)
    lock.isolation_level = None
    lock.execute("BEGIN IMMEDIATE")
    return lock


def _swap(source: Store, target: Path) -> None:
    path = source.path
    source.close()
    os.replace(target, path)
    for part in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        part.unlink(missing_ok=True)


def encrypt(path: Path, *, ask: Ask | None = None) -> str:
    """Encrypt a plain database in place; returns where its key is kept."""
    if not path.exists() or inspect_file(path).state is FileState.NEW:
        raise DatabaseUnavailable(f"{path} does not hold a database to encrypt.")
    if is_encrypted(path):
        raise DatabaseUnavailable(f"{path} is already encrypted.")
    source = Store.open(path, create=False)
    target = path.with_name(f".{path.name}.encrypting")
    target.unlink(missing_ok=True)
    lock = None
    try:
        _checkpoint(source)
        lock = _hold_writes(source)
        if secrets_store.usable():
            key_hex = secrets_store.new_key()
            key = secrets_store.raw_key(key_hex)
            where = "the keyring"
        else:
            given = os.environ.get("CRISISDESK_PASSPHRASE") or (
                ask("Choose a passphrase for the encrypted database.", 1, new=True) if ask else None
            )
            if not given:
                raise ConversionFailed("no keyring and no passphrase: nothing was changed")
            problem = passphrase_problem(given)
            if problem:
                raise ConversionFailed(f"nothing was changed: {problem}")
            key_hex, key, where = "", given, "your passphrase"
        fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        _export(source, target, key)
        _verify(source, target, key)
        if key_hex:
            secrets_store.store_database_key(database_id(target), key_hex)
        _swap(source, target)
        return where
    except BaseException:
        source.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        if lock is not None:
            lock.close()


def decrypt(path: Path, *, ask: Ask | None = None) -> None:
    """Make an encrypted database plain in place (for a shared wall PC, say)."""
    if not is_encrypted(path):
        raise DatabaseUnavailable(f"{path} is not encrypted.")
    source = open_database(path, create=False, ask=ask)
    old_id = database_id(path)
    target = path.with_name(f".{path.name}.decrypting")
    target.unlink(missing_ok=True)
    lock = None
    try:
        _checkpoint(source)
        lock = _hold_writes(source)
        fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        _export(source, target, "")
        _verify(source, target, None)
        _swap(source, target)
    except BaseException:
        source.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        if lock is not None:
            lock.close()
    secrets_store.forget_database_key(old_id)
