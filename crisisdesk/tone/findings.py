"""What the linter reports: a rule, how serious, where in the text, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One thing to fix. ``start == end == 0`` means it is about the message as a whole."""

    rule: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str = ""
    # Text that can replace ``start:end`` as it is (a one-click fix), when there is one.
    replacement: str | None = None

    @property
    def whole_message(self) -> bool:
        return self.start == self.end == 0


def without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Per rule, keep the first of any findings whose spans overlap."""
    kept: list[Finding] = []
    last_end: dict[str, int] = {}
    for finding in sorted(findings, key=lambda f: (f.rule, f.start, -(f.end - f.start))):
        if finding.whole_message:
            kept.append(finding)
            continue
        if finding.start < last_end.get(finding.rule, -1):
            continue
        last_end[finding.rule] = finding.end
        kept.append(finding)
    kept.sort(key=lambda f: (f.start, SEVERITY_ORDER[f.severity], f.rule))
    return kept
