"""Message templates (``templates/*.toml``): a starting text per audience and channel.

``{fact_key}`` in a body takes the fact's confirmed value; ``[...]`` marks words the
writer must supply (the linter flags any left). A user's file with the same id
replaces the shipped one; a bad file is reported and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crisisdesk import resources
from crisisdesk.datafiles import FileProblem, load_folders, read_toml, validate
from crisisdesk.tone.profiles import MAX_FILE_BYTES, Id
from crisisdesk.vocabulary import CHANNELS

FOLDER = "templates"


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    title: str = Field(min_length=1, max_length=80)
    audience: Id
    channel: str
    description: str = ""
    body: str = Field(min_length=1, max_length=20_000)

    @field_validator("channel")
    @classmethod
    def _known_channel(cls, value: str) -> str:
        if value not in CHANNELS:
            raise ValueError(f"unknown channel {value!r}; use one of {', '.join(CHANNELS)}")
        return value


@dataclass(frozen=True)
class Templates:
    all: Sequence[Template]
    problems: Sequence[FileProblem]

    def for_audience(self, audience: str) -> list[Template]:
        return [t for t in self.all if t.audience == audience]


def load_template(path: Path) -> Template:
    return validate(Template, read_toml(path, MAX_FILE_BYTES), path)


def load_templates(
    user_folder: Path | None = None, shipped_folder: Path | None = None
) -> Templates:
    shipped = shipped_folder or resources.shipped_dir() / FOLDER
    user = user_folder if user_folder is not None else resources.user_dir() / FOLDER
    found, problems = load_folders((shipped, user), load_template, lambda t: t.id)
    return Templates(sorted(found.values(), key=lambda t: t.title), problems)
