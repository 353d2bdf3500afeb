"""Dates and times as crisisdesk writes them, in English whatever the machine's locale.

crisisdesk speaks English: its words, its reports and the names of days and months. Those
names are not taken from strftime, whose ``%a`` and ``%b`` follow the C library's locale;
Qt sets that locale from the desktop's language as it starts, and a German desktop would
put "So" and "Dez" into English sentences. Each function formats the time it is given,
in the zone it is in: converting it is the caller's choice.
"""

from __future__ import annotations

from datetime import datetime

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def weekday(at: datetime) -> str:
    """ "Sun"."""
    return DAYS[at.weekday()]


def month(at: datetime) -> str:
    """ "Nov"."""
    return MONTHS[at.month - 1]


def hm(at: datetime) -> str:
    """ "14:05"."""
    return f"{at.hour:02d}:{at.minute:02d}"


def hms(at: datetime) -> str:
    """ "14:05:09"."""
    return f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}"


def day_month(at: datetime) -> str:
    """ "29 Nov"."""
    return f"{at.day:02d} {month(at)}"


def weekday_hm(at: datetime) -> str:
    """ "Sun 14:05"."""
    return f"{weekday(at)} {hm(at)}"


def day_month_hm(at: datetime) -> str:
    """ "29 Nov 14:05"."""
    return f"{day_month(at)} {hm(at)}"


def full_day_hm(at: datetime) -> str:
    """ "Sun 29 Nov 14:05"."""
    return f"{weekday(at)} {day_month_hm(at)}"


def long_date(at: datetime) -> str:
    """ "19 April 2019"."""
    return f"{at.day} {MONTH_NAMES[at.month - 1]} {at.year}"
