"""Sentences and words of a message, with their character spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A full stop after one of these does not end the sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "mr",
        "mrs",
        "ms",
        "dr",
        "no",
        "art",
        "reg",
        "approx",
        "vs",
        "st",
        "inc",
        "ltd",
    }
)
_END = re.compile(r"[.!?…]+[\"'”’)]*(?=\s)|\n\s*")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    words: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``: split after . ! ? and at line breaks (lists, headings)."""
    found: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _after_abbreviation(text, match.start()):
            continue
        _add(text, start, match.end(), found)
        start = match.end()
    _add(text, start, len(text), found)
    return found


def _after_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    return text[word_start:dot].lower() in _ABBREVIATIONS


def _add(text: str, start: int, end: int, found: list[Sentence]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    first = start + lead
    last = first + len(stripped)
    count = len(WORD.findall(text, first, last))
    if count:
        found.append(Sentence(first, last, count))


def word_count(text: str) -> int:
    return len(WORD.findall(text))
