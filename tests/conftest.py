"""Test set-up shared by every test: no real home folder, no display, no real keyring."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.store import Store

# Set before any QApplication exists: the tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class MemoryKeyring(KeyringBackend):
    """Secrets kept in a dict for the length of a test."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every user folder (data, config, cache, log, and $HOME itself) lives in a temp folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CRISISDESK_HOME", str(home / "crisisdesk"))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    (home / "run").chmod(0o700)
    return home


@pytest.fixture(autouse=True)
def thawed_heap() -> Iterator[None]:
    """A loaded window freezes Python's heap (ui.main_window._settle_heap): thawed after
    each test, so one test's leftovers are never kept from collection in the next."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def who() -> Author:
    return Author("a" * 32, "Priya Shah", "Comms lead")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "incident.sqlite")
    yield opened
    opened.close()
