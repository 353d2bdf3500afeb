"""The desk's identity: made once, kept, and survives a damaged file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk import paths
from crisisdesk.identity import desk_file, load_desk, set_person


def test_desk_id_is_made_once_and_kept(user_dirs: Path) -> None:
    first = load_desk()
    assert desk_file().parent == paths.config_dir()
    assert str(paths.config_dir()).startswith(str(user_dirs))
    assert len(first.desk_id) == 32 and not first.has_person
    assert load_desk().desk_id == first.desk_id


def test_person_is_stored_with_the_desk() -> None:
    desk = load_desk()
    updated = set_person("  Priya   Shah ", "Comms lead")
    assert (updated.desk_id, updated.name, updated.role) == (
        desk.desk_id,
        "Priya Shah",
        "Comms lead",
    )
    again = load_desk()
    assert again.author().name == "Priya Shah" and again.author().role == "Comms lead"


def test_blank_name_is_refused() -> None:
    with pytest.raises(ValueError, match="display name"):
        set_person("   ", "Legal")


@pytest.mark.parametrize("content", ["{not json", '{"desk_id": 42}', '{"desk_id": "zz"}', "[]"])
def test_damaged_desk_file_is_kept_aside(content: str) -> None:
    path = desk_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    desk = load_desk()
    assert "damaged" in desk.warning and "kept as" in desk.warning
    aside = list(path.parent.glob("desk.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_text() == content
    assert json.loads(path.read_text())["desk_id"] == desk.desk_id
