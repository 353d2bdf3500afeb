"""Silences: the stretches in which a stakeholder group heard nothing, and whether each
ran past what was due. Pure functions of the updates sent, the cadence and ``now``.

A silence runs from one contact to the next: from the start of the incident to the
first update, between updates, and from the last update to ``now``. Together they tile
the incident from its start to ``now``, without gaps or overlaps.

What each silence was allowed follows ``crisisdesk.cadence``: the next update is due at
the earlier of "the update that opened the silence + cadence" and the time promised in
that update ("next update by 15:00"); the silence before the first update is allowed
the cadence from the start of the incident. A silence *exceeded* what was due when it
lasted strictly longer than that (an update sent on the minute it was due is on time).

With no cadence (on demand) and no promise nothing is due, so nothing is exceeded. A
group that is paused now owes nothing now: its last, ongoing silence is not judged,
while the silences that an update has already ended are judged as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

ZERO = timedelta(0)


class Sent(Protocol):
    """What a silence needs of an update: ``UpdateInfo`` and the ``Update`` rows have it."""

    @property
    def sent_at(self) -> datetime: ...
    @property
    def promised_next_at(self) -> datetime | None: ...


class Group(Protocol):
    """What ``for_groups`` needs of a group: ``StakeholderState`` has it."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def cadence(self) -> timedelta | None: ...
    @property
    def active(self) -> bool: ...


@dataclass(frozen=True)
class Silence:
    """One stretch without an update, from ``start`` to ``end``.

    ``allowed`` is how long it could last before an update was due (None: nothing was
    due); ``over_by`` is how much longer it lasted, set only when it ``exceeded`` that.
    ``broken_promise``: the update that opened it promised the next one by a time it
    ran past (``promised_at``). ``after_update``: it began with an update, not with the
    incident. ``ongoing``: it runs to ``now``, no update has ended it yet.
    """

    start: datetime
    end: datetime
    length: timedelta
    allowed: timedelta | None
    exceeded: bool
    over_by: timedelta | None
    broken_promise: bool
    promised_at: datetime | None = None
    after_update: bool = False
    ongoing: bool = False

    @property
    def due_at(self) -> datetime | None:
        """When the next update fell due; None when nothing was due."""
        return None if self.allowed is None else self.start + self.allowed


def silences(
    *,
    started_at: datetime,
    now: datetime,
    cadence: timedelta | None,
    updates: Iterable[Sent],
    active: bool = True,
) -> list[Silence]:
    """The group's silences from ``started_at`` to ``now``, in time order.

    Updates sent before the start count from the start; updates dated after ``now`` are
    not counted yet. Several updates at the same moment make one contact, and the last
    of them (in the order given) speaks for its promise, as in ``stakeholders.current``.
    """
    if now <= started_at:
        return []
    openings = _openings(started_at, now, updates)
    ends = [at for at, _ in openings[1:]] + [now]
    result = []
    last = len(openings) - 1
    for i, ((begin, opener), end) in enumerate(zip(openings, ends, strict=True)):
        if end > begin:
            judged = active or i < last  # a paused group owes nothing now
            rule = _Rule(started_at, cadence) if judged else None
            result.append(_silence(begin, end, opener, rule, ongoing=i == last))
    return result


def _openings(
    started_at: datetime, now: datetime, updates: Iterable[Sent]
) -> list[tuple[datetime, Sent | None]]:
    """When each silence began, and the update that began it (None: the incident did)."""
    openings: list[tuple[datetime, Sent | None]] = [(started_at, None)]
    for update in sorted(updates, key=lambda u: u.sent_at):
        if update.sent_at > now:
            break
        at = max(update.sent_at, started_at)
        if at == openings[-1][0]:
            openings[-1] = (at, update)
        else:
            openings.append((at, update))
    return openings


@dataclass(frozen=True)
class _Rule:
    """What a judged silence is held to."""

    started_at: datetime
    cadence: timedelta | None

    def due(self, opener: Sent | None) -> datetime | None:
        """When the next update falls due after ``opener`` (None: the incident's start)."""
        base = self.started_at if opener is None else opener.sent_at
        candidates = [] if self.cadence is None else [base + self.cadence]
        if opener is not None and opener.promised_next_at is not None:
            candidates.append(opener.promised_next_at)
        return min(candidates, default=None)


def _silence(
    begin: datetime, end: datetime, opener: Sent | None, rule: _Rule | None, *, ongoing: bool
) -> Silence:
    """The silence from ``begin`` to ``end``; ``rule`` None when nothing is owed."""
    due = None if rule is None else rule.due(opener)
    promised = opener.promised_next_at if opener is not None and rule is not None else None
    length = end - begin
    allowed = None if due is None else max(due - begin, ZERO)
    exceeded = allowed is not None and length > allowed
    return Silence(
        start=begin,
        end=end,
        length=length,
        allowed=allowed,
        exceeded=exceeded,
        over_by=length - allowed if exceeded and allowed is not None else None,
        broken_promise=promised is not None and end > promised,
        promised_at=promised,
        after_update=opener is not None,
        ongoing=ongoing,
    )


def longest(found: Iterable[Silence]) -> Silence | None:
    """The longest silence (the earliest of equals); None when there is none."""
    return max(found, key=lambda s: s.length, default=None)


def exceeded(found: Iterable[Silence]) -> list[Silence]:
    """The silences that ran past what was due, in time order."""
    return [s for s in found if s.exceeded]


def for_groups(
    groups: Sequence[Group],
    updates: Mapping[str, Sequence[Sent]],
    *,
    started_at: datetime,
    now: datetime,
) -> list[tuple[str, list[Silence]]]:
    """Each group's name and silences, in the order given; ``updates`` is by group id."""
    return [
        (
            group.name,
            silences(
                started_at=started_at,
                now=now,
                cadence=group.cadence,
                updates=updates.get(group.id, ()),
                active=group.active,
            ),
        )
        for group in groups
    ]
