"""How fresh each stakeholder's information is: pure functions of the record and ``now``."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

DUE_SOON_FRACTION = 0.75


class Freshness(enum.Enum):
    FRESH = "fresh"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    NEVER = "never updated"
    PAUSED = "paused"
    ON_DEMAND = "on demand"


@dataclass(frozen=True)
class FreshnessState:
    status: Freshness
    next_due: datetime | None
    since_last: timedelta | None
    broken_promise: datetime | None = None

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
    """Classify one stakeholder.

    The next update is due at the earlier of "last update + cadence" and any
    promise made in that update. With no update yet, the clock runs from the
    start of the incident.
    """
    since = None if last_update_at is None else now - last_update_at
    if not active:
        return FreshnessState(Freshness.PAUSED, None, since)
    base = last_update_at or incident_started_at
    candidates = []
    if cadence is not None:
        candidates.append(base + cadence)
    if promised_next_at is not None and last_update_at is not None:
        candidates.append(promised_next_at)
    if not candidates:
        status = Freshness.ON_DEMAND if last_update_at else Freshness.NEVER
        return FreshnessState(status, None, since)
    due = min(candidates)
    broken = promised_next_at if promised_next_at is not None and now > promised_next_at else None
    if last_update_at is None:
        status = Freshness.NEVER
    elif now >= due:
        status = Freshness.OVERDUE
    else:
        interval = due - base
        used = (now - base) / interval if interval > timedelta(0) else 1.0
        status = Freshness.DUE_SOON if used >= due_soon_fraction else Freshness.FRESH
    if last_update_at is None:
        broken = None
    return FreshnessState(status, due, since, broken if status is Freshness.OVERDUE else None)
