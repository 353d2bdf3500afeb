"""The shipped audience profiles and templates, and a team's own files beside them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk import paths
from crisisdesk.tone import lint
from crisisdesk.tone.profiles import Profile, load_profiles
from crisisdesk.tone.rules import elements_present
from crisisdesk.tone.templates import load_templates
from crisisdesk.vocabulary import CHANNELS

AUDIENCES = {"customers", "soc", "employees", "vendors", "press", "regulators", "board"}
SHIPPED = load_profiles()


def test_every_audience_ships_a_profile_and_every_file_is_good() -> None:
    assert set(SHIPPED.by_id) >= AUDIENCES
    assert list(SHIPPED.problems) == []


EXAMPLES = [
    pytest.param(profile, element, id=f"{profile.id}.{element.id}")
    for profile in SHIPPED.by_id.values()
    for element in profile.elements
]


@pytest.mark.parametrize(("profile", "element"), EXAMPLES)
def test_each_required_element_recognises_its_own_examples(
    profile: Profile, element: object
) -> None:
    from crisisdesk.tone.profiles import Element

    assert isinstance(element, Element)
    assert elements_present(element.examples.present, profile)[element.id], element.examples.present
    assert not elements_present(element.examples.absent, profile)[element.id], (
        element.examples.absent
    )


@pytest.mark.parametrize(
    "promise",
    [
        "Our next update will be at 15:00.",
        "We will update you by 17:30.",
        "We'll give you another update within 2 hours.",
        "Next update: 16:00 UTC.",
    ],
)
def test_next_update_is_recognised_in_every_profile_that_needs_it(promise: str) -> None:
    for profile in SHIPPED.by_id.values():
        present = elements_present(promise, profile)
        if "next_update" in present:
            assert present["next_update"], (profile.id, promise)


def test_non_technical_audiences_have_jargon_and_the_soc_does_not() -> None:
    assert len(SHIPPED.by_id["customers"].jargon) >= 15
    assert SHIPPED.by_id["soc"].technical and not SHIPPED.by_id["soc"].jargon


FACT_VALUES = {
    "data_categories": "names, email addresses, dates of birth and phone numbers",
    "exposure_start": "29 May 2025",
    "compensation": "an automatic credit for outages over 12 hours",
}


def as_example(blank: re.Match[str]) -> str:
    """A template blank filled the way its own example shows, else with a time and a number."""
    _, eg, example = blank.group()[1:-1].partition("e.g. ")
    return example if eg else "15:00 on 0800 123 456"


def test_templates_are_good_and_meet_their_audience_once_the_blanks_are_filled() -> None:
    templates = load_templates()
    assert list(templates.problems) == []
    assert {t.audience for t in templates.all} == AUDIENCES
    for template in templates.all:
        assert template.channel in CHANNELS
        profile = SHIPPED.by_id[template.audience]
        filled = re.sub(r"\[[^\]]*\]", as_example, template.body)
        filled = re.sub(r"\{(\w+)\}", lambda m: FACT_VALUES.get(m[1], "about 1,000,000"), filled)
        found = lint(filled, profile, template.channel)
        missing = [f.rule for f in found if f.rule.startswith("missing.") and f.severity != "info"]
        assert missing == [], (template.id, missing)
        assert not [f for f in found if f.rule.startswith("avoid.")], template.id


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_teams_profile_replaces_the_shipped_one_and_a_bad_file_is_reported() -> None:
    user = paths.config_dir() / "audiences"
    write(
        user,
        "press.toml",
        'id = "press"\nname = "Newsdesk"\ntone = "Short."\n'
        "[readability]\nmax_grade = 9\nmax_average_sentence_words = 18\n",
    )
    write(
        user,
        "broken.toml",
        'id = "board"\nname = "Board"\ntone = "x"\n[readability]\nmax_grade = "high"\n',
    )
    write(user, "notatoml.toml", "this is [not toml")
    loaded = load_profiles()
    assert loaded.by_id["press"].name == "Newsdesk"
    assert loaded.by_id["board"].name != "Board" or loaded.by_id["board"].elements  # shipped kept
    problems = {p.path.name: p for p in loaded.problems}
    assert set(problems) == {"broken.toml", "notatoml.toml"}
    assert problems["broken.toml"].where == "readability.max_grade"
    assert "fix or remove" in str(problems["broken.toml"])
    assert "cannot be read as TOML" in problems["notatoml.toml"].what
    assert set(loaded.by_id) >= AUDIENCES  # the rest keep working


HEAD = (
    'id = "x"\nname = "X"\ntone = "t"\n'
    "[readability]\nmax_grade = 8\nmax_average_sentence_words = 20\n"
)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            HEAD + '[[element]]\nid = "e"\nlabel = "E"\npatterns = ["(unclosed"]\nhint = "h"\n'
            '[element.examples]\npresent = "a"\nabsent = "b"\n',
            "element[0] (e).patterns[0]",
        ),
        (
            'id = "x"\nname = "X"\ntone = "t"\nsurprise = 1\n[readability]\nmax_grade = 8\n'
            "max_average_sentence_words = 20\n",
            "surprise",
        ),
        (
            HEAD + "[channel.carrier_pigeon]\nmax_chars = 3\n",
            "channel",
        ),
        (
            'id = "Bad Id"\nname = "X"\ntone = "t"\n[readability]\nmax_grade = 8\n'
            "max_average_sentence_words = 20\n",
            "id",
        ),
    ],
)
def test_malformed_profiles_name_the_key(tmp_path: Path, text: str, where: str) -> None:
    write(tmp_path, "p.toml", text)
    loaded = load_profiles(user_folder=tmp_path)
    assert [p.where for p in loaded.problems] == [where]


def test_a_huge_or_deeply_nested_file_is_refused_cleanly(tmp_path: Path) -> None:
    write(tmp_path, "huge.toml", 'tone = "' + "x" * 400_000 + '"\n')
    write(tmp_path, "deep.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n")
    loaded = load_profiles(user_folder=tmp_path)
    assert {p.path.name for p in loaded.problems} == {"huge.toml", "deep.toml"}


@given(st.text(max_size=300), st.sampled_from(sorted(AUDIENCES)), st.sampled_from(CHANNELS))
@settings(max_examples=100, deadline=None)
def test_shipped_profiles_lint_any_text_with_spans_inside_it(
    text: str, audience: str, channel: str
) -> None:
    for f in lint(text, SHIPPED.by_id[audience], channel):
        assert 0 <= f.start <= f.end <= len(text)
