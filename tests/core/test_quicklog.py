"""The quick-log line: one typed line read into text, time, category and actor."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.quicklog import DISPLAY, FUTURE_GRACE, NO_TEXT, TAGS, QuickEntry, parse
from crisisdesk.vocabulary import CATEGORIES

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# Sunday 29 November 2026, 16:00 UTC: 16:00 in London (GMT), 11:00 in New York (EST).
NOW = datetime(2026, 11, 29, 16, 0, tzinfo=UTC)
ACTORS = ("Ruth Calloway", "Dev Chaudhry", "Devon Hart", "SOC")


def read(line: str, tz: tzinfo = LONDON, now: datetime = NOW) -> QuickEntry:
    return parse(line, now=now, tz=tz, actors=ACTORS)


def local(entry: QuickEntry, tz: tzinfo = LONDON) -> datetime:
    assert entry.occurred_at is not None
    return entry.occurred_at.astimezone(tz)


# --- the vocabulary --------------------------------------------------------------------------


def test_tags_and_display_words_cover_the_categories() -> None:
    assert set(TAGS.values()) <= set(CATEGORIES)
    assert set(DISPLAY) == set(CATEGORIES)
    assert all(TAGS[category] == category for category in CATEGORIES)
    assert all(word == word.lower() for word in TAGS)


# --- plain lines -----------------------------------------------------------------------------


def test_plain_text_is_now_and_a_note() -> None:
    entry = read("Legal asked for the customer list")
    assert entry == QuickEntry(
        text="Legal asked for the customer list",
        category=None,
        actor="",
        occurred_at=None,
        reading="Now · Note",
        warnings=(),
        future=False,
    )


def test_the_brief_example() -> None:
    entry = read("14:05 SOC confirms DDoS from botnet")
    assert entry.text == "SOC confirms DDoS from botnet"
    assert entry.occurred_at == datetime(2026, 11, 29, 14, 5, tzinfo=UTC)
    assert entry.reading == "At 14:05 today · Note"
    assert (entry.category, entry.actor, entry.warnings, entry.future) == (None, "", (), False)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("  lots   of\tspace\n here  ", "lots of space here"),
        ("nul\x00and\x07bell", "nul and bell"),
        ("line\u2028separator", "line separator"),
        ("émoji 🔥 and ünïcode", "émoji 🔥 and ünïcode"),
    ],
)
def test_whitespace_and_control_characters_are_tidied(line: str, text: str) -> None:
    assert read(line).text == text


@pytest.mark.parametrize("line", ["", "   ", "#decision", "14:05", "@SOC #act", "\x00"])
def test_an_empty_text_is_flagged(line: str) -> None:
    entry = read(line)
    assert entry.text == ""
    assert NO_TEXT in entry.warnings


# --- the time prefix -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "clock"),
    [
        ("14:05 x", time(14, 5)),
        ("9:05 x", time(9, 5)),
        ("09:05 x", time(9, 5)),
        ("00:00 x", time(0, 0)),
        ("14:05:30 x", time(14, 5, 30)),
        ("2:05pm x", time(14, 5)),
        ("2:05 pm x", time(14, 5)),
        ("2:05 PM x", time(14, 5)),
        ("2:05p.m. x", time(14, 5)),
        ("9:00 a.m. x", time(9, 0)),
        ("12:30am x", time(0, 30)),
        ("12:30pm x", time(12, 30)),
        ("12:00 am x", time(0, 0)),
        ("0:30am x", time(0, 30)),
        ("13:00pm x", time(13, 0)),
        ("3:59:59pm x", time(15, 59, 59)),
        ("14:05, x", time(14, 5)),
        ("14:05: x", time(14, 5)),
        ("14:05 - x", time(14, 5)),
        ("14:05 — x", time(14, 5)),
        ("2:05 pm – x", time(14, 5)),
    ],
)
def test_time_prefixes(line: str, clock: time) -> None:
    entry = read(line)
    assert entry.text == "x"
    assert local(entry).date() == NOW.date()
    assert local(entry).time() == clock
    assert entry.warnings == ()


@pytest.mark.parametrize(
    ("line", "typed"),
    [
        ("25:61 odd", "25:61"),
        ("14:75 odd", "14:75"),
        ("24:00 odd", "24:00"),
        ("14:05:60 odd", "14:05:60"),
        ("14:05am odd", "14:05am"),
        ("13:00 am odd", "13:00 am"),
        ("0:30pm odd", "0:30pm"),
        ("yesterday 99:99 odd", "99:99"),
    ],
)
def test_an_invalid_time_is_kept_as_text(line: str, typed: str) -> None:
    entry = read(line)
    assert entry.text == line
    assert entry.occurred_at is None
    assert entry.reading == "Now · Note"
    assert entry.warnings == (f"'{typed}' is not a time of day; kept as text",)


@pytest.mark.parametrize(
    "line",
    [
        "1400 customers called",
        "3:5 is not a time",
        "14h05 in French",
        "14.05 with a dot",
        "x 14:05 not at the start",
        "#decision 14:05 not at the start",
        "- 14:05 not at the start",
        "yesterday we were fine",
        "yesterday",
        "am I late",
        "- a dash",
    ],
)
def test_things_that_are_not_times(line: str) -> None:
    entry = read(line)
    assert entry.occurred_at is None
    assert entry.text == " ".join(w for w in line.split() if w != "#decision")
    assert not any("time of day" in w for w in entry.warnings)


def test_yesterday() -> None:
    entry = read("yesterday 23:10 first reports on social #external")
    assert entry.occurred_at == datetime(2026, 11, 28, 23, 10, tzinfo=UTC)
    assert entry.text == "first reports on social"
    assert entry.reading == "At 23:10 yesterday · External"
    assert not entry.future


def test_yesterday_is_any_case_and_takes_am_pm() -> None:
    entry = read("Yesterday 9:15pm press call")
    assert local(entry) == datetime(2026, 11, 28, 21, 15, tzinfo=LONDON)
    assert entry.text == "press call"


def test_the_local_date_is_used_not_the_utc_one() -> None:
    # 03:00 UTC on the 29th is 22:00 on the 28th in New York: "today" is the 28th there.
    now = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    entry = read("21:00 x", NEW_YORK, now)
    assert entry.occurred_at == datetime(2026, 11, 29, 2, 0, tzinfo=UTC)
    assert entry.reading == "At 21:00 today · Note"
    assert not entry.future
    assert local(read("yesterday 21:00 x", NEW_YORK, now), NEW_YORK).day == 27


def test_a_new_york_time_is_converted_to_utc() -> None:
    entry = read("9:30am bridge opened", NEW_YORK)
    assert entry.occurred_at == datetime(2026, 11, 29, 14, 30, tzinfo=UTC)
    assert entry.occurred_at.tzinfo is UTC
    assert entry.reading == "At 09:30 today · Note"


def test_a_future_time_is_kept_and_flagged() -> None:
    entry = read("19:05 it was yesterday evening")
    assert entry.occurred_at == datetime(2026, 11, 29, 19, 5, tzinfo=UTC)
    assert entry.future
    assert entry.warnings == ("19:05 is 3 h 5 min in the future: was it yesterday?",)
    assert entry.reading == "At 19:05 today · Note"


@pytest.mark.parametrize(
    ("line", "future", "warning"),
    [
        ("16:00 x", False, None),
        ("16:05 x", False, None),  # exactly the grace: clocks differ a little
        ("16:06 x", True, "16:06 is 6 min in the future: was it yesterday?"),
        ("19:00 x", True, "19:00 is 3 h in the future: was it yesterday?"),
        ("11:59 pm x", True, "23:59 is 7 h 59 min in the future: was it yesterday?"),
        ("yesterday 23:59 x", False, None),
    ],
)
def test_future_grace(line: str, future: bool, warning: str | None) -> None:
    assert timedelta(minutes=5) == FUTURE_GRACE
    entry = read(line)
    assert entry.future is future
    assert entry.warnings == ((warning,) if warning else ())


# --- daylight saving -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "now", "line", "utc", "warning", "shown"),
    [
        # London, 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 never happened.
        (
            LONDON,
            datetime(2026, 3, 29, 12, 0, tzinfo=UTC),
            "01:30 x",
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            "01:30 did not exist today (the clocks went forward); read as 02:30",
            "At 02:30 today · Note",
        ),
        # London, 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:30 happened twice.
        (
            LONDON,
            datetime(2026, 10, 25, 12, 0, tzinfo=UTC),
            "01:30 x",
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            "01:30 happened twice today (the clocks went back); read as 01:30 BST",
            "At 01:30 today · Note",
        ),
        (
            NEW_YORK,
            datetime(2026, 3, 8, 16, 0, tzinfo=UTC),
            "2:30am x",
            datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
            "02:30 did not exist today (the clocks went forward); read as 03:30",
            "At 03:30 today · Note",
        ),
        (
            NEW_YORK,
            datetime(2026, 11, 2, 16, 0, tzinfo=UTC),
            "yesterday 1:30am x",
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
            "01:30 happened twice yesterday (the clocks went back); read as 01:30 EDT",
            "At 01:30 yesterday · Note",
        ),
    ],
)
def test_daylight_saving_days(
    tz: tzinfo, now: datetime, line: str, utc: datetime, warning: str, shown: str
) -> None:
    entry = read(line, tz, now)
    assert entry.occurred_at == utc
    assert entry.warnings == (warning,)
    assert entry.reading == shown
    assert entry.text == "x"


def test_yesterday_across_a_clock_change() -> None:
    # The morning after London's clocks went forward: yesterday noon was BST.
    entry = read("yesterday 12:00 x", LONDON, datetime(2026, 3, 30, 9, 0, tzinfo=UTC))
    assert entry.occurred_at == datetime(2026, 3, 29, 11, 0, tzinfo=UTC)
    assert entry.warnings == ()


def test_a_fixed_offset_zone_works_too() -> None:
    entry = read("14:05 x", timezone(timedelta(hours=5, minutes=30)))
    assert entry.occurred_at == datetime(2026, 11, 29, 8, 35, tzinfo=UTC)


def test_a_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="naive"):
        parse("x", now=datetime(2026, 11, 29, 16, 0), tz=LONDON)


# --- tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "category"),
    [
        ("detection", "detection"),
        ("detect", "detection"),
        ("det", "detection"),
        ("decision", "decision"),
        ("decide", "decision"),
        ("dec", "decision"),
        ("action", "action"),
        ("act", "action"),
        ("communication", "communication"),
        ("comms", "communication"),
        ("comm", "communication"),
        ("external", "external"),
        ("ext", "external"),
        ("checklist", "checklist"),
        ("check", "checklist"),
        ("note", "note"),
    ],
)
def test_tags_and_aliases(tag: str, category: str) -> None:
    for typed in (f"#{tag}", f"#{tag.upper()}", f"#{tag.title()}", f"#{tag}.", f"#{tag}:"):
        entry = read(f"site taken offline {typed} by ops")
        assert entry.category == category, typed
        assert entry.text == "site taken offline by ops"
        assert entry.reading == f"Now · {DISPLAY[category]}"
        assert entry.warnings == ()


def test_a_tag_at_the_start_after_the_time() -> None:
    entry = read("14:05 #decision take the portal offline")
    assert (entry.category, entry.text) == ("decision", "take the portal offline")
    assert entry.reading == "At 14:05 today · Decision"


def test_the_first_of_two_tags_wins() -> None:
    entry = read("#decision notify regulator #comms today")
    assert entry.category == "decision"
    assert entry.text == "notify regulator today"
    assert entry.warnings == ("two categories given; used Decision",)


def test_the_same_category_twice_is_not_a_conflict() -> None:
    entry = read("#decision notify regulator #dec")
    assert (entry.category, entry.text, entry.warnings) == ("decision", "notify regulator", ())


@pytest.mark.parametrize(
    "line",
    [
        "#OpRansom trending on X",
        "#gossip about the outage",
        "#1 priority is payroll",
        "# heading-ish",
        "#decision/#action",
        "#décision accents",
        "issue#decision glued",
    ],
)
def test_unknown_hashtags_are_text_without_a_warning(line: str) -> None:
    entry = read(line)
    assert entry == QuickEntry(line, None, "", None, "Now · Note", (), False)


# --- actors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "actor", "text"),
    [
        ("@SOC confirms DDoS", "SOC", "confirms DDoS"),
        ("confirmed by @soc", "SOC", "confirmed by"),  # known spelling
        ("@Ruth_Calloway approved", "Ruth Calloway", "approved"),
        ("@ruth approved", "Ruth Calloway", "approved"),  # unique prefix
        ("@RUTH_C approved", "Ruth Calloway", "approved"),
        ("@devo on it", "Devon Hart", "on it"),
        ('@"Ruth Calloway" approved', "Ruth Calloway", "approved"),
        ('@"ruth calloway", approved', "Ruth Calloway", "approved"),
        ("@“Dev Chaudhry” on the bridge", "Dev Chaudhry", "on the bridge"),
        ('@"SOC" confirms', "SOC", "confirms"),
        ('called @"Jane  Q  Public" back', "Jane Q Public", "called back"),
        ("@Jane_Doe_ from Legal", "Jane Doe", "from Legal"),  # unknown: kept as typed
        ("@O'Brien (press) called", "O'Brien", "(press) called"),
        ("@NCSC: advisory out", "NCSC", "advisory out"),
    ],
)
def test_actors(line: str, actor: str, text: str) -> None:
    entry = read(line)
    assert (entry.actor, entry.text, entry.warnings) == (actor, text, ())
    assert entry.reading == f"Now · Note · by {actor}"


def test_an_ambiguous_prefix_is_kept_as_typed() -> None:
    entry = read("@dev_c call back")  # "dev c" starts only Dev Chaudhry
    assert entry.actor == "Dev Chaudhry"
    entry = read("@De_v call back")  # "de v" starts nothing: an unknown name
    assert (entry.actor, entry.warnings) == ("De v", ())
    entry = read("@dev call back")
    assert entry.actor == "dev"
    assert entry.text == "call back"
    assert entry.warnings == ("'@dev' could be Dev Chaudhry or Devon Hart; kept as typed",)


def test_an_ambiguous_prefix_with_underscores_becomes_spaces() -> None:
    entry = parse("@dev_c on it", now=NOW, tz=LONDON, actors=["Dev Chaudhry", "Dev Cole"])
    assert entry.actor == "dev c"
    assert entry.warnings == ("'@dev c' could be Dev Chaudhry or Dev Cole; kept as typed",)


def test_an_exact_name_beats_a_longer_one() -> None:
    entry = parse("@dev on it", now=NOW, tz=LONDON, actors=["Dev Chaudhry", "Dev"])
    assert (entry.actor, entry.warnings) == ("Dev", ())


def test_repeated_and_blank_known_names_are_not_ambiguous() -> None:
    entry = parse("@ru x", now=NOW, tz=LONDON, actors=["Ruth Calloway", "ruth calloway", " "])
    assert (entry.actor, entry.warnings) == ("Ruth Calloway", ())


def test_without_known_names_the_actor_is_as_typed() -> None:
    entry = parse("@ruth x", now=NOW, tz=LONDON)
    assert (entry.actor, entry.warnings) == ("ruth", ())


@pytest.mark.parametrize(
    "line",
    [
        "mail from ruth@example.org about refunds",
        "an @ sign alone",
        "@ SOC spaced",
        "(@SOC) in brackets",
        "@! and @_ and @.",
        '@"" empty quotes',
    ],
)
def test_things_that_are_not_actors(line: str) -> None:
    entry = read(line)
    assert (entry.actor, entry.text, entry.warnings) == ("", line, ())


def test_only_the_first_actor_is_used() -> None:
    entry = read("@SOC briefed @Legal and @ruth")
    assert entry.actor == "SOC"
    assert entry.text == "briefed @Legal and @ruth"
    assert entry.warnings == ("only one actor per entry: used SOC; '@Legal' kept as text",)


def test_a_second_quoted_actor_stays_as_typed() -> None:
    entry = read('@ruth briefed @"Dev Chaudhry" #action')
    assert entry.actor == "Ruth Calloway"
    assert entry.text == 'briefed @"Dev Chaudhry"'
    assert entry.category == "action"
    assert entry.warnings == (
        "only one actor per entry: used Ruth Calloway; '@\"Dev' kept as text",
    )


def test_an_unclosed_quote_is_text() -> None:
    entry = read('@"Ruth Calloway approved')
    assert (entry.actor, entry.text) == ("", '@"Ruth Calloway approved')
    assert entry.warnings == ("the quote after '@\"Ruth' is not closed; kept as text",)
    entry = read('@"Ruth Calloway approved @SOC')
    assert (entry.actor, entry.text) == ("SOC", '@"Ruth Calloway approved')


def test_everything_at_once() -> None:
    entry = read("yesterday 11:40pm - @ruth_c approved holding statement #decision #comms")
    assert entry.occurred_at == datetime(2026, 11, 28, 23, 40, tzinfo=UTC)
    assert entry.text == "approved holding statement"
    assert entry.category == "decision"
    assert entry.actor == "Ruth Calloway"
    assert entry.reading == "At 23:40 yesterday · Decision · by Ruth Calloway"
    assert entry.warnings == ("two categories given; used Decision",)
    assert not entry.future


# --- robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '@"' * 20_000,
        "@" * 100_000,
        "#decision " * 20_000,
        ("@x " * 20_000) + "tail",
        "1" * 100_000 + ":00",
        "9:00" + " pm" * 10_000,
        "\x00" * 10_000,
    ],
)
def test_long_and_odd_lines(line: str) -> None:
    entry = read(line)
    assert isinstance(entry.text, str)


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TIME_LIKE = re.compile(r"[0-9]{1,2}:[0-9]{2}")


def words_of(line: str) -> list[str]:
    return CONTROL.sub(" ", line).split()


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    rest = iter(whole)
    return all(word in rest for word in part)


def assert_well_formed(entry: QuickEntry) -> None:
    if entry.occurred_at is not None:
        assert entry.occurred_at.tzinfo is UTC
        assert entry.reading.startswith("At ")
    else:
        assert entry.reading.startswith("Now · ")
        assert not entry.future
    assert entry.category is None or entry.category in CATEGORIES
    assert entry.text == entry.text.strip()
    assert "  " not in entry.text
    assert all(isinstance(w, str) and w for w in entry.warnings)


@settings(max_examples=400)
@given(line=st.text(), tz=st.sampled_from([LONDON, NEW_YORK, UTC]))
def test_any_text_is_read_and_never_lost(line: str, tz: tzinfo) -> None:
    entry = parse(line, now=NOW, tz=tz, actors=ACTORS)
    assert_well_formed(entry)
    words, kept = words_of(line), entry.text.split()
    assert is_subsequence(kept, words)
    quoted = any(re.match(r"@[\"“”]", w) for w in words)
    for index in removed_indexes(kept, words):
        word = words[index]
        tag = word.startswith("#") and re.sub(r"[.,;:!?]*$", "", word[1:]).lower() in TAGS
        assert index < 4 or tag or word.startswith("@") or quoted, (word, entry)


def removed_indexes(kept: list[str], words: list[str]) -> list[int]:
    """Where ``words`` has what ``kept`` lacks, matching from the right.

    From the right, so that when a removed prefix word ("pm") equals a kept one, the
    early (prefix) copy is the one counted as removed.
    """
    removed, k = [], len(kept) - 1
    for index in range(len(words) - 1, -1, -1):
        if k >= 0 and words[index] == kept[k]:
            k -= 1
        else:
            removed.append(index)
    return removed


@given(
    line=st.lists(
        st.sampled_from(
            [
                "14:05",
                "9:00",
                "pm",
                "am",
                "yesterday",
                "-",
                "#dec",
                "#act",
                "@ruth",
                "@x",
                "@",
                '@"',
                '"',
                '@"a',
                'b"',
                "#",
                "25:99",
                "word",
                "1400",
                "x@y.z",
            ]
        ),
        max_size=8,
    ).map(" ".join)
)
def test_any_mix_of_the_special_words_is_read(line: str) -> None:
    entry = read(line)
    assert_well_formed(entry)
    assert is_subsequence(entry.text.split(), words_of(line))


# Words that are nothing but text: no tag or actor sign, no time, no quotes, not a
# word the prefix could take ("yesterday", "am", a dash).
plain_words = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S"], exclude_characters='#@"“”'),
    min_size=1,
    max_size=12,
).filter(
    lambda w: (
        not TIME_LIKE.match(w)
        and w.lower() not in {"yesterday", "-", "--", "–", "—"}
        and not re.fullmatch(r"[ap]\.?m\.?[,;:.]?", w, re.IGNORECASE)
    )
)
prefixes = st.sampled_from(
    [
        ("", None),
        ("14:05", time(14, 5)),
        ("9:05", time(9, 5)),
        ("9:05:07", time(9, 5, 7)),
        ("2:05pm", time(14, 5)),
        ("2:05 PM", time(14, 5)),
        ("12:30am", time(0, 30)),
        ("12:30 pm -", time(12, 30)),
        ("00:00,", time(0, 0)),
        ("23:59 —", time(23, 59)),
    ]
)
tag_words = st.sampled_from(sorted(TAGS)).flatmap(
    lambda t: st.sampled_from([f"#{t}", f"#{t.upper()}", f"#{t}."])
)
actor_forms = st.sampled_from(
    [
        ("@ruth", "Ruth Calloway"),
        ("@Jane_Doe", "Jane Doe"),
        ('@"Ruth Calloway"', "Ruth Calloway"),
        ('@"someone new",', "someone new"),
        ("@SOC:", "SOC"),
    ]
)


@settings(max_examples=300)
@given(
    words=st.lists(plain_words, max_size=10),
    prefix=prefixes,
    yesterday=st.booleans(),
    tags=st.lists(st.tuples(tag_words, st.integers(min_value=0)), max_size=3),
    actor=st.none() | st.tuples(actor_forms, st.integers(min_value=0)),
    tz=st.sampled_from([LONDON, NEW_YORK]),
)
def test_composed_lines_are_read_exactly(
    words: list[str],
    prefix: tuple[str, time | None],
    yesterday: bool,
    tags: list[tuple[str, int]],
    actor: tuple[tuple[str, str], int] | None,
    tz: tzinfo,
) -> None:
    typed_prefix, clock = prefix
    body = list(words)
    for tag, at in tags:
        body.insert(at % (len(body) + 1), tag)
    if actor is not None:
        body.insert(actor[1] % (len(body) + 1), actor[0][0])
    start = ["yesterday", typed_prefix] if yesterday and clock else [typed_prefix]
    line = " ".join([*start, *body])

    entry = parse(line, now=NOW, tz=tz, actors=ACTORS)

    assert_well_formed(entry)
    assert entry.text == " ".join(words)
    first_tag = next((w for w in body if w in {t for t, _ in tags}), None)
    expected = TAGS[first_tag.strip("#.").lower()] if first_tag else None
    assert entry.category == expected
    assert entry.actor == (actor[0][1] if actor else "")
    if clock is None:
        assert entry.occurred_at is None
    else:
        when = local(entry, tz)
        assert (when.hour, when.minute, when.second) == (clock.hour, clock.minute, clock.second)
        days_back = (NOW.astimezone(tz).date() - when.date()).days
        assert days_back == (1 if yesterday else 0)
        assert entry.future == (when - NOW > FUTURE_GRACE)


@settings(max_examples=300, deadline=None)
@given(
    tz=st.timezones(),
    now=st.datetimes(
        min_value=datetime(1971, 1, 2), max_value=datetime(2099, 12, 30), timezones=st.just(UTC)
    ),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    yesterday=st.booleans(),
)
def test_any_zone_and_day(
    tz: tzinfo, now: datetime, hour: int, minute: int, yesterday: bool
) -> None:
    line = f"{'yesterday ' if yesterday else ''}{hour}:{minute:02d} x"
    entry = parse(line, now=now, tz=tz)
    assert_well_formed(entry)
    assert entry.occurred_at is not None
    assert entry.text == "x"
    dst = [w for w in entry.warnings if "clocks went" in w]
    if not dst:
        when = entry.occurred_at.astimezone(tz)
        assert (when.hour, when.minute) == (hour, minute)
        today = now.astimezone(tz).date()
        assert (today - when.date()).days == (1 if yesterday else 0)
