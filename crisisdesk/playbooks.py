"""Playbooks (``playbooks/*.toml``): what to do, in phases, one step at a time.

A step says who does it, may link to a stakeholder group to update, a regulatory clock
or a message template, may apply only when a regime is ticked for the incident, may be
due some time after the incident started or after awareness, and may wait for other
steps. Files are validated: a bad one is reported with the file, the step and the field,
and skipped. A team adds its own in ``<config>/playbooks`` or imports one from a file.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from crisisdesk import resources
from crisisdesk.datafiles import DataFileError, FileProblem, load_folders, read_toml, validate
from crisisdesk.tone.profiles import Id

FOLDER = "playbooks"
MAX_FILE_BYTES = 512 * 1024
_OFFSET = re.compile(r"^(\d{1,4})\s*(m|h|d)$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_offset(text: str) -> timedelta:
    """``"30m"``, ``"2h"`` or ``"3d"`` as a time span."""
    match = _OFFSET.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time span: write e.g. '30m', '2h' or '3d'")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def _offset(text: str) -> str:
    parse_offset(text)
    return text.strip()


Offset = Annotated[str, AfterValidator(_offset)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Due(_Strict):
    """When a step should be done: a span after the incident started, or after awareness."""

    after: Offset
    since: Literal["start", "awareness"] = "start"

    @property
    def span(self) -> timedelta:
        return parse_offset(self.after)


class Links(_Strict):
    """Where the step leads: a group to update, a legal clock, a template to open."""

    stakeholder: Id | None = Field(default=None, description="an audience profile id")
    clock: Id | None = Field(default=None, description="a regime id from regulations.toml")
    template: Id | None = Field(default=None, description="a message template id")


class Step(_Strict):
    id: Id
    title: str = Field(min_length=1, max_length=120)
    detail: str = Field(default="", max_length=1200)
    owner: str = Field(default="", max_length=60)
    links: Links = Links()
    when: list[Id] = Field(
        default_factory=list, description="applies only if one of these regimes is ticked"
    )
    due: Due | None = None
    after: list[Id] = Field(default_factory=list, description="steps that come first")


class Phase(_Strict):
    id: Id
    title: str = Field(min_length=1, max_length=120)
    steps: list[Step] = Field(alias="step", min_length=1, max_length=200)


class Playbook(_Strict):
    id: Id
    title: str = Field(min_length=1, max_length=120)
    version: str = Field(min_length=1, max_length=20)
    description: str = Field(default="", max_length=2000)
    phases: list[Phase] = Field(alias="phase", min_length=1, max_length=50)

    @property
    def steps(self) -> list[Step]:
        return [step for phase in self.phases for step in phase.steps]


@dataclass(frozen=True)
class References:
    """What a playbook may link to; unknown names are refused. None: not checked."""

    audiences: Collection[str] | None = None
    regimes: Collection[str] | None = None
    templates: Collection[str] | None = None


def parse(data: Mapping[str, Any], path: Path, refs: References = References()) -> Playbook:
    playbook = validate(Playbook, data, path)
    problem = _cross_check(playbook, refs)
    if problem:
        where, what = problem
        raise DataFileError(FileProblem(path, where, what))
    return playbook


def load_playbook(path: Path, refs: References = References()) -> Playbook:
    """One playbook file, or a DataFileError naming the file, the step and the field."""
    return parse(read_toml(path, MAX_FILE_BYTES), path, refs)


def _cross_check(playbook: Playbook, refs: References) -> tuple[str, str] | None:
    where: dict[str, str] = {}
    for p, phase in enumerate(playbook.phases):
        for s, step in enumerate(phase.steps):
            here = f"phase[{p}] ({phase.id}).step[{s}] ({step.id})"
            if step.id in where:
                return f"{here}.id", f"duplicate step id {step.id!r} (also {where[step.id]})"
            where[step.id] = here
    for step in playbook.steps:
        problem = _check_step(where[step.id], step, where, refs)
        if problem:
            return problem
    cycle = _cycle({step.id: step.after for step in playbook.steps})
    if cycle:
        return where[cycle[0]] + ".after", "steps wait for each other in a circle: " + " → ".join(
            cycle
        )
    return None


def _check_step(
    here: str, step: Step, steps: Collection[str], refs: References
) -> tuple[str, str] | None:
    for n, other in enumerate(step.after):
        if other not in steps:
            return f"{here}.after[{n}]", f"no step called {other!r} in this playbook"
    checks = (
        ("links.stakeholder", step.links.stakeholder, refs.audiences, "audience"),
        ("links.clock", step.links.clock, refs.regimes, "regime"),
        ("links.template", step.links.template, refs.templates, "template"),
    )
    for field, value, known, kind in checks:
        if value is not None and known is not None and value not in known:
            return f"{here}.{field}", f"unknown {kind} {value!r}"
    for n, regime in enumerate(step.when):
        if refs.regimes is not None and regime not in refs.regimes:
            return f"{here}.when[{n}]", f"unknown regime {regime!r}"
    return None


def _cycle(graph: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A list of step ids that wait for each other in a circle, or None."""
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for root in graph:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            edges = graph.get(node, ())
            if i < len(edges):
                stack.append((node, i + 1))
                nxt = edges[i]
                if state.get(nxt) == 1:
                    return [*path[path.index(nxt) :], nxt]
                if not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
    return None


@dataclass(frozen=True)
class Playbooks:
    by_id: Mapping[str, Playbook]
    problems: Sequence[FileProblem]


def shipped_references() -> References:
    """The audiences, regimes and templates a playbook may name, as installed."""
    from crisisdesk.deadlines import RegulationsError, load_regimes
    from crisisdesk.tone.profiles import load_profiles
    from crisisdesk.tone.templates import load_templates

    try:
        regimes: Collection[str] | None = {r.id for r in load_regimes()}
    except RegulationsError:
        regimes = None  # that file's own problem is reported where the clocks are shown
    return References(
        audiences=set(load_profiles().by_id),
        regimes=regimes,
        templates={t.id for t in load_templates().all},
    )


def load_playbooks(
    refs: References | None = None,
    user_folder: Path | None = None,
    shipped_folder: Path | None = None,
) -> Playbooks:
    """Every usable playbook: the shipped ones, then the user's (which win on the same id)."""
    refs = refs if refs is not None else shipped_references()
    shipped = shipped_folder or resources.shipped_dir() / FOLDER
    user = user_folder if user_folder is not None else user_playbook_dir()
    found, problems = load_folders(
        (shipped, user), lambda path: load_playbook(path, refs), lambda p: p.id
    )
    return Playbooks(found, problems)


def user_playbook_dir() -> Path:
    return resources.user_dir() / FOLDER


def import_playbook(source: Path, refs: References | None = None) -> Playbook:
    """Check a playbook file and copy it into the user's playbooks (as ``<id>.toml``).

    A file that does not pass is refused with its problem and nothing is copied.
    """
    playbook = load_playbook(source, refs if refs is not None else shipped_references())
    folder = user_playbook_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{playbook.id}.toml"
    if source.resolve() != target.resolve():
        tmp = target.with_suffix(".toml.part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
    return playbook
