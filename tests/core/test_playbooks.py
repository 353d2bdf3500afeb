"""Playbooks: the shipped ones load, broken ones are refused with the step and field named."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk import paths
from crisisdesk.datafiles import DataFileError
from crisisdesk.playbooks import (
    References,
    import_playbook,
    load_playbook,
    load_playbooks,
    parse_offset,
)

SHIPPED = {"crisis-communications", "data-breach", "ransomware", "ddos", "incident-response"}
REFS = References(
    audiences={"customers", "press", "regulators"},
    regimes={"gdpr-33", "pecr-5a"},
    templates={"holding_statement", "regulator_initial"},
)
GOOD = """
id = "mini"
title = "Mini"
version = "2"
[[phase]]
id = "first"
title = "First"
  [[phase.step]]
  id = "a"
  title = "Do A"
  owner = "Comms lead"
  [phase.step.due]
  after = "30m"
  [[phase.step]]
  id = "b"
  title = "Do B"
  after = ["a"]
  when = ["gdpr-33"]
  [phase.step.links]
  clock = "gdpr-33"
  template = "regulator_initial"
  stakeholder = "regulators"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_playbook_loads() -> None:
    loaded = load_playbooks()
    assert set(loaded.by_id) >= SHIPPED
    assert list(loaded.problems) == []
    comms = loaded.by_id["crisis-communications"]
    assert [s.id for s in comms.steps][:2] == ["open-matrix", "holding-statements"]
    for playbook in loaded.by_id.values():
        assert playbook.steps, playbook.id


def test_a_good_file_loads_with_its_links_conditions_and_due_times(tmp_path: Path) -> None:
    playbook = load_playbook(write(tmp_path, "mini.toml", GOOD), REFS)
    a, b = playbook.steps
    assert a.due is not None and a.due.span == parse_offset("30m") and a.due.since == "start"
    assert b.after == ["a"] and b.when == ["gdpr-33"]
    assert b.links.template == "regulator_initial"


BROKEN = [
    (
        GOOD.replace('title = "Do A"', "title = 5"),
        "phase[0] (first).step[0] (a).title",
        "valid string",
    ),
    (GOOD.replace('title = "Do A"\n', ""), "phase[0] (first).step[0] (a).title", "required"),
    (GOOD.replace('id = "b"', 'id = "a"'), "phase[0] (first).step[1] (a).id", "duplicate step id"),
    (
        GOOD.replace('after = ["a"]', 'after = ["zz"]'),
        "phase[0] (first).step[1] (b).after[0]",
        "no step called 'zz'",
    ),
    (
        GOOD.replace('template = "regulator_initial"', 'template = "nope"'),
        "phase[0] (first).step[1] (b).links.template",
        "unknown template 'nope'",
    ),
    (
        GOOD.replace('when = ["gdpr-33"]', 'when = ["hipaa"]'),
        "phase[0] (first).step[1] (b).when[0]",
        "unknown regime 'hipaa'",
    ),
    (
        GOOD.replace('  owner = "Comms lead"', '  owner = "Comms lead"\n  after = ["b"]'),
        "phase[0] (first).step[0] (a).after",
        "in a circle: a → b → a",
    ),
    (
        GOOD.replace('after = "30m"', 'after = "soon"'),
        "phase[0] (first).step[0] (a).due.after",
        "not a time span",
    ),
    (
        GOOD.replace('version = "2"', 'version = "2"\ncolour = "red"'),
        "colour",
        "extra inputs are not permitted",
    ),
    (GOOD.replace("[[phase]]", "[[phases]]"), "phase", "valid list"),
    ("id = [", "(file)", "cannot be read as TOML"),
    ("a = " + "[" * 3000 + "]" * 3000, "(file)", "nested too deeply"),
    ('id = "x"\ndetail = "' + "x" * (600 * 1024) + '"\n', "(file)", "larger than 512 KB"),
]


@pytest.mark.parametrize(("text", "where", "what"), BROKEN)
def test_broken_playbooks_are_refused_naming_the_step_and_field(
    tmp_path: Path, text: str, where: str, what: str
) -> None:
    path = write(tmp_path, "broken.toml", text)
    with pytest.raises(DataFileError) as caught:
        load_playbook(path, REFS)
    problem = caught.value.problem
    assert (problem.path, problem.where) == (path, where)
    assert what in problem.what
    assert str(path) in str(caught.value) and "fix or remove" in str(caught.value)


def test_a_teams_playbooks_add_to_the_shipped_ones_and_bad_ones_are_listed() -> None:
    user = paths.config_dir() / "playbooks"
    write(user, "mini.toml", GOOD.replace('template = "regulator_initial"', ""))
    write(user, "bad.toml", "id = 3")
    loaded = load_playbooks()
    assert "mini" in loaded.by_id and set(loaded.by_id) >= SHIPPED
    assert [p.path.name for p in loaded.problems] == ["bad.toml"]


def test_import_checks_the_file_and_copies_it_into_the_users_playbooks(tmp_path: Path) -> None:
    source = write(tmp_path, "from-the-ciso.toml", GOOD)
    playbook = import_playbook(source, REFS)
    assert (paths.config_dir() / "playbooks" / "mini.toml").read_text() == GOOD
    assert playbook.id == "mini"
    bad = write(tmp_path, "bad.toml", GOOD.replace('id = "mini"', 'id = "Mini Book"'))
    with pytest.raises(DataFileError, match="not a usable id"):
        import_playbook(bad, REFS)
    assert sorted(p.name for p in (paths.config_dir() / "playbooks").iterdir()) == ["mini.toml"]
