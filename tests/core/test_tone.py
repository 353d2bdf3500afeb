"""The tone linter: each rule on text that breaks it and text that does not."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.tone import lint
from crisisdesk.tone.channels import sms_count, x_weighted_length
from crisisdesk.tone.facts_check import fill, inconsistencies
from crisisdesk.tone.findings import Finding
from crisisdesk.tone.profiles import Profile
from crisisdesk.tone.rules import elements_present

CUSTOMERS = Profile.model_validate(
    {
        "id": "customers",
        "name": "Customers",
        "tone": "Warm and plain.",
        "readability": {"max_grade": 8, "max_average_sentence_words": 20, "max_sentence_words": 30},
        "element": [
            {
                "id": "next_update",
                "label": "When the next update comes",
                "patterns": [r"\bnext update\b", r"\bupdate you (?:by|at|within)\b"],
                "hint": "Say when: 'We will update you by 15:00.'",
                "severity": "error",
                "examples": {"present": "Next update at 15:00.", "absent": "We will update."},
            },
            {
                "id": "contact",
                "label": "How to reach us",
                "patterns": [r"\bcall us\b", r"[\w.]+@[\w.]+\w"],
                "hint": "Give a number or address.",
                "severity": "error",
                "examples": {"present": "Call us on 0800 1.", "absent": "We are here."},
            },
        ],
        "avoid": [
            {
                "pattern": r"\bwe take your (?:privacy|security) (?:very )?seriously\b",
                "kind": "hollow",
                "why": "Hollow without substance.",
                "instead": "Say what you are doing.",
            },
            {
                "pattern": r"\ba small number of\b",
                "kind": "minimising",
                "why": "Minimises.",
                "instead": "Give the number.",
            },
            {
                "pattern": r"\bhighly sophisticated (?:cyber ?)?attack\b",
                "kind": "blame",
                "why": "Sounds like an excuse.",
            },
        ],
        "jargon": {"DDoS": "a flood of internet traffic", "exfiltration": "copying of data"},
        "channel": {"sms": {"max_segments": 2}},
    }
)
SOC = CUSTOMERS.model_copy(
    update={"id": "soc", "name": "SOC", "technical": True, "speculation_ok_when_marked": True}
)
GOOD = (
    "We are sorry. On Saturday criminals flooded our network with traffic. "
    "We will update you by 15:00. Call us on 0800 123 456."
)


@dataclass(frozen=True)
class Fact:
    key: str
    value: str
    status: str
    statement: str = "a fact"


FACTS = [
    Fact("records_exposed", "about 1,000,000", "confirmed"),
    Fact("customers_offline", "about 450,000", "confirmed"),
    Fact("call_centre_wait", "94 minutes", "unconfirmed"),
    Fact("payment_data", "3,000 cards", "retracted"),
]


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_a_good_message_has_no_warnings_or_errors() -> None:
    found = lint(GOOD, CUSTOMERS, "email")
    assert [f for f in found if f.severity != "info"] == []


def test_missing_required_elements_are_reported_with_the_hint() -> None:
    found = lint("We are sorry. Our network is down.", CUSTOMERS, "email")
    missing = {f.rule: f for f in found if f.rule.startswith("missing.")}
    assert set(missing) == {"missing.next_update", "missing.contact"}
    assert missing["missing.next_update"].severity == "error"
    assert "15:00" in missing["missing.next_update"].suggestion
    assert elements_present(GOOD, CUSTOMERS) == {"next_update": True, "contact": True}


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("We take your privacy very seriously.", "avoid.hollow"),
        ("A small number of customers were affected.", "avoid.minimising"),
        ("This was a highly sophisticated attack.", "avoid.blame"),
    ],
)
def test_avoided_phrases_are_marked_where_they_stand(phrase: str, rule: str) -> None:
    text = f"{GOOD} {phrase}"
    hits = only(lint(text, CUSTOMERS, "email"), rule)
    assert len(hits) == 1
    assert text[hits[0].start : hits[0].end].lower() in phrase.lower()
    assert only(lint(GOOD, CUSTOMERS, "email"), rule) == []


def test_jargon_offers_the_plain_word_as_a_fix_but_not_for_the_soc() -> None:
    text = f"{GOOD} A DDoS hit us and exfiltration is possible."
    hits = only(lint(text, CUSTOMERS, "email"), "jargon")
    assert [text[f.start : f.end] for f in hits] == ["DDoS", "exfiltration"]
    assert hits[0].replacement == "a flood of internet traffic"
    assert only(lint(text, SOC, "phone"), "jargon") == []
    assert only(lint("The DDoSer is here.", CUSTOMERS, "email"), "jargon") == []


def test_speculation_is_flagged_unless_the_soc_marks_it_as_a_hypothesis() -> None:
    text = f"{GOOD} The attack was probably carried out by Russian hackers."
    hits = only(lint(text, CUSTOMERS, "email"), "speculation")
    assert [text[f.start : f.end] for f in hits] == ["probably", "Russian hackers"]
    marked = "Hypothesis: the botnet is probably the one seen last week."
    assert only(lint(marked, SOC, "phone"), "speculation") == []
    assert only(lint(marked, CUSTOMERS, "email"), "speculation") != []
    assert only(lint(GOOD, CUSTOMERS, "email"), "speculation") == []


@pytest.mark.parametrize(
    "promise",
    [
        "We guarantee your data is safe.",
        "Your account is 100% secure.",
        "This will never happen again.",
    ],
)
def test_absolute_promises(promise: str) -> None:
    assert len(only(lint(f"{GOOD} {promise}", CUSTOMERS, "email"), "absolute")) == 1


def test_passive_voice_that_hides_the_actor() -> None:
    text = f"{GOOD} Mistakes were made. Customer data was accessed."
    hits = only(lint(text, CUSTOMERS, "email"), "passive")
    assert [text[f.start : f.end] for f in hits] == ["Mistakes were made", "was accessed"]
    said = f"{GOOD} Customer data was accessed by criminals using a stolen password."
    assert only(lint(said, CUSTOMERS, "email"), "passive") == []


def test_hard_text_is_over_the_grade_and_its_hardest_sentence_is_marked() -> None:
    hard = (
        "Notwithstanding comprehensive organisational countermeasures, unauthorised "
        "exfiltration of personally identifiable information materialised subsequently. "
        "We are sorry. We will update you by 15:00. Call us on 0800 123 456."
    )
    found = lint(hard, CUSTOMERS, "email")
    assert "readability.grade" in rules(found)
    sentence = only(found, "readability.sentence")[0]
    assert hard[sentence.start : sentence.end].startswith("Notwithstanding")
    assert "readability.grade" not in rules(lint(GOOD, CUSTOMERS, "email"))


def test_a_sentence_over_the_profile_limit_is_marked() -> None:
    long = " ".join(["We"] + ["really"] * 32 + ["care."])
    hits = only(lint(f"{GOOD} {long}", CUSTOMERS, "email"), "sentence.long")
    assert len(hits) == 1
    assert "34 words" in hits[0].message


def test_sms_segments_and_encoding() -> None:
    assert sms_count("a" * 160).segments == 1
    assert sms_count("a" * 161).segments == 2
    assert sms_count("€" * 80).units == 160  # extension characters take two places
    uc = sms_count("危机" + "a" * 68)
    assert (uc.encoding, uc.segments) == ("UCS-2", 1)
    assert sms_count("危机" + "a" * 69).segments == 2


def test_x_counts_cjk_and_links_by_weight() -> None:
    assert x_weighted_length("abc") == 3
    assert x_weighted_length("危机") == 4
    assert x_weighted_length("see https://example.org/a/very/long/path/indeed") == 4 + 23


def test_text_over_the_channel_limit_is_underlined_from_where_it_no_longer_fits() -> None:
    text = f"{GOOD} " + "More news follows soon. " * 10
    hits = only(lint(text, CUSTOMERS, "sms"), "channel.length")
    assert len(hits) == 1
    assert "3 SMS parts (GSM-7)" in hits[0].message
    assert hits[0].start == 2 * 153 and hits[0].end == len(text)
    assert only(lint(GOOD, CUSTOMERS, "sms"), "channel.length") == []


def test_template_blanks_must_be_filled() -> None:
    text = f"{GOOD} Our press office is on [press office phone]."
    hits = only(lint(text, CUSTOMERS, "email"), "blank")
    assert text[hits[0].start : hits[0].end] == "[press office phone]"
    assert hits[0].severity == "error"


def test_a_number_that_contradicts_a_confirmed_fact_is_an_error() -> None:
    text = f"{GOOD} About 800,000 records were exposed."
    hit = only(lint(text, CUSTOMERS, "email", FACTS), "facts.contradicts")[0]
    assert text[hit.start : hit.end] == "800,000"
    assert hit.severity == "error"
    assert hit.replacement == "about 1,000,000"


def test_matching_figures_in_other_forms_are_fine() -> None:
    for said in ("1 million records", "1,000,000 records", "about a million records"):
        found = lint(f"{GOOD} Criminals copied {said}.", CUSTOMERS, "email", FACTS)
        assert not [f for f in found if f.rule.startswith("facts.")], said


def test_an_unconfirmed_figure_needs_hedging() -> None:
    bare = f"{GOOD} Callers waited 94 minutes."
    hedged = f"{GOOD} Callers waited up to 94 minutes."
    assert rules(lint(bare, CUSTOMERS, "email", FACTS)).count("facts.unhedged") == 1
    assert "facts.unhedged" not in rules(lint(hedged, CUSTOMERS, "email", FACTS))


def test_a_retracted_figure_is_an_error() -> None:
    text = f"{GOOD} Criminals took 3,000 payment cards."
    assert "facts.retracted" in rules(lint(text, CUSTOMERS, "email", FACTS))


def test_times_years_and_unrelated_numbers_are_not_checked_against_facts() -> None:
    text = f"{GOOD} Since 2019 we have 12 offices. Reply by 14:30 on 28 November."
    assert [f for f in lint(text, CUSTOMERS, "email", FACTS) if f.rule.startswith("facts.")] == []


def test_placeholders_fill_with_the_confirmed_value_and_flag_the_rest() -> None:
    text = "{records_exposed} records; wait {call_centre_wait}; {nope}; {payment_data}."
    assert fill(text, FACTS).startswith("about 1,000,000 records; wait {call_centre_wait}")
    found = {text[f.start : f.end]: f for f in lint(text, CUSTOMERS, "email", FACTS)}
    assert found["{records_exposed}"].replacement == "about 1,000,000"
    assert found["{call_centre_wait}"].severity == "warning"
    assert found["{nope}"].severity == "error"
    assert found["{payment_data}"].severity == "error"


def test_the_same_fact_told_differently_to_two_audiences_is_flagged_on_both() -> None:
    drafts = {
        "press": "About 1,000,000 records were exposed.",
        "staff": "Roughly 1.5 million records were exposed.",
        "board": "No figures yet.",
    }
    found = inconsistencies(drafts, FACTS, {"press": "Press", "staff": "Staff"})
    assert set(found) == {"press", "staff"}
    assert "Staff: 1.5 million" in found["press"][0].message
    same = {"a": "1 million records exposed", "b": "1,000,000 records were exposed"}
    assert inconsistencies(same, FACTS) == {}


def check_spans(text: str, findings: list[Finding]) -> None:
    last_end: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: (f.rule, f.start)):
        assert 0 <= f.start <= f.end <= len(text)
        if not f.whole_message:
            assert f.start >= last_end.get(f.rule, 0), f
            last_end[f.rule] = f.end


@given(st.text(max_size=400))
@settings(max_examples=150, deadline=None)
def test_lint_never_raises_and_spans_stay_inside_the_text(text: str) -> None:
    for channel in ("email", "sms", "social"):
        check_spans(text, lint(text, CUSTOMERS, channel, FACTS))


@pytest.mark.parametrize(
    "text",
    [
        "危机 😀 " * 50,
        "مرحبا بكم. " * 30,
        "Ṁîxéd áccents and emoji 🧯🔥 — 1,000,000 records {records_exposed} [blank]",
        "",
        "\n\n\n",
    ],
)
def test_unusual_scripts_lint_cleanly(text: str) -> None:
    check_spans(text, lint(text, CUSTOMERS, "social", FACTS))


def test_a_unit_alone_does_not_tie_a_figure_to_a_fact() -> None:
    facts = [*FACTS, Fact("compensation", "credit for outages over 12 hours", "confirmed")]
    text = f"{GOOD} Our engineers worked for 36 hours. Callers waited 94 hours."
    found = [f for f in lint(text, CUSTOMERS, "email", facts) if f.rule.startswith("facts.")]
    assert found == []  # neither is the compensation rule, and hours are not minutes


def test_the_prefilter_never_skips_what_the_regex_would_find() -> None:
    from crisisdesk.tone.prefilter import Pattern, start_words

    assert start_words(r"\bisolated (?:incident|issue)\b") == {
        "isolated incident",
        "isolated issue",
    }
    assert start_words(r"(?:a)?bcd") is None  # an optional start: always run
    for pattern, text in [("kısa süre", "KISA SÜRE içinde"), ("λάθος", "Ήταν ΛΆΘΟΣ μας")]:
        found = Pattern(pattern)
        assert found.search(text, text.lower()) is not None, pattern
