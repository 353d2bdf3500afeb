"""Reading the TOML files teams tune (profiles, templates, playbooks), and saying exactly
what is wrong with a bad one: the file, the key path and the reason."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class FileProblem:
    """A data file that could not be used, and where in it."""

    path: Path
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.where}: {self.what}; fix or remove the file"


class DataFileError(ValueError):
    def __init__(self, problem: FileProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_toml(path: Path, max_bytes: int) -> dict[str, Any]:
    """The file's TOML, or DataFileError for a file too big, unreadable or malformed."""
    try:
        if path.stat().st_size > max_bytes:
            raise DataFileError(FileProblem(path, "(file)", f"larger than {max_bytes // 1024} KB"))
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except RecursionError as err:
        raise DataFileError(FileProblem(path, "(file)", "nested too deeply")) from err
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise DataFileError(FileProblem(path, "(file)", f"cannot be read as TOML ({err})")) from err


def validate(model: type[M], data: Mapping[str, Any], path: Path) -> M:
    """``model`` from ``data``, or DataFileError naming the first wrong key."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        what = first["msg"].removeprefix("Value error, ")
        if first["type"] not in {"missing", "extra_forbidden", "value_error"}:
            what += f", not {_short(first.get('input'))}"
        where = key_path(first["loc"], data)
        raise DataFileError(FileProblem(path, where, what[:1].lower() + what[1:])) from err


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def key_path(loc: Sequence[int | str], data: Mapping[str, Any]) -> str:
    """``element[2] (next_update).patterns[0]``: an item's id is named when it has one."""
    text = ""
    node: Any = data
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            text += f" ({node['id']})"
    return text.lstrip(".") or "(top level)"


def load_folders(
    folders: Iterable[Path], load: Callable[[Path], T], key: Callable[[T], str]
) -> tuple[dict[str, T], list[FileProblem]]:
    """Every ``*.toml`` in ``folders``, in order: a later file with the same id replaces an
    earlier one (the user's folder comes after the shipped one). Bad files are listed,
    and the good ones kept."""
    found: dict[str, T] = {}
    problems: list[FileProblem] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                item = load(path)
            except DataFileError as err:
                problems.append(err.problem)
                continue
            found[key(item)] = item
    return found, problems
