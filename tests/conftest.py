"""Test set-up shared by every test: no real home folder, no display, no real keyring, and
nothing from the shell it runs in (passphrase, time zone, language, fonts, display).

Each test runs in one time zone: UTC, or the one ``--zone`` names, or the one its
``zone`` marker names when its expected text is written out for that zone.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from keyring.backend import KeyringBackend

from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.store import Store

if TYPE_CHECKING:  # the core's tests never load Qt
    from PySide6.QtWidgets import QApplication


def _pin_environment() -> Path:
    """Before any QApplication exists (Qt reads these as it starts, and sets the C
    library's locale from them). Returns the session's own folder, removed at the end."""
    for name in list(os.environ):
        if name.startswith(("CRISISDESK_", "QT_", "LC_", "FONTCONFIG_", "XDG_")) or name in (
            "DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "LANG", "LANGUAGE", "TZ",
        ):  # fmt: skip
            del os.environ[name]
    folder = Path(tempfile.mkdtemp(prefix="crisisdesk-tests-"))
    # Each test has a home of its own (user_dirs); this one serves what starts before it.
    os.environ["HOME"] = str(folder / "home")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the tests never need a display
    os.environ["LC_ALL"] = "C.UTF-8"
    os.environ["TZ"] = "UTC"
    # Subprocesses never reach the user's own keyring either.
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    # A font configuration with no font folders, as on a machine with no fonts installed:
    # everything is drawn with the fonts crisisdesk ships, the same on every machine.
    (folder / "fonts.conf").write_text(NO_FONTS.format(cache=folder / "cache"), encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(folder / "fonts.conf")
    time.tzset()
    return folder


NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""
_SESSION = _pin_environment()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--zone",
        default="UTC",
        help="the local time zone of every test without a zone marker (default UTC); "
        "e.g. Pacific/Chatham, 13:45 or 12:45 ahead of UTC",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION, ignore_errors=True)


@pytest.fixture(scope="session")
def qapp(qapp: QApplication) -> QApplication:
    """pytest-qt's application, with the fonts crisisdesk ships registered as the app
    registers them (the suite's font configuration lists no others)."""
    from ui import fonts, language

    language.use_english()
    fonts.install(qapp)
    return qapp


@pytest.fixture(scope="session")
def german_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for LOCPATH holding de_DE.UTF-8, compiled by the C library's localedef:
    a machine need not have the locale installed for the tests to use it."""
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("this C library has no localedef to compile a German locale with")
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(
        [localedef, "-i", "de_DE", "-f", "UTF-8", str(folder / "de_DE.UTF-8")],
        capture_output=True, check=False,
    )  # fmt: skip
    assert (folder / "de_DE.UTF-8" / "LC_TIME").is_file(), "localedef made no de_DE.UTF-8"
    return folder


@pytest.fixture(autouse=True)
def local_zone(request: pytest.FixtureRequest) -> str:
    """The test's local time zone, set in TZ for the C library, Python and Qt alike (and
    set again before every test, whatever the one before did)."""
    marker = request.node.get_closest_marker("zone")
    zone = str(marker.args[0]) if marker else str(request.config.getoption("--zone"))
    os.environ["TZ"] = zone
    time.tzset()
    return zone


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
