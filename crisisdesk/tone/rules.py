"""The lint rules. Each takes the text (and what it needs) and returns findings.

The language rules here hold for every audience; what differs per audience (required
elements, phrases to avoid, jargon, readability and length targets) comes from its
profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crisisdesk.tone import channels, readability
from crisisdesk.tone.findings import Finding
from crisisdesk.tone.prefilter import Pattern
from crisisdesk.tone.profiles import Profile
from crisisdesk.tone.text import Sentence

FLAGS = re.IGNORECASE
SPECULATION = Pattern(
    r"\b(?:probably|most likely|(?:is|was|are|were) likely|it (?:seems|appears)|"
    r"(?:seems|appears) to (?:be|have)|we (?:suspect|assume|guess|think)|presumably|"
    r"(?:may|might|could) have been|possibly|perhaps|"
    r"(?:russian|chinese|north korean|iranian|state[- ]sponsored|nation[- ]state)"
    r"\s+(?:hackers?|attackers?|actors?|gangs?|groups?))\b"
)
MARKED_AS_HYPOTHESIS = re.compile(
    r"\b(?:hypothes[ie]s|unconfirmed|working theory|not (?:yet )?confirmed|to be confirmed|tbc)\b",
    FLAGS,
)
ABSOLUTE = Pattern(
    r"\b(?:guarantee[sd]?|100\s?% (?:safe|secure|protected)|(?:completely|totally|fully|perfectly) "
    r"(?:safe|secure|protected)|(?:will|can) never happen again|never happen again|"
    r"rest assured|there is no (?:risk|danger|threat)|no risk (?:at all|whatsoever)|"
    r"(?:completely|fully|totally) (?:eliminated|eradicated))\b"
)
_HIDDEN_VERBS = (
    "accessed|exposed|compromised|stolen|leaked|taken|lost|breached|made|copied|downloaded|"
    "exfiltrated|deleted|encrypted|viewed|obtained|disclosed|shared|misused|released|posted|"
    "hacked|affected|impacted"
)
PASSIVE = Pattern(
    rf"\b(?:was|were|has been|have been|had been|is being|are being|got|may have been|"
    rf"might have been)\s+(?:\w+ly\s+)?(?:{_HIDDEN_VERBS})\b(?![^.!?\n]{{0,40}}\bby\b)"
)
MISTAKES_WERE_MADE = Pattern(r"\bmistakes (?:were|have been) made\b")
BLANK = re.compile(r"\[[^\[\]\n]{1,120}\]")


@dataclass(frozen=True)
class Compiled:
    """A profile's patterns, compiled once."""

    elements: tuple[tuple[str, tuple[Pattern, ...]], ...]
    avoid: tuple[Pattern, ...]
    jargon: tuple[tuple[str, re.Pattern[str], str], ...]  # lower-cased term, pattern, plain


_compiled: dict[int, tuple[Profile, Compiled]] = {}


