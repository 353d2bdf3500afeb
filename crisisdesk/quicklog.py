"""The timeline's quick-log line: one typed line read into a timeline entry.

A comms officer under stress types one line and presses Enter::

    14:05 SOC confirms DDoS from botnet #detection
    yesterday 23:10 @ruth agreed holding statement #decision
    Legal asked for the customer list

and :func:`parse` reads it:

* **Time**: an optional prefix at the very start: ``H:MM`` or ``HH:MM`` (24 h), optionally
  ``:SS``, optionally ``am``/``pm`` (attached or as the next word, also ``a.m.``/``p.m.``),
  optionally preceded by ``yesterday``. It is that local clock time in ``tz`` on today's
  local date (yesterday's with ``yesterday``). One trailing ``, ; : .`` on the time and a
  lone dash word after it (``14:05 - SOC ...``) are taken as part of the prefix. Times that
  do not exist or happen twice on a daylight-saving day are read with zoneinfo's ``fold=0``
  and a warning. With ``am`` the hour may be 0-12, with ``pm`` 1-23 (``14:05pm`` is
  unambiguous); anything else that looks like a time (``25:61``) stays in the text, with a
  warning. Bare numbers (``1400 customers``) are never times. No prefix means "now".
* **Category**: ``#word`` anywhere, case-insensitive, from :data:`TAGS` (with aliases). The
  first one wins; later ones are removed too, with a warning if they name another category.
  Unknown hashtags (``#OpRansom``) are ordinary text. A trailing ``. , ; : ! ?`` on a tag
  goes with it.
* **Actor**: the first ``@name`` word anywhere (``@`` must start the word, so an email
  address is text); underscores become spaces; ``@"Ruth Calloway"`` quotes a name with
  spaces. A name matching one of ``actors`` exactly, or as the prefix of exactly one of
  them (case-insensitive), becomes that known name; otherwise it is kept as typed. Only
  one actor per entry: any later ``@name`` stays in the text as typed, with a warning.
* **Text**: everything else, in order, words joined by single spaces (control characters
  count as spaces). Nothing else is removed, so the text is never lost. Empty text gives a
  warning: the timeline refuses an entry without text.

:func:`parse` is pure (``now`` and ``tz`` are arguments) and never raises for any line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from crisisdesk.clock import ensure_utc

FUTURE_GRACE = timedelta(minutes=5)

TAGS: dict[str, str] = {
    "detection": "detection",
    "detect": "detection",
    "det": "detection",
    "decision": "decision",
    "decide": "decision",
    "dec": "decision",
    "action": "action",
    "act": "action",
    "communication": "communication",
    "comms": "communication",
    "comm": "communication",
    "external": "external",
    "ext": "external",
    "checklist": "checklist",
    "check": "checklist",
    "note": "note",
}

DISPLAY: dict[str, str] = {
    "detection": "Detection",
    "decision": "Decision",
    "action": "Action",
    "communication": "Comms",
    "external": "External",
    "checklist": "Checklist",
    "note": "Note",
}

NO_TEXT = "the entry has no text: say what happened"

# A word that looks like a clock time: 1-2 digit hour, exactly 2 digit minutes (so "1400"
# and "3:5" are never times), optional seconds, optional am/pm glued on, and one optional
# trailing separator ("14:05:" or "14:05,"). ASCII digits only, so what is read is what shows.
_TIME = re.compile(
    r"(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?"
    r"(?P<ampm>[ap]\.?m\.?)?[,;:.]?",
    re.IGNORECASE,
)
_AMPM = re.compile(r"(?P<ampm>[ap]\.?m\.?)[,;:.]?", re.IGNORECASE)
# Control characters (C0, DEL, C1) are never meant as text in a typed line: pasted
# terminal output, a stray NUL. They are read as spaces, like tabs and newlines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DASHES = frozenset({"-", "--", "–", "—"})
# "#decision" or "#decision," ; the word itself is looked up in TAGS.
_TAG = re.compile(r"#(?P<word>\w+)[.,;:!?]*")
# "@SOC", "@Ruth_Calloway:" ; the name must start with a word character so "@", "@!" and
# "@)" stay text, and the lazy name leaves trailing punctuation out of it.
_ACTOR = re.compile(r"@(?P<name>\w\S*?)[.,;:!?]*")
# Quoted names may use straight or typographic quotes (macOS turns " into “ ”).
_QUOTES = '"“”'
_OPEN_QUOTE = re.compile(rf"@[{_QUOTES}]")
_CLOSE_QUOTE = re.compile(rf"[{_QUOTES}][.,;:!?]*\Z")


@dataclass(frozen=True)
class QuickEntry:
    """How one quick-log line was read."""

    text: str
    category: str | None
    actor: str
    occurred_at: datetime | None
    reading: str
    warnings: tuple[str, ...] = ()
    future: bool = False


@dataclass(frozen=True)
class _Prefix:
    occurred_at: datetime | None = None
    used: int = 0  # how many leading words the prefix took
    warnings: tuple[str, ...] = ()
    future: bool = False


def parse(line: str, *, now: datetime, tz: tzinfo, actors: Sequence[str] = ()) -> QuickEntry:
    """Read one quick-log line; ``now`` must be timezone-aware, ``tz`` is the local zone."""
    now = ensure_utc(now)
    words = _CONTROL.sub(" ", line).split()
    prefix = _read_prefix(words, now, tz)
    body = _Body(actors)
    body.read(words[prefix.used :])
    text = " ".join(body.kept)
    warnings = [*prefix.warnings, *body.warnings] + ([] if text else [NO_TEXT])
    return QuickEntry(
        text=text,
        category=body.category,
        actor=body.actor,
        occurred_at=prefix.occurred_at,
        reading=_reading(prefix.occurred_at, body.category, body.actor, now, tz),
        warnings=tuple(warnings),
        future=prefix.future,
    )


# --- the time prefix ---------------------------------------------------------------------


def _read_prefix(words: Sequence[str], now: datetime, tz: tzinfo) -> _Prefix:
    """The time at the start of the line, if any, and how many words it took."""
    yesterday = bool(words) and words[0].casefold() == "yesterday"
    start = int(yesterday)
    match = _TIME.fullmatch(words[start]) if start < len(words) else None
    if match is None:
        return _Prefix()
    ampm, end = match["ampm"], start + 1
    if ampm is None and end < len(words) and (apart := _AMPM.fullmatch(words[end])):
        ampm, end = apart["ampm"], end + 1
    clock = _clock_time(int(match["h"]), int(match["m"]), int(match["s"] or 0), ampm)
    if clock is None:
        typed = " ".join(words[start:end])
        return _Prefix(warnings=(f"'{typed}' is not a time of day; kept as text",))
    if end < len(words) and words[end] in _DASHES:
        end += 1
    day_word = "yesterday" if yesterday else "today"
    day = now.astimezone(tz).date() - timedelta(days=start)
    seconds = match["s"] is not None
    when, dst_warning = _local_to_utc(day, clock, tz, day_word=day_word, seconds=seconds)
    warnings = [dst_warning] if dst_warning else []
    future = when - now > FUTURE_GRACE
    if future:
        later = f"{_hhmm(when.astimezone(tz).time(), seconds)} is {_span(when - now)} in the future"
        warnings.append(later if yesterday else f"{later}: was it yesterday?")
    return _Prefix(when, end, tuple(warnings), future)


def _clock_time(hour: int, minute: int, second: int, ampm: str | None) -> time | None:
    """The 24 h time, or None when the numbers are not a time of day."""
    if ampm is not None:
        pm = ampm[0].lower() == "p"
        if pm and 1 <= hour <= 11:
            hour += 12
        elif not pm and hour == 12:
            hour = 0
        elif (pm and hour == 0) or (not pm and hour > 12):
            return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _local_to_utc(
    day: date, clock: time, tz: tzinfo, *, day_word: str, seconds: bool
) -> tuple[datetime, str]:
    """Local ``clock`` on ``day`` in UTC, and a warning ("" if none) on daylight-saving days.

    Like zoneinfo, fold=0: a time the clocks skipped is read with the offset before the
    change (so it lands after the gap), a time that happened twice as the first one.
    """
    local = datetime.combine(day, clock, tzinfo=tz)
    when = local.astimezone(UTC)
    back = when.astimezone(tz)
    typed = _hhmm(clock, seconds)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        shown = _hhmm(back.time(), seconds)
        return when, f"{typed} did not exist {day_word} (the clocks went forward); read as {shown}"
    if local.replace(fold=1).utcoffset() != local.utcoffset():
        first = f"{typed} {local.tzname() or ''}".strip()
        return when, f"{typed} happened twice {day_word} (the clocks went back); read as {first}"
    return when, ""


# --- tags, actor and text ------------------------------------------------------------------


class _Body:
    """Reads the words after the time prefix: tags, the actor, and the text kept."""

    def __init__(self, actors: Sequence[str]) -> None:
        self.known = _known_names(actors)
        self.category: str | None = None
        self.actor = ""
        self.kept: list[str] = []
        self.warnings: list[str] = []
        self._more_actors = False
        # Once a quote is left open no word after it ends with a quote, so no later
        # "@\"..." can close either; remembering that keeps long lines linear.
        self._closers_left = True

    def read(self, words: Sequence[str]) -> None:
        i = 0
        while i < len(words):
            i = self._read_word(words, i)

    def _read_word(self, words: Sequence[str], i: int) -> int:
        """Take in ``words[i]`` (and the rest of a quoted name); return the next index."""
        word = words[i]
        if (tag := _TAG.fullmatch(word)) and tag["word"].lower() in TAGS:
            self._tag(TAGS[tag["word"].lower()])
            return i + 1
        name = _plain_actor(word)
        if self.actor and (name or _OPEN_QUOTE.match(word)):
            self._another_actor(word)  # and the word stays in the text, as typed
        elif self._closers_left and _OPEN_QUOTE.match(word):
            return self._quoted_actor(words, i)
        elif name:
            self._actor(name)
            return i + 1
        self.kept.append(word)
        return i + 1

    def _tag(self, category: str) -> None:
        if self.category is None:
            self.category = category
        elif category != self.category:
            self.warnings.append(f"two categories given; used {DISPLAY[self.category]}")

    def _quoted_actor(self, words: Sequence[str], i: int) -> int:
        """``@"Ruth Calloway"``, possibly over several words; unclosed, it is text."""
        pieces = [words[i][2:]]
        for j in range(i, len(words)):
            if j > i:
                pieces.append(words[j])
            if (close := _CLOSE_QUOTE.search(pieces[-1])) is not None:
                pieces[-1] = pieces[-1][: close.start()]
                if name := _tidy_name(" ".join(pieces)):
                    self._actor(name)
                    return j + 1
                break  # @"" is text
        else:
            self._closers_left = False
            self.warnings.append(f"the quote after '{words[i]}' is not closed; kept as text")
        self.kept.append(words[i])
        return i + 1

    def _actor(self, typed: str) -> None:
        self.actor, warning = _resolve_actor(typed, self.known)
        if warning:
            self.warnings.append(warning)

    def _another_actor(self, word: str) -> None:
        if not self._more_actors:
            self._more_actors = True
            self.warnings.append(
                f"only one actor per entry: used {self.actor}; '{word}' kept as text"
            )


def _plain_actor(word: str) -> str:
    """The name in an ``@name`` word, underscores as spaces; "" if the word is not one."""
    match = _ACTOR.fullmatch(word)
    return _tidy_name(match["name"]) if match else ""


def _tidy_name(typed: str) -> str:
    return " ".join(typed.replace("_", " ").split())


def _known_names(actors: Sequence[str]) -> list[str]:
    """The known names, tidied, each once (ignoring case), blanks dropped."""
    names: dict[str, str] = {}
    for actor in actors:
        name = " ".join(actor.split())
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def _resolve_actor(typed: str, known: Sequence[str]) -> tuple[str, str | None]:
    """The known name ``typed`` stands for (exact, then unique prefix), else ``typed``."""
    key = typed.casefold()
    for name in known:
        if name.casefold() == key:
            return name, None
    matches = [name for name in known if name.casefold().startswith(key)]
    if len(matches) == 1:
        return matches[0], None
    if matches:
        shown = " or ".join(matches[:3]) + (" or ..." if len(matches) > 3 else "")
        return typed, f"'@{typed}' could be {shown}; kept as typed"
    return typed, None


# --- the hint under the line --------------------------------------------------------------


def _reading(
    when: datetime | None, category: str | None, actor: str, now: datetime, tz: tzinfo
) -> str:
    """E.g. "At 14:05 today · Decision · by SOC" or "Now · Note"."""
    parts = ["Now" if when is None else _at(when, now, tz), DISPLAY[category or "note"]]
    if actor:
        parts.append(f"by {actor}")
    return " · ".join(parts)


def _at(when: datetime, now: datetime, tz: tzinfo) -> str:
    local = when.astimezone(tz)
    return f"At {_hhmm(local.time(), local.second != 0)} {_day_word(local.date(), now, tz)}"


def _day_word(day: date, now: datetime, tz: tzinfo) -> str:
    today = now.astimezone(tz).date()
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"on {day.isoformat()}"


def _hhmm(clock: time, show_seconds: bool) -> str:
    return clock.strftime("%H:%M:%S" if show_seconds else "%H:%M")


def _span(delta: timedelta) -> str:
    """A duration the way people say it: "45 min", "3 h", "2 h 55 min"."""
    hours, minutes = divmod(int(delta / timedelta(minutes=1)), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" if not minutes else f"{hours} h {minutes} min"
