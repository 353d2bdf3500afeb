"""Who is writing: this installation's desk id and the person at the desk.

The desk id is made once per installation and kept in the user config folder;
it names the hash chain that this desk's timeline entries form.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crisisdesk import paths
from crisisdesk.clock import Clock

ROLES = (
    "Comms lead",
    "Press officer",
    "SOC liaison",
    "Legal",
    "Data protection officer",
    "Customer care lead",
    "Executive",
    "Scribe",
    "Other",
)
DESK_FILE = "desk.json"


@dataclass(frozen=True)
class Author:
    """Stamped on every record: which desk wrote it, and which person."""

    desk_id: str
    name: str
    role: str = ""


@dataclass(frozen=True)
class DeskConfig:
    desk_id: str
    name: str = ""
    role: str = ""
    warning: str = ""

    @property
    def has_person(self) -> bool:
        return bool(self.name.strip())

    def author(self) -> Author:
        return Author(self.desk_id, self.name or "Unknown", self.role)


def stamp(who: Author, clock: Clock) -> dict[str, Any]:
    """The fields every record row carries."""
    return {
        "created_at": clock.now(),
        "desk_id": who.desk_id,
        "author": who.name,
        "author_role": who.role,
    }


def desk_file(config_dir: Path | None = None) -> Path:
    return (config_dir or paths.config_dir()) / DESK_FILE


def load_desk(config_dir: Path | None = None) -> DeskConfig:
    """Read this desk's identity, making it on first run.

    A damaged file is moved aside (never deleted) and a fresh identity is made,
    with a warning the app shows; the entries already signed by the old desk id
    keep verifying, since each desk's chain stands on its own.
    """
    path = desk_file(config_dir)
    warning = ""
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            desk_id = raw["desk_id"]
            if not (isinstance(desk_id, str) and len(desk_id) == 32):
                raise ValueError("desk_id must be 32 hexadecimal characters")
            int(desk_id, 16)
            return DeskConfig(desk_id, str(raw.get("name", "")), str(raw.get("role", "")))
        except (OSError, ValueError, KeyError, TypeError) as err:
            stamp_ = datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = path.with_name(f"{path.name}.damaged-{stamp_}")
            path.replace(aside)
            warning = (
                f"The desk identity file {path} was damaged ({err}); it was kept as {aside.name} "
                "and a new desk identity was made. Please enter your name again."
            )
    config = DeskConfig(uuid.uuid4().hex, warning=warning)
    save_desk(config, config_dir)
    return config


def save_desk(config: DeskConfig, config_dir: Path | None = None) -> None:
    path = desk_file(config_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"desk_id": config.desk_id, "name": config.name, "role": config.role}
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def set_person(name: str, role: str, config_dir: Path | None = None) -> DeskConfig:
    name = " ".join(name.split())
    if not name:
        raise ValueError("a display name is needed: it is stamped on everything you record")
    current = load_desk(config_dir)
    updated = DeskConfig(current.desk_id, name, role.strip())
    save_desk(updated, config_dir)
    return updated
