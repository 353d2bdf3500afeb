"""Numbers in a draft against the fact sheet, and the same fact told alike to every audience.

A number in the draft is tied to the facts whose key words (``records_exposed`` gives
"record" and "exposed") or unit ("94 minutes") stand near it. Then:
- it matches a confirmed fact: fine;
- it matches only an unconfirmed fact: it needs hedging ("up to", "we currently believe");
- it matches a retracted fact: an error, the figure was withdrawn;
- it matches none of the facts it is tied to: an error (a confirmed fact says otherwise)
  or a warning (only unconfirmed facts were near).
``{fact_key}`` placeholders are filled with the confirmed value by ``fill``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from crisisdesk.tone.findings import Finding
from crisisdesk.tone.text import WORD


class FactLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def statement(self) -> str: ...


PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,60})\}")
_MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
NUMBER = re.compile(
    r"(?<![\w.,:/£$€+-])(?<!\d )"
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)|(?P<word>half a|a|one))"
    r"(?:\s*(?P<mult>thousand|million|billion|bn|m|k)\b)?"
    r"(?P<pct>\s*%|\s*per\s?cent\b)?"
    r"(?![\w:/]|\.\d|,\d| \d)",
    re.IGNORECASE,
)
_TIME_OR_DATE_AFTER = re.compile(
    r"\s*(?:am|pm|utc|gmt|bst|cet|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
HEDGES = re.compile(
    r"\b(?:up to|about|around|approximately|approx\.?|roughly|an estimated|estimated|"
    r"as many as|at least|we (?:currently )?believe|initial|early (?:indications|estimates?)|"
    r"so far|our current (?:understanding|estimate)|may|might|could|possibly|nearly|almost)\b",
    re.IGNORECASE,
)
_APPROXIMATE = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost)\s*$", re.I)
_GENERIC = frozenset(
    {"affected", "count", "number", "total", "estimate", "value", "amount", "of", "the", "a"}
)
# Units that make two figures incomparable: 94 minutes is never 94 hours.
MEASURES = frozenset(
    {
        "second",
        "minute",
        "hour",
        "day",
        "week",
        "month",
        "year",
        "gbit",
        "mbit",
        "tbit",
        "gb",
        "mb",
        "tb",
        "percent",
        "per",
    }
)
WINDOW_AFTER = 6
WINDOW_BEFORE = 3


@dataclass(frozen=True)
class Stated:
    """A number in a draft and the facts it is about."""

    start: int
    end: int
    value: float
    hedged: bool
    facts: tuple[FactLike, ...]


def number_value(text: str) -> float | None:
    """The first number in a fact's value: "about 1,000,000" gives 1e6, "94 minutes" 94."""
    match = NUMBER.search(text)
    return _value(match) if match else None


def _value(match: re.Match[str]) -> float | None:
    digits, word, mult = match.group("digits"), match.group("word"), match.group("mult")
    if digits:
        number = float(digits.replace(",", ""))
    elif mult and word:
        number = 0.5 if word.lower() == "half a" else 1.0
    else:
        return None  # "a" or "one" on its own is not a figure
    if mult:
        factor = _MULTIPLIERS[mult.lower()]
        # "5m" could be minutes or metres: only the long words and k/bn after digits count.
        if mult.lower() == "m" and not digits:
            return None
        number *= factor
    return number


@lru_cache(maxsize=20_000)
def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    for suffix in ("'s", "s'", "ies", "es", "s", "ing", "ed"):
        if not word.endswith(suffix) or len(word) <= len(suffix) + 2:
            continue
        stem = word[: -len(suffix)]
        if suffix == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
            continue  # "minutes" is "minute" + s, not "minut" + es
        return stem + ("y" if suffix == "ies" else "")
    return word


def _unit(value: str) -> str:
    """The word right after a fact value's number ("94 minutes" gives "minute")."""
    match = NUMBER.search(value)
    if not match:
        return ""
    after = WORD.search(value, match.end())
    return _stem(after.group()) if after and after.start() - match.end() <= 2 else ""


@dataclass(frozen=True)
class _FactTerms:
    fact: FactLike
    number: float | None
    terms: frozenset[str]  # from the fact's key: what the figure is about
    unit: str  # "minute" for "94 minutes": a figure in other units is not this fact


