"""Run every benchmark and print its result; ``make bench`` runs this file.

``run.py "timeline open" filter`` runs only the benchmarks named.

Exits 0 when every benchmark ran, whether or not it met its target (this is a
measurement, not a test), and 1 when a benchmark could not run at all.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

import bench_append
import bench_chart
import bench_matrix
import bench_pdf
import bench_startup
import bench_timeline
import bench_tone
import bench_wall
from benchlib import Result

BENCHMARKS: dict[str, Callable[[Path], Result]] = {
    "startup": bench_startup.run,
    "append": bench_append.run,
    "append, encrypted": bench_append.run_encrypted,
    "timeline open": bench_timeline.run_open,
    "filter": bench_timeline.run_filter,
    "memory": bench_timeline.run_memory,
    "chart": bench_chart.run,
    "matrix tick": bench_matrix.run_tick,
    "idle CPU": bench_matrix.run_idle_cpu,
    "tone lint": bench_tone.run,
    "pdf demo": bench_pdf.run_demo,
    "pdf 10k": bench_pdf.run_large,
    "wall idle CPU": bench_wall.run_idle_cpu,
    "wall refresh": bench_wall.run_refresh,
}


def run_one(name: str, bench: Callable[[Path], Result]) -> Result | None:
    """Run one benchmark in a fresh temp folder; None if it failed to run."""
    with tempfile.TemporaryDirectory(prefix=f"crisisdesk-bench-{name}-") as folder:
        try:
            return bench(Path(folder))
        except Exception:
            print(f"{name}: FAILED TO RUN", flush=True)
            traceback.print_exc()
            return None


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from: {', '.join(BENCHMARKS)}")
        return 2
    results: dict[str, Result | None] = {}
    for name, bench in BENCHMARKS.items():
        if names and name not in names:
            continue
        results[name] = run_one(name, bench)
        print(flush=True)
    print("== summary ==")
    for name, result in results.items():
        print(result.line() if result else f"{name}: did not run")
    return 0 if all(r is not None for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
