"""How fresh each stakeholder's information is: pure functions of the record and ``now``.

A group is due its next update at the earlier of "last update + cadence" and any time
promised in that update ("next update at 15:00"). Before its first update, the clock
runs from the start of the incident.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

DUE_SOON_FRACTION = 0.75  # "due soon" once this much of the interval is used (a setting)


def span(length: timedelta) -> str:
    """ "42 min", "3 h 05 min", "2 d 4 h": how long since an update, or until one is due,
    short enough to read across a room."""
    minutes = max(int(length.total_seconds()) // 60, 0)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


class Freshness(enum.Enum):
    FRESH = "fresh"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    AWAITING = "awaiting first update"  # nothing sent yet, but the first interval still runs
    NEVER = "never updated"  # nothing sent, and the first interval is over: overdue
    PAUSED = "paused"  # the group is retired or paused
    ON_DEMAND = "on demand"  # no cadence promised (e.g. press, driven by enquiries)

    @property
    def needs_action(self) -> bool:
        return self in (Freshness.OVERDUE, Freshness.NEVER)


@dataclass(frozen=True)
class FreshnessState:
    status: Freshness
    next_due: datetime | None
    since_last: timedelta | None
    broken_promise: datetime | None = None  # the promised time that has passed, if any

    def due_in(self, now: datetime) -> timedelta | None:
        return None if self.next_due is None else self.next_due - now


def freshness(
    *,
    now: datetime,
    incident_started_at: datetime,
    last_update_at: datetime | None,
    cadence: timedelta | None,
    promised_next_at: datetime | None = None,
    active: bool = True,
    due_soon_fraction: float = DUE_SOON_FRACTION,
) -> FreshnessState:
    """Classify one stakeholder group at ``now``."""
    since = None if last_update_at is None else now - last_update_at
    if not active:
        return FreshnessState(Freshness.PAUSED, None, since)
    base = last_update_at or incident_started_at
    candidates = [] if cadence is None else [base + cadence]
    if promised_next_at is not None and last_update_at is not None:
        candidates.append(promised_next_at)
    if not candidates:
        status = Freshness.ON_DEMAND if last_update_at else Freshness.AWAITING
        return FreshnessState(status, None, since)
    due = min(candidates)
    if now >= due:
        status = Freshness.OVERDUE if last_update_at else Freshness.NEVER
    elif _used(now, base, due) >= due_soon_fraction:
        status = Freshness.DUE_SOON
    else:
        status = Freshness.FRESH if last_update_at else Freshness.AWAITING
    broken = (
        promised_next_at
        if promised_next_at is not None and last_update_at is not None and now > promised_next_at
        else None
    )
    return FreshnessState(status, due, since, broken)


def _used(now: datetime, base: datetime, due: datetime) -> float:
    interval = due - base
    return (now - base) / interval if interval > timedelta(0) else 1.0


def channel_freshness(
    *,
    now: datetime,
    last_on_channel: datetime | None,
    cadence: timedelta | None,
    due_soon_fraction: float = DUE_SOON_FRACTION,
) -> Freshness | None:
    """How fresh one channel of a group is: the same rule, on that channel's last update.

    None when nothing was sent on the channel (the cell then shows only "nothing sent").
    """
    if last_on_channel is None:
        return None
    if cadence is None:
        return Freshness.ON_DEMAND
    due = last_on_channel + cadence
    if now >= due:
        return Freshness.OVERDUE
    if _used(now, last_on_channel, due) >= due_soon_fraction:
        return Freshness.DUE_SOON
    return Freshness.FRESH


def transitions(
    before: dict[str, Freshness], after: dict[str, Freshness]
) -> list[tuple[str, Freshness, Freshness]]:
    """Groups whose status changed between two ticks, as (group id, was, now)."""
    return [
        (key, before[key], status)
        for key, status in after.items()
        if key in before and before[key] is not status
    ]
