"""Opening a database with its key: from the keyring, else a passphrase, three tries.

New databases are encrypted unless the caller asks for a plain one (the fictional demo,
or a shared wall PC by explicit choice). The key of a new database is random and kept
in the operating system's keyring; where there is no usable keyring the person chooses
a passphrase instead (SQLCipher derives the key from it), and nothing is stored.
``CRISISDESK_PASSPHRASE`` gives the passphrase to scripts and headless machines.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Protocol

from crisisdesk.store import (
    DatabaseUnavailable,
    FileState,
    NeedsKey,
    Store,
    StoreError,
    WrongKey,
    database_id,
    inspect_file,
)

_log = logging.getLogger("crisisdesk.unlock")
PASSPHRASE_ENV = "CRISISDESK_PASSPHRASE"
TRIES = 3
MIN_PASSPHRASE = 10


class Ask(Protocol):
    def __call__(self, reason: str, attempt: int, *, new: bool) -> str | None:
        """A passphrase (or recovery key) from the person; None if they cancel."""


class KeyNotGiven(StoreError):
    pass


NO_KEYRING = (
    "This computer has no keyring to keep the database key in (on Linux: no Secret "
    "Service is running). Choose a passphrase instead; you will type it each time the "
    "database is opened. It is never stored."
)


def _key_for(text: str) -> str:
    """What the person typed, as SQLCipher takes it: a recovery key is the raw key."""
    from crisisdesk import secrets_store

    hex_key = secrets_store.from_recovery(text)
    return secrets_store.raw_key(hex_key) if hex_key else text


def open_database(
    path: Path,
    *,
    create: bool = True,
    encrypt_new: bool = True,
    ask: Ask | None = None,
) -> Store:
    """Open ``path``, finding the key of an encrypted file; create it if it is new."""
    _remove_interrupted_conversions(path)
    try:
        inspection = inspect_file(path)
    except NeedsKey as needs:
        try:
            return _open_encrypted(path, needs.database_id, ask)
        except KeyNotGiven as err:
            raise KeyNotGiven(f"{needs} {err}") from err
    empty = not path.exists() or path.stat().st_size == 0
    if inspection.state is not FileState.NEW or not create or not encrypt_new or not empty:
        return Store.open(path, create=create)  # an empty plain SQLite file stays plain
    return _create_encrypted(path, ask)


def _open_encrypted(path: Path, db_id: str, ask: Ask | None) -> Store:
    # The keyring is loaded only for encrypted files: a plain one opens without it.
    from crisisdesk import secrets_store

    stored = secrets_store.database_key(db_id)
    if stored:
        with contextlib.suppress(WrongKey):
            store = Store.open(path, create=False, key=secrets_store.raw_key(stored))
            if store.backup_path is not None:
                # The copy kept before an upgrade has a salt of its own: keep its key too.
                with contextlib.suppress(secrets_store.KeyringUnavailable):
                    secrets_store.store_database_key(database_id(store.backup_path), stored)
            return store
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        try:
            return Store.open(path, create=False, key=_key_for(given))
        except WrongKey as err:
            raise WrongKey(
                f"{PASSPHRASE_ENV} does not open {path}: check the passphrase. "
                "The file was left untouched."
            ) from err
    if ask is None:
        raise KeyNotGiven(
            f"{path} is encrypted and this computer's keyring has no key for it. Give its "
            f"passphrase or recovery key in {PASSPHRASE_ENV}, or open it in the app."
        )
    reason = f"{path.name} is encrypted. Type its passphrase, or the recovery key."
    for attempt in range(1, TRIES + 1):
        typed = ask(reason, attempt, new=False)
        if typed is None:
            raise KeyNotGiven(f"{path} was not opened: no passphrase was given.")
        try:
            return Store.open(path, create=False, key=_key_for(typed))
        except WrongKey:
            _log.warning("a passphrase did not open %s (try %d of %d)", path, attempt, TRIES)
            reason = f"That does not open {path.name}. Try again ({attempt + 1} of {TRIES})."
    raise WrongKey(
        f"{TRIES} passphrases did not open {path}. The file was left untouched. If the "
        "passphrase is lost, the written-down recovery key opens it too."
    )


def _create_encrypted(path: Path, ask: Ask | None) -> Store:
    from crisisdesk import secrets_store

    if secrets_store.usable():
        key = secrets_store.new_key()
        store = Store.open(path, key=secrets_store.raw_key(key))
        try:
            secrets_store.store_database_key(database_id(path), key)
        except secrets_store.KeyringUnavailable:
            # The key could not be kept: a database nobody can reopen is worse than none.
            store.close()
            _remove(path)
        else:
            return store
    given = os.environ.get(PASSPHRASE_ENV)
    if not given and ask is not None:
        given = ask(NO_KEYRING, 1, new=True)
    if not given:
        raise KeyNotGiven(
            f"{path} was not created: {NO_KEYRING} Set {PASSPHRASE_ENV} for scripted use, or "
            "choose an unencrypted database on purpose."
        )
    problem = passphrase_problem(given)
    if problem:
        raise DatabaseUnavailable(f"{path} was not created: {problem}")
    return Store.open(path, key=given)


def passphrase_problem(given: str) -> str:
    """Why a new passphrase cannot be used; "" when it can."""
    from crisisdesk import secrets_store

    if len(given) < MIN_PASSPHRASE:
        return f"a passphrase needs at least {MIN_PASSPHRASE} characters."
    if secrets_store.from_recovery(given):
        # It would be read back as a raw recovery key, and so never open the database.
        return "that passphrase looks like a recovery key (64 hex digits): choose words."
    return ""


def _remove_interrupted_conversions(path: Path) -> None:
    """A conversion that was killed leaves its half-made copy beside the database (the
    database itself is intact). A decrypting copy is plain text: it must not linger."""
    for suffix in ("encrypting", "decrypting"):
        leftover = path.with_name(f".{path.name}.{suffix}")
        if leftover.exists():
            _log.warning("removed %s, left by an interrupted conversion", leftover.name)
            _remove(leftover)


def _remove(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        part.unlink(missing_ok=True)
