"""Where "now" comes from. Nothing else in the core reads the wall clock."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: for tests and for writing the demo."""

    def __init__(self, start: datetime) -> None:
        self._now = ensure_utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = ensure_utc(when)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


def ensure_utc(value: datetime) -> datetime:
    """Return ``value`` in UTC; a naive datetime is a programming error, not local time."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: every stored time must be timezone-aware")
    return value.astimezone(UTC)


def local_zone(name: str = "", localtime: Path = LOCALTIME, clock: Clock | None = None) -> tzinfo:
    """This computer's time zone with its daylight-saving rules, so that times on both
    sides of a clock change are shown right.

    ``name`` is the zone's IANA name where the caller knows it (Qt does, on every
    platform). Otherwise the TZ variable rules, as it does for the C library: a zone
    name or a path to a zone file; then ``localtime`` (Linux, macOS). Where no rules can
    be read (TZ holds a POSIX rule such as "EST5EDT", say), the offset from UTC at the
    ``clock``'s present: right only until the clocks next change.
    """
    now = (clock or SystemClock()).now()
    if name:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
            return ZoneInfo(name)
    tz = os.environ.get("TZ")
    if tz is not None:
        return _zone_from_tz(tz.removeprefix(":")) or _offset_at(now)
    try:
        with localtime.open("rb") as rules:
            return ZoneInfo.from_file(rules, key=_zone_name(localtime))
    except (OSError, ValueError):
        return _offset_at(now)


def _zone_from_tz(tz: str) -> tzinfo | None:
    if not tz:
        return UTC  # an empty TZ is UTC to the C library
    with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
        if not tz.startswith("/"):
            return ZoneInfo(tz)
        with open(tz, "rb") as rules:
            return ZoneInfo.from_file(rules, key=_zone_name(Path(tz)))
    return None


def _offset_at(now: datetime) -> tzinfo:
    """The C library's local offset at ``now``, as a fixed zone."""
    return now.astimezone().tzinfo or UTC


def _zone_name(localtime: Path) -> str:
    """ "Europe/London" for a link into the zone database, else "localtime"."""
    target = localtime.resolve().as_posix()
    _, found, name = target.partition("/zoneinfo/")
    return name if found and name else "localtime"
