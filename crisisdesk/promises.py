"""The promise of the next update, read from the text of an update that was sent.

A comms officer logs "Customers updated by status page" with the words that went out,
and those words often say when the next update comes::

    We are investigating. Next update at 15:00.
    We will be in touch within 2 hours.
    Further information by 9.30am tomorrow.

:func:`find_promise` finds that promise, so a stakeholder's next update falls due at the
earlier of its cadence and the promise, and a broken promise can be shown.

**Time phrases** (case-insensitive, British and US forms):

* A clock time after a lead word (``at``, ``by``, ``before``, ``around``, ``approximately``,
  ``for``, ``no later than``, ``@``): ``15:00``, ``9.30``, ``3pm``, ``9.30 a.m.``, ``noon``,
  ``midday``, ``midnight`` (the end of the day it names). A clock needs minutes after ``:``
  or ``.``, or ``am``/``pm``, so bare numbers (``1500``, ``0800 123 4567``, ``24/7``,
  ``2:1``) are never times. It may name its day before or after it: ``tomorrow``,
  ``today``, ``tonight``, a weekday (``on Monday``, ``next Monday``: both the coming one).
  A suffix ``UTC``, ``GMT`` (``UTC+2``, ``GMT-5:30``) or ``BST`` (UTC+1) overrides ``tz``.
  The time is read on the local date of ``sent_at`` (in the suffix's zone if there is
  one); a time already past that day, with no ``tomorrow``, is the next day's (a
  weekday's, the next week's). Times that do not exist or happen twice on a
  daylight-saving day are read with zoneinfo's ``fold=0``.
* A wait after ``in``, ``within`` or ``every`` (``the``/``next`` may come between):
  ``2 hours``, ``45 mins``, ``24hrs``, ``1.5 hours``, ``an hour``, ``two hours``, ``half an
  hour``, ``the hour``, ``2-3 hours`` (the end of the range), ``a day``; and ``hourly``,
  ``half-hourly``, ``daily``. It is counted from ``sent_at`` in elapsed time. ``every 30
  minutes`` promises the first one, 30 minutes after ``sent_at``.

**Anchors**: a time phrase is a promise only when it talks about an update: an anchor
(:data:`_ANCHOR`: ``update``, ``statement``, ``information``, ``briefing``, ``further
details``, ``hear from us``, ``be in touch``, ``report back``, ``let you know``, ``contact
you``, ...) must stand

* before it, at most :data:`MAX_GAP_WORDS` words away in the same sentence, with no
  number in between (``update for 100 customers at 15:00`` is not read); or
* after it in the same way, when the time phrase opens its sentence or clause ("Within
  the hour we will issue a further statement") or touches the anchor ("hourly updates").

A clock with no lead word counts only straight after a qualified anchor, perhaps with
a colon or dash: "Next update: 15:00", "Further update 9.30am". A phrase is not a promise
when a word of :data:`_VETO` ("last", "was", "sent", "started", ...) stands in the gap or
within :data:`VETO_WORDS` words either side in the same clause, or "following"/"after"
just before it: that is a report of something past ("We issued a statement at 14:00",
"Update: the outage started at 14:00", "Following our statement at 14:00, ..."). A time
followed by a date it does not read (``at 15:00 on 3 December``) and a promise more than
:data:`HORIZON` ahead are not read either.

Of several promises the earliest wins. :func:`find_promise` is pure (``sent_at`` and ``tz``
are arguments) and never raises for any text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from crisisdesk.clock import ensure_utc

HORIZON = timedelta(days=7)  # a promise further ahead is not one the dashboard tracks
MAX_GAP_WORDS = 6  # words allowed between an anchor and its time phrase
_MAX_GAP_CHARS = 120  # a longer gap is not looked at: it keeps long texts linear
VETO_WORDS = 2  # words looked at either side of a promise for a word of _VETO


@dataclass(frozen=True)
class Promise:
    """A promised next update: when, and the words that said so."""

    at: datetime  # timezone-aware, UTC
    phrase: str  # the words recognised, as typed: text[span[0]:span[1]]
    span: tuple[int, int]


# Every run of spaces in the patterns below is possessive (*+, ++): what follows a run
# never starts with a space, and a greedy run would let a long stretch of spaces
# backtrack in quadratic time.

# Weekday names in date.weekday() order.
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A day named next to a clock time. "next"/"this"/"coming" Monday all mean the coming one.
_DAY = r"(?:tomorrow|tmrw|today|tonight|(?:(?:on|next|this|coming)\s++)?(?:{}))".format(
    "|".join(_WEEKDAYS)
)
# "15:00 UTC", "3pm GMT+1", "9:00 UTC-5:30": an explicit zone overrides the local one.
_ZONE = (
    r"(?P<zone>bst"
    r"|(?:utc|gmt)(?:\s*+(?P<sign>[+\-−])\s*+(?P<oh>[0-9]{1,2})(?::?(?P<om>[0-9]{2}))?)?)"
)
# A clock time with its lead word and day. The lead is optional only so that "Next
# update: 15:00" can be read; such a bare clock is checked against its anchor later.
# Minutes must follow ":" or "." and not be followed by more digits ("15:00:00",
# "1.15.30"), and the clock must not sit inside a number or word ("v2.30", "0800 123").
# Digits are ASCII only, so what is read is what shows.
_CLOCK = re.compile(
    rf"""
    (?<!\w)
    (?:(?P<day1>{_DAY})(?:[ \t]*+,)?[ \t]++)?
    (?P<lead>(?:at|by|before|around|approximately|approx\.?|for|(?:no|not)\s++later\s++than)\s++
      |@\s*+)?
    (?<![\w.:,/])
    (?:
        (?P<h>[0-9]{{1,2}})[:.](?P<m>[0-9]{{2}})(?![\d:]|[.,/]\d)(?:\s*+(?P<ampm>[ap]\.?m\b\.?))?
      | (?P<h12>[0-9]{{1,2}})\s*+(?P<ampm12>[ap]\.?m\b\.?)
      | (?P<word>noon|midday|midnight)\b
    )
    (?:\s*+(?:hrs|hours|h)\b)?
    (?:\s*+{_ZONE}\b)?
    (?:(?:[ \t]*+,)?\s++(?P<day2>{_DAY})\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Number words people write for waits; "half" is half of the unit ("half an hour").
_NUMBER_WORDS: dict[str, float] = {
    "a couple of": 2,
    "half an": 0.5,
    "half a": 0.5,
    "half": 0.5,
    "an": 1,
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "twenty four": 24,
    "thirty": 30,
    "forty": 40,
    "forty five": 45,
    "forty eight": 48,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
# Longest first, so "forty five" is not read as "forty"; a space may be typed as a hyphen.
_NUMBER_WORD = "|".join(
    word.replace(" ", r"[\s-]++") for word in sorted(_NUMBER_WORDS, key=len, reverse=True)
)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 24 * 60}  # by the unit's first letter
# A wait: "within the next 2 hours", "in 45 mins", "every half hour", "within 2-3 hours"
# (the range's first number is skipped: the promise runs to its end), or a frequency
# word. Digits need not be spaced from the unit ("24hrs"); number words must be.
_WAIT = re.compile(
    rf"""
    (?<!\w)
    (?:
        (?P<lead>in|within|every)\s++(?:the\s++)?(?:next\s++|coming\s++)?
        (?:[0-9]{{1,4}}\s*+(?:-|–|to)\s*+)?
        (?:(?P<num>[0-9]{{1,4}}(?:\.[0-9]{{1,2}})?)(?![\d.,])\s*+|(?P<nword>{_NUMBER_WORD})[\s-]++)?
        (?P<unit>minutes?|mins?|hours?|hrs?|h|days?)
      | (?P<often>half-hourly|hourly|daily)
    )
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_OFTEN_MINUTES = {"half-hourly": 30, "hourly": 60, "daily": 24 * 60}
# Words that make a time phrase talk about an update. Nouns may carry a qualifier ("next
# update"), which also lets a bare clock follow. "details" and "news" alone are too common
# and need one. "updated" is not an anchor: "Customers updated by status page at 14:05"
# reports an update, it promises none (but "keep you updated" does).
_ANCHOR = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:(?P<qualifier>next|further|another|new|more|additional|fresh|follow-up|full)\s++)?
        (?:updates?|statements?|information|info|briefings?|bulletins?)
      | (?P<qualifier2>further|more|additional)\s++(?:details|news)
      | hear\s++from\s++us | (?:be|get)\s++in\s++(?:touch|contact) | report\s++back
      | (?:get|come)\s++back\s++to\s++you | let\s++you\s++know
      | (?:contact|inform|notify|brief)\s++you
      | keep\s++you\s++(?:posted|informed|updated|up\s++to\s++date)
    )
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Where a sentence or clause ends: the gap between an anchor and its time may not cross
# one. A full stop between digits ("9.30") is not one. Commas are allowed in the gap
# ("more information, and at the latest by 17:00") but end the veto windows.
_BREAK = re.compile(r"[!?;:\n\r\v\f\x85\u2028\u2029\u2026]|\.(?!\d)")
_CLAUSE = re.compile(r"[,!?;:\n\r\v\f\x85\u2028\u2029\u2026]|\.(?!\d)")
# Between a qualified anchor and a clock: nothing, or a colon or dash ("Next update: 15:00").
_JOIN = re.compile(r"\s*+[:\-–—]?\s*+")
# A number or month in the gap or straight after the phrase is a date or quantity this
# module does not read ("update on 3 December at 09:00", "at 15:00 on 1 Dec"). "May" is
# left out: it is more often the verb.
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_IN_GAP = re.compile(rf"\d|\b(?:{_MONTHS})\b", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"\s++(?:on\s++)?(?:the\s++)?(?:\d|(?:{_MONTHS})\b)", re.IGNORECASE)
# Words, letters only, for the veto windows ("we'll" is one word).
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Words that make a time phrase a report of the past, or of something other than comms.
_VETO = frozenset(
    {
        "last",
        "previous",
        "earlier",
        "prior",
        "yesterday",
        "since",
        "ago",
        "was",
        "were",
        "had",
        "sent",
        "issued",
        "published",
        "posted",
        "released",
        "gave",
        "started",
        "began",
        "begun",
        "happened",
        "occurred",
        "software",
        "firmware",
    }
)
# Words that, just before an anchor, make it look back: "Following our statement at
# 14:00, ...". After a time they are harmless ("at 15:00 following the board meeting").
_VETO_BEFORE = frozenset({"following", "after"})
_WINDOW_CHARS = 80  # how far the veto windows look; enough for two words
# Past this, "sent_at + a week" leaves the calendar: nothing is promised at the end of time.
_LAST_SENT = datetime.max.replace(tzinfo=UTC) - 2 * HORIZON


@dataclass(frozen=True)
class _Phrase:
    """A time phrase found in the text, before its anchor is checked."""

    start: int
    end: int
    at: datetime
    bare: bool = False  # a clock with no lead word


@dataclass(frozen=True)
class _Anchor:
    start: int
    end: int
    qualified: bool


def find_promise(text: str, *, sent_at: datetime, tz: tzinfo) -> Promise | None:
    """The earliest next update promised in ``text``, sent at ``sent_at``, or None.

    ``sent_at`` must be timezone-aware (a naive one is a programming error: ValueError, as
    in :func:`crisisdesk.clock.ensure_utc`); ``tz`` is the local zone clock times are read in.
    """
    sent_at = ensure_utc(sent_at)
    anchors = [
        _Anchor(m.start(), m.end(), bool(m["qualifier"] or m["qualifier2"]))
        for m in _ANCHOR.finditer(text)
    ]
    if not anchors or sent_at > _LAST_SENT:
        return None
    ends = [anchor.end for anchor in anchors]
    latest = sent_at + HORIZON
    promises = []
    for phrase in _phrases(text, sent_at, tz):
        span = _anchored_span(text, phrase, anchors, ends)
        if span is not None and sent_at <= phrase.at <= latest:
            promises.append(Promise(phrase.at, text[span[0] : span[1]], span))
    return min(promises, key=lambda p: (p.at, p.span), default=None)


# --- time phrases --------------------------------------------------------------------------


def _phrases(text: str, sent_at: datetime, tz: tzinfo) -> Iterator[_Phrase]:
    """Every clock time and wait in ``text`` that reads as a time after ``sent_at``."""
    for match in _CLOCK.finditer(text):
        if _DATE_AFTER.match(text, match.end()) is None:
            at = _clock_at(match, sent_at, tz)
            if at is not None:
                yield _Phrase(match.start(), match.end(), at, bare=match["lead"] is None)
    for match in _WAIT.finditer(text):
        if _DATE_AFTER.match(text, match.end()) is None:
            wait = _wait(match)
            if wait is not None:
                yield _Phrase(match.start(), match.end(), sent_at + wait)


def _clock_at(match: re.Match[str], sent_at: datetime, tz: tzinfo) -> datetime | None:
    """The time a clock phrase names: on sent_at's local day, or the next one it can be.

    None when it names no time of day, or the date arithmetic leaves the calendar (a
    ``sent_at`` in year 1 or 9999).
    """
    try:
        return _clock_on_day(match, sent_at, tz)
    except (OverflowError, ValueError):
        return None


def _clock_on_day(match: re.Match[str], sent_at: datetime, tz: tzinfo) -> datetime | None:
    """The day the phrase names (tomorrow, a weekday, else today) at its clock time."""
    clock = _clock_of(match)
    zone = _zone_of(match, tz)
    if clock is None or zone is None:
        return None
    wall, extra_days = clock
    today = sent_at.astimezone(zone).date()
    day_words = " ".join(filter(None, (match["day1"], match["day2"]))).casefold()
    if "tomorrow" in day_words or "tmrw" in day_words:
        return _local_to_utc(today + timedelta(days=1 + extra_days), wall, zone)
    weekday = next((i for i, name in enumerate(_WEEKDAYS) if name in day_words), None)
    if weekday is None:
        return _not_before(today, extra_days, wall, zone, sent_at, step=1)
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    return _not_before(first, extra_days, wall, zone, sent_at, step=7)


def _not_before(
    day: date, extra_days: int, wall: time, zone: tzinfo, sent_at: datetime, *, step: int
) -> datetime:
    """``wall`` on ``day`` (plus ``extra_days``), or ``step`` days later if that has passed."""
    at = _local_to_utc(day + timedelta(days=extra_days), wall, zone)
    if at < sent_at:
        at = _local_to_utc(day + timedelta(days=extra_days + step), wall, zone)
    return at


def _local_to_utc(day: date, wall: time, zone: tzinfo) -> datetime:
    """Local ``wall`` on ``day`` in UTC. Like zoneinfo, fold=0: a time the clocks skipped
    is read with the offset before the change, a time that happened twice as the first."""
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def _clock_of(match: re.Match[str]) -> tuple[time, int] | None:
    """The 24 h wall time and how many days after the named day it falls (midnight: 1)."""
    if word := match["word"]:
        return (time(0), 1) if word.casefold() == "midnight" else (time(12), 0)
    if match["h12"] is not None:
        wall = _clock_time(int(match["h12"]), 0, match["ampm12"])
    else:
        wall = _clock_time(int(match["h"]), int(match["m"]), match["ampm"])
    return None if wall is None else (wall, 0)


def _clock_time(hour: int, minute: int, ampm: str | None) -> time | None:
    """The 24 h time, or None when the numbers are not a time of day (as in quicklog)."""
    if ampm is not None:
        pm = ampm[0].lower() == "p"
        if pm and 1 <= hour <= 11:
            hour += 12
        elif not pm and hour == 12:
            hour = 0
        elif (pm and hour == 0) or (not pm and hour > 12):
            return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _zone_of(match: re.Match[str], tz: tzinfo) -> tzinfo | None:
    """The zone the clock is read in: its suffix's, else ``tz``; None for a bad offset."""
    zone = match["zone"]
    if zone is None:
        return tz
    if zone.casefold() == "bst":
        return timezone(timedelta(hours=1), "BST")
    if match["sign"] is None:
        return UTC
    hours, minutes = int(match["oh"]), int(match["om"] or 0)
    if hours > 14 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if match["sign"] in "-−" else offset)


def _wait(match: re.Match[str]) -> timedelta | None:
    """How long a wait phrase says, or None when it says no definite time."""
    if often := match["often"]:
        return timedelta(minutes=_OFTEN_MINUTES[often.casefold()])
    unit = match["unit"].casefold()
    if match["num"] is not None:
        count = float(match["num"])
    elif match["nword"] is not None:
        count = _NUMBER_WORDS[" ".join(match["nword"].casefold().replace("-", " ").split())]
    elif unit in {"minute", "hour", "day"}:
        count = 1  # "within the hour", "every hour"
    else:
        return None  # "in hours", "within the next h": no definite time
    wait = timedelta(minutes=count * _UNIT_MINUTES[unit[0]])
    return wait if timedelta(0) < wait <= HORIZON else None


# --- anchors -----------------------------------------------------------------------------


def _anchored_span(
    text: str, phrase: _Phrase, anchors: list[_Anchor], ends: list[int]
) -> tuple[int, int] | None:
    """The span from anchor to time phrase if an anchor makes it a promise, else None.

    Anchors do not overlap, so in text order their ``ends`` are sorted too; the nearest
    one before the phrase is tried first, then the nearest one after it.
    """
    index = bisect_right(ends, phrase.start)
    before = anchors[index - 1] if index > 0 else None
    if before is not None and _anchor_before_ok(text, before, phrase):
        span = (before.start, phrase.end)
    else:
        after = next((a for a in anchors[index:] if a.start >= phrase.end), None)
        if after is None or not _anchor_after_ok(text, phrase, after):
            return None
        span = (phrase.start, after.end)
    return None if _vetoed(text, span) else span


def _anchor_before_ok(text: str, anchor: _Anchor, phrase: _Phrase) -> bool:
    """An anchor before the time: "next update at 15:00", "update you within 2 hours"."""
    gap = text[anchor.end : phrase.start]
    if len(gap) > _MAX_GAP_CHARS:
        return False
    if anchor.qualified and _JOIN.fullmatch(gap):
        return True
    return not phrase.bare and _gap_ok(gap)


def _anchor_after_ok(text: str, phrase: _Phrase, anchor: _Anchor) -> bool:
    """An anchor after the time: "Within the hour we will issue a statement", "hourly
    updates"."""
    if phrase.bare:
        return False
    gap = text[phrase.end : anchor.start]
    if len(gap) > _MAX_GAP_CHARS:
        return False
    return (not gap.strip() or _opens_clause(text, phrase.start)) and _gap_ok(gap)


def _gap_ok(gap: str) -> bool:
    """Same sentence, no number or month, and not too many words."""
    return (
        _BREAK.search(gap) is None
        and _DATE_IN_GAP.search(gap) is None
        and len(gap.split()) <= MAX_GAP_WORDS
    )


def _opens_clause(text: str, start: int) -> bool:
    """Whether only punctuation and spaces stand between ``start`` and a clause break."""
    for index in range(start - 1, -1, -1):
        char = text[index]
        if _CLAUSE.match(text, index):
            return True
        if char.isalnum():
            return False
    return True


def _vetoed(text: str, span: tuple[int, int]) -> bool:
    """Whether a word of _VETO is in the span or near it in the same clause, or a word of
    _VETO_BEFORE just before it."""
    start, end = span
    before = _CLAUSE.split(text[max(0, start - _WINDOW_CHARS) : start])[-1]
    after = _CLAUSE.split(text[end : end + _WINDOW_CHARS])[0]
    leading = [word.casefold() for word in _WORD.findall(before)[-VETO_WORDS:]]
    words = [*leading, *_WORD.findall(text[start:end]), *_WORD.findall(after)[:VETO_WORDS]]
    return any(w in _VETO_BEFORE for w in leading) or any(w.casefold() in _VETO for w in words)