def _terms(facts: Sequence[FactLike]) -> list[_FactTerms]:
    out = []
    for fact in facts:
        number = number_value(fact.value)
        words = {_stem(w) for w in fact.key.split("_") if w and w not in _GENERIC}
        unit = _unit(fact.value)
        out.append(_FactTerms(fact, number, frozenset(words), unit))
    return out


def _same(a: float, b: float, approximate: bool) -> bool:
    tolerance = 0.05 if approximate else 0.01
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def stated_numbers(text: str, facts: Sequence[FactLike]) -> list[Stated]:
    """Every number in ``text`` that is about one or more facts on the sheet."""
    known = [t for t in _terms(facts) if t.number is not None]
    if not known:
        return []
    found: list[Stated] = []
    for match in NUMBER.finditer(text):
        value = _value(match)
        if value is None or _not_a_quantity(text, match, value):
            continue
        near = _nearby_words(text, match.start(), match.end())
        unit = _unit_after(text, match.end())
        # A fact is in question only when its key words stand near the figure; a unit on
        # its own ("12 hours") says nothing about which fact is meant.
        scores = [
            (len(t.terms & near), t)
            for t in known
            if not (unit in MEASURES and t.unit in MEASURES and unit != t.unit)
        ]
        best = max((s for s, _ in scores), default=0)
        if best == 0:
            continue
        tied = tuple(t.fact for s, t in scores if s == best)
        before = text[max(0, match.start() - 60) : match.start()]
        sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
        hedged = bool(HEDGES.search(text, sentence_start + 1, match.start()))
        if _APPROXIMATE.search(before):
            hedged = True
        found.append(Stated(match.start(), match.end(), value, hedged, tied))
    return found


def _unit_after(text: str, end: int) -> str:
    after = WORD.match(text, end + 1) if text[end : end + 1] == " " else WORD.match(text, end)
    return _stem(after.group()) if after else ""


def _not_a_quantity(text: str, match: re.Match[str], value: float) -> bool:
    """Years, clock times, dates and phone-number pieces ("0800") are not figures."""
    digits = match.group("digits")
    if digits and len(digits) > 1 and digits.startswith("0") and "." not in digits:
        return True
    if digits and not match.group("mult") and not match.group("pct"):
        if 1900 <= value <= 2100 and "," not in match.group():
            return True
        if _TIME_OR_DATE_AFTER.match(text, match.end()):
            return True
    return False


_SENTENCE_END = re.compile(r"[.!?;\n](?:\s|$)")


def _nearby_words(text: str, start: int, end: int) -> frozenset[str]:
    """Words just before and after the number, within its sentence."""
    stop = _SENTENCE_END.search(text, end)
    limit = stop.start() if stop else len(text)
    begin = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - 40, 0)
    after = []
    for word in WORD.finditer(text, end, min(limit, end + 80)):
        after.append(_stem(word.group()))
        if len(after) == WINDOW_AFTER:
            break
    before = [_stem(w.group()) for w in WORD.finditer(text, begin, start)]
    return frozenset(after + before[-WINDOW_BEFORE:])


def check_numbers(text: str, facts: Sequence[FactLike]) -> list[Finding]:
    findings = []
    for stated in stated_numbers(text, facts):
        shown = text[stated.start : stated.end]
        approximate = stated.hedged
        equal = [
            f for f in stated.facts if _same(stated.value, number_value(f.value) or 0, approximate)
        ]
        confirmed = [f for f in stated.facts if f.status == "confirmed"]
        if any(f.status == "confirmed" for f in equal):
            continue
        if any(f.status == "unconfirmed" for f in equal):
            if not stated.hedged:
                fact = next(f for f in equal if f.status == "unconfirmed")
                findings.append(
                    Finding(
                        "facts.unhedged",
                        "warning",
                        stated.start,
                        stated.end,
                        f"{shown} is not confirmed yet ({_name(fact)} is unconfirmed)",
                        "Say it as an estimate: 'up to …', 'we currently believe …'",
                    )
                )
            continue
        if equal:  # only retracted facts carry this figure
            fact = equal[0]
            findings.append(
                Finding(
                    "facts.retracted",
                    "error",
                    stated.start,
                    stated.end,
                    f"{shown} was retracted from the fact sheet ({_name(fact)})",
                    _current_value_hint(fact, facts),
                )
            )
            continue
        if confirmed:
            fact = confirmed[0]
            findings.append(
                Finding(
                    "facts.contradicts",
                    "error",
                    stated.start,
                    stated.end,
                    f"{shown} contradicts the fact sheet: {_name(fact)} is {fact.value}",
                    f"Use the confirmed figure: {fact.value}",
                    replacement=fact.value if number_value(fact.value) is not None else None,
                )
            )
        elif any(f.status == "unconfirmed" for f in stated.facts):
            fact = next(f for f in stated.facts if f.status == "unconfirmed")
            findings.append(
                Finding(
                    "facts.differs",
                    "warning",
                    stated.start,
                    stated.end,
                    f"{shown} differs from the fact sheet's estimate: {_name(fact)} is "
                    f"{fact.value} (unconfirmed)",
                    "Check the figure with whoever owns this fact before it goes out",
                )
            )
    return findings


