"""A quick "could this pattern match at all?" test, so most patterns skip most texts.

Python's regex engine scans the whole text for every pattern, and case-insensitive
scans are slow: with a profile's few dozen patterns over a 1,000-word draft that is
most of the lint's time. Most patterns start with one of a few literal words ("isolated
incident", "(minor|slight|brief) issue"), and a plain substring search for those in the
lower-cased text costs next to nothing. Only patterns whose start word is present run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

MAX_PREFIXES = 64
MIN_PREFIX = 3
_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}


def _prefixes(items: Any) -> tuple[set[str], bool]:
    """Literal starts one of which every match begins with, and whether they are whole."""
    found = {""}
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op is c.LITERAL:
            found = {s + chr(arg).lower() for s in found}
            continue
        if op is c.SUBPATTERN:
            inner, whole = _prefixes(arg[-1])
        elif op is c.BRANCH:
            inner, whole = set(), True
            for alternative in arg[1]:
                sub, sub_whole = _prefixes(alternative)
                inner |= sub
                whole = whole and sub_whole
        else:
            return found, False
        found = {s + t for s in found for t in inner}
        if len(found) > MAX_PREFIXES:
            return {""}, False
        if not whole:
            return found, False
    return found, True


def start_words(pattern: str) -> frozenset[str] | None:
    """The lower-cased literals a match must start with, or None when that is unknown."""
    try:
        found, _ = _prefixes(parser.parse(pattern, re.IGNORECASE))
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    if not found or min(len(s) for s in found) < MIN_PREFIX:
        return None
    # Outside ASCII, the regex engine folds more letters together than str.lower does
    # (ı and i, ſ and s, σ and ς): such a pattern always runs.
    if not all(s.isascii() for s in found):
        return None
    return frozenset(found)


class Pattern:
    """A compiled case-insensitive pattern that skips texts it cannot match."""

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern, re.IGNORECASE)
        self.starts = start_words(pattern)

    def possible(self, lowered: str) -> bool:
        return self.starts is None or any(s in lowered for s in self.starts)

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        if self.possible(lowered):
            yield from self.regex.finditer(text)

    def search(self, text: str, lowered: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.possible(lowered) else None
