"""A stolen laptop leaks nothing: the store encrypted at rest, keys in the keyring only."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from crisisdesk import cli, encryption, incidents, logs, secrets_store, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.store import NeedsKey, Store, WrongKey, database_id, is_encrypted
from crisisdesk.unlock import PASSPHRASE_ENV, KeyNotGiven, open_database

CANARY = "CANARY-zebra-4417-quartz"


def files_of(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + "*"))


def write_canary(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Breach")
        timeline.append(session, who, clock, inc.id, f"Customer data seen by {CANARY}")
    return inc.id


def test_a_new_database_is_encrypted_and_leaves_no_plain_trace(
    tmp_path: Path, who: Author, clock: FixedClock
) -> None:
    path = tmp_path / "desk.sqlite"
    store = open_database(path)
    assert store.encrypted and is_encrypted(path)
    write_canary(store, who, clock)
    store.data_version()
    open_files = files_of(path)
    assert {p.name for p in open_files} >= {"desk.sqlite", "desk.sqlite-wal"}
    for part in open_files:  # while open: the write-ahead log is encrypted too
        assert CANARY.encode() not in part.read_bytes(), part.name
        if os.name == "posix":
            assert stat.S_IMODE(part.stat().st_mode) == 0o600, part.name
    store.close()
    for part in [*files_of(path), *tmp_path.rglob("*")]:
        if part.is_file():
            assert CANARY.encode() not in part.read_bytes(), part.name
    # The key lives in the keyring under the database's id, and nowhere in the folder.
    key = secrets_store.database_key(database_id(path))
    assert key and len(key) == 64
    assert all(key.encode() not in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    again = open_database(path, create=False)
    with again.read() as session:
        assert any(CANARY in e.text for _, e in timeline.current_entries(session, _first(session)))
    again.close()


def _first(session: object) -> str:
    return incidents.list_incidents(session)[0].id  # type: ignore[arg-type]


def test_without_a_keyring_a_passphrase_is_asked_and_three_wrong_ones_change_nothing(
    tmp_path: Path, who: Author, clock: FixedClock
) -> None:
    keyring.set_keyring(fail.Keyring())
    path = tmp_path / "laptop.sqlite"
    asked: list[tuple[str, bool]] = []

    def choose(reason: str, attempt: int, *, new: bool) -> str | None:
        asked.append((reason, new))
        return "correct horse battery staple"

    store = open_database(path, ask=choose)
    assert asked[0][1] and "no keyring" in asked[0][0]
    write_canary(store, who, clock)
    store.close()
    before = {p.name: p.read_bytes() for p in files_of(path)}
    tries: list[int] = []

    def wrong(reason: str, attempt: int, *, new: bool) -> str | None:
        tries.append(attempt)
        return "not it"

    with pytest.raises(WrongKey, match="3 passphrases did not open"):
        open_database(path, create=False, ask=wrong)
    assert tries == [1, 2, 3]
    assert {p.name: p.read_bytes() for p in files_of(path)} == before
    with pytest.raises(KeyNotGiven, match=PASSPHRASE_ENV):
        open_database(path, create=False)
    with pytest.raises(NeedsKey):
        Store.open(path, create=False)
    reopened = open_database(path, create=False, ask=choose)
    assert reopened.encrypted
    reopened.close()


def test_the_passphrase_from_the_environment_and_the_recovery_key(
    tmp_path: Path, who: Author, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keyed.sqlite"
    store = open_database(path)
    recovery = store.recovery_key()
    store.close()
    assert recovery and len(recovery.split()) == 16
    secrets_store.forget_database_key(database_id(path))  # the keyring is lost
    monkeypatch.setenv(PASSPHRASE_ENV, recovery)
    found = open_database(path, create=False)
    assert found.encrypted
    found.close()
    monkeypatch.setenv(PASSPHRASE_ENV, "a wrong passphrase")
    with pytest.raises(WrongKey, match=PASSPHRASE_ENV):
        open_database(path, create=False)


def test_encrypt_and_decrypt_keep_every_row_and_chain(
    tmp_path: Path, who: Author, clock: FixedClock
) -> None:
    path = tmp_path / "plain.sqlite"
    store = Store.open(path)
    write_canary(store, who, clock)
    with store.read() as session:
        before = [(e.id, e.hash) for _, e in timeline.current_entries(session, _first(session))]
    store.close()
    assert (
        CANARY.encode() in path.read_bytes() or CANARY.encode() in Path(f"{path}-wal").read_bytes()
    )
    assert encryption.encrypt(path) == "the keyring"
    assert is_encrypted(path) and CANARY.encode() not in path.read_bytes()
    assert not Path(f"{path}-wal").exists() and not list(tmp_path.glob(".*"))
    store = open_database(path, create=False)
    with store.read() as session:
        assert [
            (e.id, e.hash) for _, e in timeline.current_entries(session, _first(session))
        ] == before
        assert all(r.intact for r in timeline.verify(session))
    store.close()
    encryption.decrypt(path)
    assert not is_encrypted(path)
    store = Store.open(path, create=False)
    with store.read() as session:
        assert [
            (e.id, e.hash) for _, e in timeline.current_entries(session, _first(session))
        ] == before
    store.close()


def test_a_failed_conversion_leaves_the_old_file_as_it_was(
    tmp_path: Path, who: Author, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plain.sqlite"
    store = Store.open(path)
    write_canary(store, who, clock)
    store.close()

    def broken(*_a: object, **_k: object) -> None:
        raise encryption.ConversionFailed("the copy lost rows")

    monkeypatch.setattr(encryption, "_verify", broken)
    with pytest.raises(encryption.ConversionFailed):
        encryption.encrypt(path)
    assert not is_encrypted(path)
    assert not list(tmp_path.glob(".*"))
    assert Store.open(path, create=False).encrypted is False


def test_the_command_line_encrypts_and_logs_without_personal_data(
    tmp_path: Path, who: Author, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli.sqlite"
    store = Store.open(path)
    write_canary(store, who, clock)
    store.close()
    assert cli.main(["encrypt", "--db", str(path)]) == cli.EXIT_OK
    assert "now encrypted" in capsys.readouterr().out
    assert cli.main(["log", "Call jane@example.org on 07700 900123", "--db", str(path)]) == 0
    log_file = logs.setup()
    logging.getLogger("crisisdesk").info("tried jane@example.org and +44 7700 900123")
    text = log_file.read_text()
    assert "jane@example.org" not in text and "7700 900123" not in text
    assert "***" in text and "opened" in text
    assert key_not_in(text, path)


def key_not_in(text: str, path: Path) -> bool:
    key = secrets_store.database_key(database_id(path)) or "no key"
    return key not in text and key.upper() not in text


def test_odd_file_names_stay_exactly_as_given(
    tmp_path: Path, who: Author, clock: FixedClock
) -> None:
    for name in ("Q3 review?.sqlite", "x%20y.sqlite", 'it\'s "here".sqlite'):
        path = tmp_path / name
        store = Store.open(path)
        write_canary(store, who, clock)
        store.close()
        assert path.stat().st_size > 0
        encryption.encrypt(path)
        assert is_encrypted(path)
        encryption.decrypt(path)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "Q3 review?.sqlite",
        'it\'s "here".sqlite',
        "x%20y.sqlite",
    ]


def test_a_passphrase_shaped_like_a_recovery_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv(PASSPHRASE_ENV, "deadbeef" * 8)
    with pytest.raises(Exception, match="looks like a recovery key"):
        open_database(tmp_path / "hex.sqlite")
    assert not (tmp_path / "hex.sqlite").exists() or (tmp_path / "hex.sqlite").stat().st_size == 0


def test_an_empty_plain_sqlite_file_stays_plain(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "empty.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.close()
    store = open_database(path)
    assert not store.encrypted
    store.close()


def test_a_write_during_a_conversion_waits_instead_of_vanishing(
    tmp_path: Path, who: Author, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "busy.sqlite"
    store = Store.open(path)
    write_canary(store, who, clock)
    late = Store.open(path, create=False)
    outcome: list[str] = []
    real_verify = encryption._verify

    def verify_then_write(*args: object) -> None:
        real_verify(*args)  # type: ignore[arg-type]
        monkeypatch.setattr("crisisdesk.store.BUSY_TIMEOUT_MS", 100)
        try:
            with late.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA busy_timeout=100")
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception as err:  # the lock is held: the writer is told, not fooled
            outcome.append(type(err).__name__)

    monkeypatch.setattr(encryption, "_verify", verify_then_write)
    store.close()
    encryption.encrypt(path)
    late.close()
    assert outcome == ["OperationalError"]


def test_a_killed_conversions_leftover_copy_is_removed_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    store = open_database(path)
    store.close()
    leftover = tmp_path / ".desk.sqlite.decrypting"
    leftover.write_bytes(b"SQLite format 3\x00 plain text left behind")
    open_database(path, create=False).close()
    assert not leftover.exists()


def test_temporary_files_go_to_a_private_folder_that_is_removed_at_exit(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import tempfile, os, stat; from crisisdesk import paths; "
        "f = paths.use_private_temp(); t = tempfile.mkdtemp(); "
        "print(f, stat.S_IMODE(os.stat(f).st_mode), t.startswith(str(f)), "
        "os.environ['SQLITE_TMPDIR'] == str(f), paths.use_private_temp() == f)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    folder, mode, inside, sqlite_too, once = done.stdout.split()
    assert (mode, inside, sqlite_too, once) == (str(0o700), "True", "True", "True")
    assert not Path(folder).exists()  # removed when the process ended
