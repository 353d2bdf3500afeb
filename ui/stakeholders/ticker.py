"""What the window does each second for the stakeholders: work out every group's status
and every legal clock (cheap, no database), and repaint the tables only when something
they show has changed: a status, or the minute their times are written in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from crisisdesk.cadence import Freshness, transitions
from ui.stakeholders.matrix import MatrixModel

if TYPE_CHECKING:
    from crisisdesk.deadlines import ClockState
    from ui.stakeholders.clocks import ClocksPane


class Ticks(Protocol):
    def tick(self) -> None: ...


Transition = tuple[str, Freshness, Freshness]


class StatusTicker:
    def __init__(self, matrix: MatrixModel, others: Sequence[Ticks] = ()) -> None:
        self.matrix = matrix
        self.others = list(others)
        self.statuses: dict[str, Freshness] = {}
        self._minute: datetime | None = None

    def reset(self, now: datetime) -> None:
        """The groups were just (re)loaded: take their statuses as the new baseline."""
        self.statuses = self.matrix.statuses(now)

    def tick(
        self,
        now: datetime,
        clocks_pane: ClocksPane | None = None,
        clock_states: Callable[[datetime], list[ClockState]] | None = None,
        aware_at: datetime | None = None,
    ) -> list[Transition]:
        """One second on; returns the groups whose status changed since the last tick."""
        statuses = self.matrix.statuses(now)
        changed = transitions(self.statuses, statuses)
        minute = now.replace(second=0, microsecond=0)
        repaint = bool(changed) or statuses.keys() != self.statuses.keys() or minute != self._minute
        self.statuses = statuses
        if clocks_pane is not None and clock_states is not None:
            _tick_clocks(clocks_pane, clock_states(now), aware_at, repaint)
        if repaint:
            self._minute = minute
            self.matrix.tick()
            for model in self.others:
                model.tick()
        return changed


def _tick_clocks(
    pane: ClocksPane, states: list[ClockState], aware_at: datetime | None, repaint: bool
) -> None:
    from crisisdesk.deadlines import ClockStatus

    shown = [s.status for s in states if s.status is not ClockStatus.NOT_APPLICABLE]
    if shown != [s.status for s in pane.model.rows()]:
        pane.show_clocks(states, aware_at)  # keeps the "met by" lines it has
    elif repaint:
        pane.model.tick()