def compiled(profile: Profile) -> Compiled:
    # Keyed by identity, holding the profile too, so a recycled id can never match.
    hit = _compiled.get(id(profile))
    if hit is not None and hit[0] is profile:
        return hit[1]
    result = Compiled(
        tuple((e.id, tuple(Pattern(p) for p in e.patterns)) for e in profile.elements),
        tuple(Pattern(a.pattern) for a in profile.avoid),
        tuple(
            (term.lower(), re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", FLAGS), plain)
            for term, plain in sorted(profile.jargon.items(), key=lambda t: -len(t[0]))
        ),
    )
    if len(_compiled) > 64:
        _compiled.clear()
    _compiled[id(profile)] = (profile, result)
    return result


def elements_present(text: str, profile: Profile) -> dict[str, bool]:
    """For the live checklist: each required element, and whether the text has it."""
    lowered = text.lower()
    return {
        element_id: any(p.search(text, lowered) for p in patterns)
        for element_id, patterns in compiled(profile).elements
    }


def missing_elements(text: str, profile: Profile) -> list[Finding]:
    present = elements_present(text, profile)
    return [
        Finding(
            f"missing.{element.id}",
            element.severity,
            0,
            0,
            f"Missing: {element.label[:1].lower() + element.label[1:]}",
            element.hint,
        )
        for element in profile.elements
        if not present[element.id]
    ]


def avoided_phrases(text: str, profile: Profile) -> list[Finding]:
    findings = []
    lowered = text.lower()
    for avoid, pattern in zip(profile.avoid, compiled(profile).avoid, strict=True):
        for match in pattern.finditer(text, lowered):
            if match.end() > match.start():
                findings.append(
                    Finding(
                        f"avoid.{avoid.kind}",
                        avoid.severity,
                        match.start(),
                        match.end(),
                        avoid.why,
                        avoid.instead,
                    )
                )
    return findings


def jargon(text: str, profile: Profile) -> list[Finding]:
    if profile.technical:
        return []
    findings: list[Finding] = []
    lowered = text.lower()
    # Longer terms come first, so "threat actor" wins over "actor" where both match.
    for term, pattern, plain in compiled(profile).jargon:
        if term.isascii() and term not in lowered:
            continue
        findings.extend(
            Finding(
                "jargon",
                "warning",
                match.start(),
                match.end(),
                f"'{match.group()}' is jargon for {profile.name.lower()}",
                f"Say: {plain}",
                replacement=plain,
            )
            for match in pattern.finditer(text)
        )
    return findings


def speculation(text: str, profile: Profile) -> list[Finding]:
    findings = []
    for match in SPECULATION.finditer(text, text.lower()):
        if profile.speculation_ok_when_marked and _sentence_marked(text, match.start()):
            continue
        findings.append(
            Finding(
                "speculation",
                "warning",
                match.start(),
                match.end(),
                "A guess stated as if it were known",
                "Say what is known and what is not known yet"
                + (", or label it a hypothesis" if profile.speculation_ok_when_marked else ""),
            )
        )
    return findings


def _sentence_marked(text: str, at: int) -> bool:
    start = max(text.rfind(".", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [i for i in (text.find(".", at), text.find("\n", at)) if i >= 0]
    end = min(ends) if ends else len(text)
    return bool(MARKED_AS_HYPOTHESIS.search(text, start, end))


def absolute_promises(text: str) -> list[Finding]:
    return [
        Finding(
            "absolute",
            "warning",
            m.start(),
            m.end(),
            "A promise nobody can keep; if it is broken, trust goes with it",
            "Say what you are doing to make it less likely, not that it cannot happen",
        )
        for m in ABSOLUTE.finditer(text, text.lower())
    ]


def hidden_actor(text: str) -> list[Finding]:
    findings = [
        Finding(
            "passive",
            "warning",
            m.start(),
            m.end(),
            "'Mistakes were made' hides who made them",
            "Own it: 'We made a mistake: …'",
        )
        for m in MISTAKES_WERE_MADE.finditer(text, text.lower())
    ]
    for m in PASSIVE.finditer(text, text.lower()):
        findings.append(
            Finding(
                "passive",
                "info",
                m.start(),
                m.end(),
                "Passive voice hides who did it",
                "Say who, or what is known about who: 'criminals copied …', "
                "'we do not yet know who …'",
            )
        )
    return findings


def blanks(text: str) -> list[Finding]:
    return [
        Finding(
            "blank",
            "error",
            m.start(),
            m.end(),
            "A blank from the template is still to be filled in",
            f"Replace {m.group()} with the real words",
        )
        for m in BLANK.finditer(text)
    ]


def readability_findings(
    text: str, profile: Profile, scored: readability.Readability
) -> list[Finding]:
    target = profile.readability
    findings: list[Finding] = []
    if scored.words >= 20 and scored.grade > target.max_grade:
        findings.append(
            Finding(
                "readability.grade",
                "warning",
                0,
                0,
                f"Reads at grade {scored.grade:.1f}; {profile.name.lower()} need "
                f"{target.max_grade:g} or below",
                "Shorter sentences and shorter words: the hardest sentences are marked",
            )
        )
        hardest = sorted(
            (s for s in scored.sentences if s.sentence.words >= 6 and s.grade > target.max_grade),
            key=lambda s: s.grade,
            reverse=True,
        )[:3]
        for s in hardest:
            findings.append(
                Finding(
                    "readability.sentence",
                    "info",
                    s.sentence.start,
                    s.sentence.end,
                    f"One of the hardest sentences (grade {s.grade:.0f})",
                    "Split it, or use everyday words",
                )
            )
    if len(scored.sentences) >= 2 and (
        scored.average_sentence_words > target.max_average_sentence_words
    ):
        findings.append(
            Finding(
                "readability.average",
                "info",
                0,
                0,
                f"Sentences average {scored.average_sentence_words:.0f} words; aim for "
                f"{target.max_average_sentence_words:g} or fewer",
                "Break the longest sentences in two",
            )
        )
    return findings


def long_sentences(split: list[Sentence], profile: Profile) -> list[Finding]:
    limit = profile.readability.max_sentence_words
    return [
        Finding(
            "sentence.long",
            "warning",
            s.start,
            s.end,
            f"{s.words} words in one sentence; keep to {limit} or fewer",
            "Split it where the idea changes",
        )
        for s in split
        if s.words > limit
    ]


def channel_length(text: str, profile: Profile, channel: str) -> list[Finding]:
    limit = channels.limit_for(channel, profile.channels)
    measured = channels.measure(text, channel, limit)
    over = measured.over()
    if over:
        start = channels.overflow_start(text, channel, measured)
        if start >= len(text):
            return [
                Finding(
                    "channel.length",
                    "error",
                    0,
                    0,
                    f"Too long for this channel: {over}",
                    "Cut it down, or link to the full notice",
                )
            ]
        return [
            Finding(
                "channel.length",
                "error",
                start,
                len(text),
                f"Too long for this channel: {over}",
                "Cut it down, or link to the full notice",
            )
        ]
    under = measured.under()
    if under:
        return [Finding("channel.short", "info", 0, 0, f"Short for this channel: {under}")]
    return []
