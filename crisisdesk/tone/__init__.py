"""Tone linting of drafts: pure functions over text, an audience profile and the fact sheet."""

from __future__ import annotations

from collections.abc import Sequence

from crisisdesk.tone import rules
from crisisdesk.tone.facts_check import FactLike, check_numbers, check_placeholders
from crisisdesk.tone.findings import Finding, without_overlaps
from crisisdesk.tone.profiles import Profile
from crisisdesk.tone.readability import score
from crisisdesk.tone.text import sentences

__all__ = ["Finding", "lint"]


def lint(
    text: str, profile: Profile, channel: str, facts: Sequence[FactLike] = ()
) -> list[Finding]:
    """Everything a seasoned comms lead would point out in ``text``, in text order."""
    split = sentences(text)
    findings = [
        *rules.missing_elements(text, profile),
        *rules.blanks(text),
        *rules.avoided_phrases(text, profile),
        *rules.jargon(text, profile),
        *rules.speculation(text, profile),
        *rules.absolute_promises(text),
        *rules.hidden_actor(text),
        *rules.long_sentences(split, profile),
        *rules.readability_findings(text, profile, score(text, split)),
        *rules.channel_length(text, profile, channel),
        *check_placeholders(text, facts),
        *check_numbers(text, facts),
    ]
    return without_overlaps(findings)
