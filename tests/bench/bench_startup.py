"""Benchmark 1: cold start of ``crisisdesk --db DEMO.sqlite`` to the first painted window.

Each run is a fresh process. The clock starts in this process just before the
child is spawned and stops at the ``painted <monotonic>`` line the child
prints; CLOCK_MONOTONIC is system-wide on Linux, so the two readings compare.
The floor is ``floor_window.py``, measured the same way, in alternation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchlib import BenchError, Result, median, spread

RUNS = 11  # the machine is noisy: medians of seven still moved by 10 %
TARGET = 1.3
TIMEOUT_S = 60.0
DESK_ID = "be7c4be7c4be7c4be7c4be7c4be7c400"
FLOOR_SCRIPT = Path(__file__).with_name("floor_window.py")


def crisisdesk_command() -> Path:
    """The ``crisisdesk`` console script installed next to this interpreter."""
    command = Path(sys.executable).with_name("crisisdesk")
    if not command.exists():
        raise BenchError(f"{command} is missing: install the project with 'make' first")
    return command


def make_home(folder: Path) -> Path:
    """A CRISISDESK_HOME holding a finished desk identity, so no first-run dialog appears."""
    home = folder / "home"
    config = home / "config"
    config.mkdir(parents=True)
    desk = {"desk_id": DESK_ID, "name": "Bench", "role": "Scribe"}
    (config / "desk.json").write_text(json.dumps(desk), encoding="utf-8")
    return home


def make_demo_database(folder: Path, env: dict[str, str]) -> Path:
    """The demo database, written once by the ``crisisdesk demo`` command itself."""
    path = folder / "demo.sqlite"
    done = subprocess.run(
        [str(crisisdesk_command()), "demo", "--db", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0 or not path.exists():
        raise BenchError(
            f"'crisisdesk demo' failed (exit {done.returncode}): {done.stderr.strip()}"
        )
    return path


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The app starts as it does from its second run on: the warm-up run writes its
    # bytecode caches, as any first run does. The floor's libraries were byte-compiled
    # when pip installed them; without this the app alone would compile its own modules
    # on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["CRISISDESK_HOME"] = str(home)
    env["CRISISDESK_STARTUP_PROBE"] = "1"
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def time_to_paint(
    argv: Sequence[str], env: dict[str, str], ready: list[float] | None = None
) -> float:
    """Milliseconds from spawning ``argv`` to the first paint it reports.

    The app also reports when the incident's data is on screen (``ready``), a moment
    after its first paint; those times go into ``ready`` when given.
    """
    start = time.monotonic()
    try:
        done = subprocess.run(
            list(argv), env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as err:
        raise BenchError(f"{argv[0]} did not finish within {TIMEOUT_S:.0f} s") from err
    painted = None
    for line in done.stdout.splitlines():
        word, _, stamp = line.partition(" ")
        if word == "painted" and painted is None:
            painted = (float(stamp) - start) * 1000
        elif word == "ready" and ready is not None:
            ready.append((float(stamp) - start) * 1000)
    if painted is not None:
        return painted
    raise BenchError(
        f"{' '.join(argv)} never reported a paint (exit {done.returncode}): "
        f"{done.stderr.strip()[-2000:]}"
    )


def run(folder: Path) -> Result:
    home = make_home(folder)
    env = child_env(home)
    database = make_demo_database(folder, env)
    app = [str(crisisdesk_command()), "--db", str(database)]
    floor = [sys.executable, str(FLOOR_SCRIPT)]
    print(f"== startup: cold start to first paint ({RUNS} runs each, alternating) ==")
    print(f"  platform: {env.get('QT_QPA_PLATFORM') or 'DISPLAY=' + env['DISPLAY']}")
    time_to_paint(app, env)  # warm-ups: fill the page cache, write ui.ini, then discard
    time_to_paint(floor, env)
    app_ms: list[float] = []
    ready_ms: list[float] = []
    floor_ms: list[float] = []
    for i in range(RUNS):
        # Swap which goes first each round, so neither always runs on a just-busied machine.
        pair = [(app, app_ms), (floor, floor_ms)]
        for argv, times in pair if i % 2 == 0 else reversed(pair):
            times.append(time_to_paint(argv, env, ready_ms if argv is app else None))
    print(f"  app:   {spread(app_ms, 'ms')}")
    if ready_ms:
        print(f"  app, incident data on screen: {spread(ready_ms, 'ms')}")
    print(f"  floor: {spread(floor_ms, 'ms')}")
    result = Result("startup", median(app_ms), median(floor_ms), "ms", TARGET)
    print(result.line())
    return result