def _name(fact: FactLike) -> str:
    return fact.key.replace("_", " ")


def _current_value_hint(fact: FactLike, facts: Sequence[FactLike]) -> str:
    for other in facts:
        if other.key == fact.key and other.status == "confirmed":
            return f"The confirmed figure is {other.value}"
    return "Leave the figure out until a confirmed one is on the fact sheet"


def check_placeholders(text: str, facts: Sequence[FactLike]) -> list[Finding]:
    by_key = {f.key: f for f in facts}
    findings = []
    for match in PLACEHOLDER.finditer(text):
        fact = by_key.get(match.group(1))
        start, end = match.span()
        if fact is None:
            findings.append(
                Finding(
                    "facts.placeholder",
                    "error",
                    start,
                    end,
                    f"There is no fact called {match.group(1)!r} on the fact sheet",
                    "Add it to the fact sheet, or write the words in yourself",
                )
            )
        elif fact.status == "retracted":
            findings.append(
                Finding(
                    "facts.placeholder",
                    "error",
                    start,
                    end,
                    f"{_name(fact)} was retracted: it cannot go into a message",
                    "Remove it, or add a confirmed fact",
                )
            )
        elif fact.status == "unconfirmed":
            findings.append(
                Finding(
                    "facts.placeholder",
                    "warning",
                    start,
                    end,
                    f"{_name(fact)} is not confirmed yet ({fact.value or fact.statement})",
                    "Confirm it on the fact sheet first, or word it as an estimate",
                )
            )
        else:
            value = fact.value or fact.statement
            findings.append(
                Finding(
                    "facts.fill",
                    "info",
                    start,
                    end,
                    f"Will read: {value}",
                    "Insert the confirmed value",
                    replacement=value,
                )
            )
    return findings


def fill(text: str, facts: Sequence[FactLike]) -> str:
    """``text`` with each ``{key}`` of a confirmed fact replaced by its value."""
    confirmed = {f.key: (f.value or f.statement) for f in facts if f.status == "confirmed"}
    return PLACEHOLDER.sub(lambda m: confirmed.get(m.group(1), m.group()), text)


def inconsistencies(
    drafts: Mapping[str, str], facts: Sequence[FactLike], titles: Mapping[str, str] | None = None
) -> dict[str, list[Finding]]:
    """Findings per draft id where drafts give one fact different figures."""
    titles = titles or {}
    told: dict[str, list[tuple[str, Stated]]] = defaultdict(list)
    for draft_id, text in drafts.items():
        for stated in stated_numbers(text, facts):
            if len(stated.facts) == 1:
                told[stated.facts[0].key].append((draft_id, stated))
    out: dict[str, list[Finding]] = defaultdict(list)
    for key, mentions in told.items():
        for draft_id, stated in mentions:
            others = [
                (other_id, other)
                for other_id, other in mentions
                if other_id != draft_id
                and not _same(other.value, stated.value, stated.hedged or other.hedged)
            ]
            if not others:
                continue
            where = ", ".join(
                f"{titles.get(oid, 'another draft')}: {drafts[oid][o.start : o.end]}"
                for oid, o in others
            )
            out[draft_id].append(
                Finding(
                    "facts.inconsistent",
                    "error",
                    stated.start,
                    stated.end,
                    f"Other drafts give {key.replace('_', ' ')} differently ({where})",
                    "Every audience hears the same figures: agree one and use it everywhere",
                )
            )
    return dict(out)
