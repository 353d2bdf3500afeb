"""What every benchmark shares: the result line, medians, and the error for a failed run.

Benchmarks measure and print; they never assert on timings.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


class BenchError(RuntimeError):
    """A benchmark could not run (as opposed to running and missing its target)."""


@dataclass(frozen=True)
class Result:
    """One benchmark's outcome: the app's median against the floor's, in the same unit."""

    name: str
    app: float
    floor: float
    unit: str
    target: float | None  # the most the app may take, as a multiple of the floor
    limit: float | None = None  # the most the app may take, in ``unit``

    @property
    def ratio(self) -> float:
        return self.app / self.floor

    @property
    def met(self) -> bool:
        within_ratio = self.target is None or self.ratio <= self.target
        return within_ratio and (self.limit is None or self.app <= self.limit)

    def line(self) -> str:
        verdict = "met" if self.met else "MISSED"
        wanted = []
        if self.target is not None:
            wanted.append(f"<= {self.target}x")
        if self.limit is not None:
            wanted.append(f"<= {self.limit:g} {self.unit}")
        return (
            f"{self.name}: app {self.app:.0f} {self.unit} / floor {self.floor:.0f} {self.unit}"
            f" = {self.ratio:.2f}x (target {' and '.join(wanted)}: {verdict})"
        )


def median(values: Sequence[float]) -> float:
    if not values:
        raise BenchError("no measurements were taken")
    return statistics.median(values)


def spread(values: Sequence[float], unit: str) -> str:
    """Median, min and max of a series, for the detail lines above the result."""
    return (
        f"median {median(values):.0f} {unit}, min {min(values):.0f}, max {max(values):.0f}"
        f" (n={len(values)})"
    )
