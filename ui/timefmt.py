"""Time shown to people: local clock time, and spans like "42 min" or "T+30:12"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QDateTime

from crisisdesk import timewords
from crisisdesk.cadence import span
from crisisdesk.clock import local_zone as zone_named


def local_zone() -> tzinfo:
    """This computer's zone with its daylight-saving rules, named as Qt finds it on any
    platform (the core alone can only read it on Linux and macOS)."""
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    return zone_named(name)


def local(dt: datetime) -> datetime:
    return dt.astimezone()


def clock(dt: datetime, *, seconds: bool = False) -> str:
    return (timewords.hms if seconds else timewords.hm)(local(dt))


def day_clock(dt: datetime, now: datetime) -> str:
    """ "14:05" today, "Sat 14:05" within the week, else "12 Nov 14:05"."""
    here, today = local(dt), local(now)
    if here.date() == today.date():
        return timewords.hm(here)
    if abs((today.date() - here.date()).days) < 7:
        return timewords.weekday_hm(here)
    return timewords.day_month_hm(here)


def day_month_hms(dt: datetime) -> str:
    """ "12 Nov 14:05:09", local time."""
    here = local(dt)
    return f"{timewords.day_month(here)} {timewords.hms(here)}"


def utc(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC")


def elapsed(span: timedelta) -> str:
    """T+ style: "30:12" (hours:minutes), or "2d 06:12" past two days."""
    total = max(int(span.total_seconds()), 0) // 60
    hours, minutes = divmod(total, 60)
    if hours >= 48:
        days, hours = divmod(hours, 24)
        return f"{days}d {hours:02d}:{minutes:02d}"
    return f"{hours:02d}:{minutes:02d}"


def ago(length: timedelta) -> str:
    """ "just now", "12 min", "3 h 05 min", "2 d 4 h"."""
    return "just now" if length < timedelta(minutes=1) else span(length)


def to_qt(when: datetime) -> QDateTime:
    """An aware time for Qt's date and time editors (shown in local time)."""
    return QDateTime.fromSecsSinceEpoch(int(when.timestamp()))


def from_qt(value: QDateTime) -> datetime:
    """What a date and time editor holds, as an aware UTC time."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)
