"""The user's folders (data, config, cache, logs), from platformdirs.

Tests point these elsewhere through the standard XDG variables or
``CRISISDESK_HOME``, which puts all four under one folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "crisisdesk"


def _base(kind: str) -> Path:
    home = os.environ.get("CRISISDESK_HOME")
    if home:
        return Path(home) / kind
    finder = {
        "data": platformdirs.user_data_path,
        "config": platformdirs.user_config_path,
        "cache": platformdirs.user_cache_path,
        "log": platformdirs.user_log_path,
    }[kind]
    return Path(finder(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return _base("data")


def config_dir() -> Path:
    return _base("config")


def cache_dir() -> Path:
    return _base("cache")


def log_dir() -> Path:
    return _base("log")


def default_database() -> Path:
    return data_dir() / "crisisdesk.sqlite"


_private_temp: list[Path] = []  # one per process


def use_private_temp() -> Path:
    """Send this process's temporary files to a folder only its user can open (0700),
    removed when the process ends: the demo database, SQLite's own spill files."""
    import atexit
    import shutil
    import tempfile

    if _private_temp:
        return _private_temp[0]
    folder = Path(tempfile.mkdtemp(prefix="crisisdesk-"))  # mkdtemp makes it 0700
    _private_temp.append(folder)
    tempfile.tempdir = str(folder)
    os.environ["SQLITE_TMPDIR"] = str(folder)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
