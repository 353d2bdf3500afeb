"""Audience profiles: how to speak to each audience, read from ``audiences/*.toml``.

The shipped files live in ``resources/audiences``; a team drops its own into
``<config>/audiences``. A user file with the same id as a shipped one replaces it. A
bad file is reported (file, key path, reason) and skipped; the others keep working.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from crisisdesk import resources
from crisisdesk.datafiles import FileProblem, load_folders, read_toml, validate
from crisisdesk.vocabulary import CHANNELS

FOLDER = "audiences"
# A profile is a page of advice, not a corpus: anything bigger is a mistake or an attack.
MAX_FILE_BYTES = 256 * 1024
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")

Severity = Literal["error", "warning", "info"]
AvoidKind = Literal[
    "hollow", "minimising", "blame", "no_comment", "liability", "marketing", "other"
]


def _compile(pattern: str) -> str:
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise ValueError(f"{pattern!r} is not a valid pattern ({err})") from err
    return pattern


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"{value!r} is not a usable id: lower-case letters, digits, '-' or '_', "
            "starting with a letter"
        )
    return value


Pattern = Annotated[str, AfterValidator(_compile)]
Id = Annotated[str, AfterValidator(_check_id)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Examples(_Strict):
    """Sentences the profile's own tests check its patterns against."""

    present: str = Field(min_length=1, description="a sentence that has the element")
    absent: str = Field(min_length=1, description="a sentence that lacks it")


class Element(_Strict):
    """Something every message to this audience must contain."""

    id: Id
    label: str = Field(min_length=1, max_length=80)
    patterns: list[Pattern] = Field(min_length=1)
    hint: str = Field(min_length=1, description="how to add it, shown when it is missing")
    severity: Severity = "warning"
    examples: Examples


class Avoid(_Strict):
    """A phrase that does harm with this audience, why, and what to say instead."""

    pattern: Pattern
    kind: AvoidKind = "other"
    why: str = Field(min_length=1)
    instead: str = ""
    severity: Severity = "warning"


class Readability(_Strict):
    max_grade: float = Field(ge=1, le=25)
    min_grade: float = Field(default=0, ge=0, le=25)
    max_average_sentence_words: float = Field(ge=5, le=80)
    # A single sentence this long is hard for anyone under stress.
    max_sentence_words: int = Field(default=35, ge=5, le=200)


class ChannelLimit(_Strict):
    max_chars: int | None = Field(default=None, ge=1)
    max_words: int | None = Field(default=None, ge=1)
    min_words: int | None = Field(default=None, ge=1)
    max_segments: int | None = Field(default=None, ge=1, le=20)
    note: str = ""


class Profile(_Strict):
    id: Id
    name: str = Field(min_length=1, max_length=60)
    tone: str = Field(min_length=1, max_length=400, description="the tone in two lines")
    do: list[str] = Field(default_factory=list)
    dont: list[str] = Field(default_factory=list)
    technical: bool = Field(default=False, description="true when jargon is fine (e.g. the SOC)")
    speculation_ok_when_marked: bool = Field(
        default=False,
        description="true when a guess is fine if it is called a hypothesis (the SOC)",
    )
    readability: Readability
    elements: list[Element] = Field(default_factory=list, alias="element")
    avoid: list[Avoid] = Field(default_factory=list)
    jargon: dict[str, str] = Field(default_factory=dict)
    channels: dict[str, ChannelLimit] = Field(default_factory=dict, alias="channel")

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, value: dict[str, ChannelLimit]) -> dict[str, ChannelLimit]:
        for name in value:
            if name not in CHANNELS:
                raise ValueError(f"unknown channel {name!r}; use one of {', '.join(CHANNELS)}")
        return value

    @field_validator("elements")
    @classmethod
    def _unique_elements(cls, value: list[Element]) -> list[Element]:
        seen: set[str] = set()
        for element in value:
            if element.id in seen:
                raise ValueError(f"element id {element.id!r} appears twice")
            seen.add(element.id)
        return value

    @field_validator("jargon")
    @classmethod
    def _plain_words(cls, value: dict[str, str]) -> dict[str, str]:
        for term, plain in value.items():
            if not term.strip() or not plain.strip():
                raise ValueError(f"jargon {term!r} needs a plain replacement")
        return value


@dataclass(frozen=True)
class Profiles:
    by_id: Mapping[str, Profile]
    problems: Sequence[FileProblem]

    def get(self, profile_id: str) -> Profile | None:
        return self.by_id.get(profile_id)


def load_profile(path: Path) -> Profile:
    """One profile file, or a DataFileError naming the file, the key and the reason."""
    return validate(Profile, read_toml(path, MAX_FILE_BYTES), path)


def load_profiles(user_folder: Path | None = None, shipped_folder: Path | None = None) -> Profiles:
    """Every usable profile, shipped ones first, then the user's (which win on the same id)."""
    shipped = shipped_folder or resources.shipped_dir() / FOLDER
    user = user_folder if user_folder is not None else resources.user_dir() / FOLDER
    found, problems = load_folders((shipped, user), load_profile, lambda p: p.id)
    return Profiles(found, problems)


# For an audience with no profile (a group a team added with its own profile name):
# the language rules still apply, the audience-specific ones do not.
GENERAL = Profile.model_validate(
    {
        "id": "general",
        "name": "General audience",
        "tone": "Plain, honest and specific: what is known, what is not yet, what happens next.",
        "readability": {"max_grade": 10, "max_average_sentence_words": 22},
    }
)
