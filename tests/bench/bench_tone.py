"""Benchmark: linting a 1,000-word customer notice, as the drafting pane does on each pause.

The text is the shipped customer-notice template, filled in and repeated to 1,000
words, with the fact sheet of the demo's data exposure. The floor is one pass of the
word pattern over the same text: the least any reading of it can cost.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from benchlib import BenchError, Result, median, spread

from crisisdesk.tone import lint
from crisisdesk.tone.profiles import load_profiles
from crisisdesk.tone.readability import warm_up
from crisisdesk.tone.templates import load_templates
from crisisdesk.tone.text import WORD

WORDS = 1000
RUNS = 200
LIMIT_US = 10_000


@dataclass(frozen=True)
class Fact:
    key: str
    value: str
    status: str
    statement: str = ""


FACTS = [
    Fact("records_exposed", "about 1,000,000", "confirmed"),
    Fact("customers_offline", "about 450,000", "confirmed"),
    Fact("data_categories", "name, email, date of birth, phone", "confirmed"),
    Fact("exposure_start", "29 May 2025", "confirmed"),
    Fact("call_centre_wait", "94 minutes", "unconfirmed"),
    Fact("payment_data", "none found", "retracted"),
]


def notice() -> str:
    template = next(t for t in load_templates().all if t.id == "customer_notice")
    body = re.sub(r"\[([^\]]*?)(?:e\.g\. ([^\]]*))?\]", lambda m: m[2] or "15:00", template.body)
    text = body
    while len(WORD.findall(text)) < WORDS:
        text += "\n\n" + body
    words = list(WORD.finditer(text))
    return text[: words[WORDS - 1].end()] + "."


def timed(work: object, text: str) -> float:
    assert callable(work)
    start = time.perf_counter()
    work(text)
    return (time.perf_counter() - start) * 1e6


def run(_folder: Path) -> Result:
    profile = load_profiles().get("customers")
    if profile is None:
        raise BenchError("the shipped customers profile is missing")
    text = notice()
    warm_up()  # the pronouncing dictionary loads once per process, before the first lint
    lint(text, profile, "email", FACTS)

    def app(t: str) -> None:
        lint(t, profile, "email", FACTS)

    print(f"== tone lint: a {WORDS}-word customer notice ({RUNS} runs) ==")
    app_us = [timed(app, text) for _ in range(RUNS)]
    floor_us = [timed(WORD.findall, text) for _ in range(RUNS)]
    print(f"  app:   {spread(app_us, 'µs')}")
    print(f"  floor: {spread(floor_us, 'µs')}  (one pass of the word pattern)")
    result = Result("tone lint 1000 words", median(app_us), median(floor_us), "µs", None, LIMIT_US)
    print(result.line())
    return result
