"""The promise of the next update, read from the text of an update that was sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.promises import HORIZON, Promise, find_promise

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# Sunday 29 November 2026, 14:10 UTC: 14:10 in London (GMT), 09:10 in New York (EST).
SENT = datetime(2026, 11, 29, 14, 10, tzinfo=UTC)


def find(text: str, tz: tzinfo = LONDON, sent: datetime = SENT) -> Promise | None:
    return find_promise(text, sent_at=sent, tz=tz)


def local(year: int, month: int, day: int, hour: int, minute: int, tz: tzinfo) -> datetime:
    """A wall-clock time in ``tz``, in UTC (fold=0, as the module reads it)."""
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def london(day: int, hour: int, minute: int) -> datetime:
    """A London time in the week of SENT (29 November to 6 December 2026), in UTC."""
    month = 11 if day >= 29 else 12
    return local(2026, month, day, hour, minute, LONDON)


def assert_well_formed(promise: Promise, text: str, sent: datetime) -> None:
    assert promise.at.tzinfo is UTC
    assert sent <= promise.at <= sent + HORIZON
    start, end = promise.span
    assert 0 <= start < end <= len(text)
    assert promise.phrase == text[start:end]


# --- what is read --------------------------------------------------------------------------

POSITIVES = [
    # clock times
    ("Next update at 15:00.", london(29, 15, 0), "Next update at 15:00"),
    ("Next update by 3pm", london(29, 15, 0), "Next update by 3pm"),
    ("We will update you by 15:30", london(29, 15, 30), "update you by 15:30"),
    ("Further update at 9.30am", london(30, 9, 30), "Further update at 9.30am"),
    ("Update at 15:00 UTC", london(29, 15, 0), "Update at 15:00 UTC"),
    ("NEXT UPDATE AT 16:45", london(29, 16, 45), "NEXT UPDATE AT 16:45"),
    ("We will report back by 5 p.m.", london(29, 17, 0), "report back by 5 p.m."),
    ("Next update: 15:00", london(29, 15, 0), "Next update: 15:00"),
    ("Next update @ 15:15", london(29, 15, 15), "Next update @ 15:15"),
    ("Next update at 3.15pm", london(29, 15, 15), "Next update at 3.15pm"),
    ("Next update at 15.00 hrs", london(29, 15, 0), "Next update at 15.00 hrs"),
    ("A further briefing will follow at 17:30", london(29, 17, 30), None),
    ("We will provide further details around 4pm", london(29, 16, 0), None),
    ("Next statement no later than 18:00 GMT", london(29, 18, 0), None),
    ("Next update scheduled for 15:00", london(29, 15, 0), None),
    ("By 16:00 we will contact you again", london(29, 16, 0), "By 16:00 we will contact you"),
    ("Next update at midnight", london(30, 0, 0), None),
    ("We will update customers at 14:00", london(30, 14, 0), "update customers at 14:00"),
    # days
    ("We will issue a further statement by 14:00 tomorrow", london(30, 14, 0), None),
    ("Next update tomorrow at 9am", london(30, 9, 0), "Next update tomorrow at 9am"),
    ("We'll let you know by midday tomorrow", london(30, 12, 0), None),
    ("Next update at 09:00 on Monday", london(30, 9, 0), "Next update at 09:00 on Monday"),
    ("We will update you on Tuesday at 10am", london(1, 10, 0), None),
    ("Next update by midnight tomorrow", london(1, 0, 0), None),
    # waits
    ("We will be in touch within 2 hours", london(29, 16, 10), "be in touch within 2 hours"),
    ("Further information within the next 30 minutes", london(29, 14, 40), None),
    ("We will update you in 45 minutes", london(29, 14, 55), "update you in 45 minutes"),
    ("We will update you within the hour", london(29, 15, 10), None),
    ("Updates every 30 minutes until resolved", london(29, 14, 40), "Updates every 30 minutes"),
    ("You will hear from us within 24 hours", london(30, 14, 10), None),
    ("Next update in an hour", london(29, 15, 10), "Next update in an hour"),
    ("We will update you within two hours", london(29, 16, 10), None),
    ("We will update you every half hour", london(29, 14, 40), None),
    ("Further updates in 90 mins", london(29, 15, 40), None),
    ("Next update in 1.5 hours", london(29, 15, 40), None),
    ("We will keep you updated every 15 minutes", london(29, 14, 25), None),
    ("We will update you within 2-3 hours", london(29, 17, 10), None),
    ("We will provide hourly updates", london(29, 15, 10), "hourly updates"),
    # the anchor after the time, when the time opens the sentence
    ("Within the hour we will issue a further statement", london(29, 15, 10), None),
    ("In 45 minutes, we will update you again.", london(29, 14, 55), None),
    # a promise after other news
    ("The outage started at 14:00, next update at 15:00", london(29, 15, 0), None),
    ("Our service was restored. Next update at 15:00", london(29, 15, 0), None),
    ("Next update at 15:00 following the board meeting", london(29, 15, 0), None),
]


@pytest.mark.parametrize(("text", "at", "phrase"), POSITIVES)
def test_promises_are_read(text: str, at: datetime, phrase: str | None) -> None:
    promise = find(text)
    assert promise is not None
    assert promise.at == at
    assert_well_formed(promise, text, SENT)
    if phrase is not None:
        assert promise.phrase == phrase


NEGATIVES = [
    "",
    "The outage started at 14:00",
    "customers offline since 09:00",
    "Customers offline since 09:00; more information when we have it",
    "Customers updated by status page at 14:05",
    "Support is available 24/7",
    "100,000 customers affected; further updates to follow",
    "Call 0800 123 4567 for updates",
    "Calls to emails in a 2:1 ratio; more updates soon",
    "Our last update was at 13:00",
    "We issued a statement at 14:00",
    "We sent an update at 14:00",
    "Update: the outage began at 14:00",
    "Update: 14:05 SOC confirms DDoS",
    "Following our statement at 14:00, service has been restored",
    "Software update at 14:00 caused the outage",
    "Service was restored within 2 hours. Update soon",
    "The attack began 2 hours ago",
    "Meeting with legal at 15:00",
    "We will update you tomorrow",
    "Next update soon",
    "We will update you in the coming hours",
    "Next update at 25:61",
    "Next update at 15:00:00",
    "Next update at 0800",
    "Next update at 3 o'clock",
    "Next update at 15:00 on 3 December",
    "We will update you on 3 December at 09:00",
    "We will update you in 10 days",
    "Next update at 10:00 UTC+20",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_other_times_are_not_promises(text: str) -> None:
    assert find(text) is None
    assert find(text, NEW_YORK) is None


# --- days and zones ------------------------------------------------------------------------


def test_a_time_already_past_today_is_tomorrows() -> None:
    sent = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # 23:30 in London
    promise = find("Next update at 00:30", sent=sent)
    assert promise is not None
    assert promise.at == datetime(2026, 11, 30, 0, 30, tzinfo=UTC)


def test_the_time_sent_is_not_yet_past() -> None:
    promise = find("Next update at 14:10")
    assert promise is not None
    assert promise.at == SENT


def test_local_times_are_read_in_the_zone_given() -> None:
    # 09:10 in New York: 15:00 is later today, 9am has passed.
    later = find("Next update at 15:00", NEW_YORK)
    passed = find("Next update at 9am", NEW_YORK)
    assert later is not None and passed is not None
    assert later.at == local(2026, 11, 29, 15, 0, NEW_YORK)
    assert passed.at == local(2026, 11, 30, 9, 0, NEW_YORK)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("Next update at 15:00 UTC", datetime(2026, 11, 29, 15, 0, tzinfo=UTC)),
        ("Next update at 3pm GMT", datetime(2026, 11, 29, 15, 0, tzinfo=UTC)),
        ("next update at 16:00 bst", datetime(2026, 11, 29, 15, 0, tzinfo=UTC)),
        ("Next update at 10:00 GMT-5", datetime(2026, 11, 29, 15, 0, tzinfo=UTC)),
        # 16:10 at UTC+2 when sent: 15:00 there has passed, so it is tomorrow's
        ("Next update at 15:00 UTC+2", datetime(2026, 11, 30, 13, 0, tzinfo=UTC)),
        ("Next update at 14:00 UTC", datetime(2026, 11, 30, 14, 0, tzinfo=UTC)),
    ],
)
def test_an_explicit_zone_overrides_the_local_one(text: str, at: datetime) -> None:
    for tz in (LONDON, NEW_YORK):
        promise = find(text, tz)
        assert promise is not None
        assert promise.at == at


def test_an_explicit_zone_reads_on_its_own_date() -> None:
    # 22:00 on Sunday in New York is 03:00 on Monday in UTC.
    sent = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    utc = find("Next update at 09:00 UTC", NEW_YORK, sent)
    ny = find("Next update at 09:00", NEW_YORK, sent)
    assert utc is not None and ny is not None
    assert utc.at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert ny.at == local(2026, 11, 30, 9, 0, NEW_YORK)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("Next update at 09:00 on Sunday", london(6, 9, 0)),  # today's has passed
        ("Next update at 16:00 on Sunday", london(29, 16, 0)),
        ("Next update on Saturday by 9am", london(5, 9, 0)),
        ("Next update at 09:00 next Monday", london(30, 9, 0)),
        ("next update at 9am today", london(30, 9, 0)),  # past: "today" changes nothing
    ],
)
def test_weekdays_are_the_coming_ones(text: str, at: datetime) -> None:
    promise = find(text)
    assert promise is not None
    assert promise.at == at


# --- daylight saving (London: forward 29 March 2026 01:00 UTC, back 25 October 01:00 UTC) --


def test_a_clock_time_on_the_day_the_clocks_go_forward() -> None:
    sent = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 00:30 GMT
    nine = find("Next update at 09:00", sent=sent)
    assert nine is not None
    assert nine.at == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 BST


def test_a_time_the_clocks_skip_is_read_with_the_offset_before() -> None:
    sent = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    promise = find("Next update at 01:30", sent=sent)  # 01:30 never happens in London
    assert promise is not None
    assert promise.at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # shown as 02:30 BST


def test_a_time_that_happens_twice_is_the_first() -> None:
    sent = datetime(2026, 10, 24, 23, 10, tzinfo=UTC)  # 00:10 BST on the 25th
    promise = find("Next update at 01:30", sent=sent)
    assert promise is not None
    assert promise.at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST


def test_the_rollover_crosses_the_clock_change() -> None:
    sent = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # Saturday 23:30 GMT
    promise = find("Next update at 09:00", sent=sent)
    assert promise is not None
    assert promise.at == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # Sunday 09:00 BST


def test_waits_are_elapsed_time_across_the_clock_change() -> None:
    sent = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    promise = find("We will update you within 2 hours", sent=sent)
    assert promise is not None
    assert promise.at == sent + timedelta(hours=2)  # 03:30 BST on the wall


# --- several promises, spans -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "at"),
    [
        (
            "Next update at 17:00. We will be in touch within 30 minutes if anything changes.",
            london(29, 14, 40),
        ),
        ("We will update you by 9am tomorrow. Next update at 15:00", london(29, 15, 0)),
        ("Updates every hour; next full statement at 14:30", london(29, 14, 30)),
        ("We will update you at 15:00 and 17:00", london(29, 15, 0)),
    ],
)
def test_the_earliest_promise_wins(text: str, at: datetime) -> None:
    promise = find(text)
    assert promise is not None
    assert promise.at == at


def test_the_span_points_at_the_phrase() -> None:
    text = "We are investigating a cyber attack. Our next update will be at 15:00 today."
    promise = find(text)
    assert promise is not None
    start, end = promise.span
    assert text[start:end] == promise.phrase == "next update will be at 15:00 today"
    assert "15:00" in text[start:end]


def test_a_naive_sent_at_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="naive"):
        find_promise("Next update at 15:00", sent_at=datetime(2026, 11, 29, 14, 10), tz=LONDON)


@pytest.mark.parametrize(
    "sent", [datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)]
)
def test_the_ends_of_the_calendar_do_not_raise(sent: datetime) -> None:
    for text in ("Next update at 09:00 tomorrow", "Next update in 2 hours"):
        for tz in (LONDON, NEW_YORK):
            promise = find(text, tz, sent)
            if promise is not None:
                assert_well_formed(promise, text, sent)


def test_long_texts_are_read_in_linear_time() -> None:
    # Runs of spaces and many candidate phrases once took seconds (regex backtracking).
    text = "update at 15:00" + " " * 50_000 + "x " + "at 15:00 " * 5_000
    promise = find(text)
    assert promise is not None
    assert promise.at == london(29, 15, 0)


# --- any text --------------------------------------------------------------------------------

sent_times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
zones = st.sampled_from([LONDON, NEW_YORK, UTC])


@settings(max_examples=400)
@given(text=st.text(), sent=sent_times, tz=zones)
def test_any_text_is_read_without_raising(text: str, sent: datetime, tz: tzinfo) -> None:
    promise = find_promise(text, sent_at=sent, tz=tz)
    if promise is not None:
        assert_well_formed(promise, text, sent)


# Pieces of update texts, so the composed ones reach every path of the reader.
FRAGMENTS = [
    "next update",
    "update",
    "updates",
    "statement",
    "we will",
    "be in touch",
    "hear from us",
    "at",
    "by",
    "@",
    "for",
    "no later than",
    "in",
    "within",
    "every",
    "the",
    "next",
    "15:00",
    "9.30am",
    "3pm",
    "12 a.m.",
    "midnight",
    "noon",
    "25:61",
    "0800",
    "24/7",
    "2:1",
    "100,000",
    "2",
    "45",
    "1.5",
    "an",
    "half an",
    "two",
    "hour",
    "hours",
    "minutes",
    "days",
    "hourly",
    "UTC",
    "GMT+2",
    "BST",
    "tomorrow",
    "today",
    "on Monday",
    "Sunday",
    "on 3 December",
    "was",
    "since",
    "started",
    "following",
    ".",
    ",",
    ":",
    "-",
    "\n",
    "customers",
]


@settings(max_examples=500)
@given(
    words=st.lists(st.sampled_from(FRAGMENTS), max_size=10),
    sent=sent_times,
    tz=zones,
)
def test_any_mix_of_the_special_words_is_read(words: list[str], sent: datetime, tz: tzinfo) -> None:
    text = " ".join(words)
    promise = find_promise(text, sent_at=sent, tz=tz)
    if promise is not None:
        assert_well_formed(promise, text, sent)


@settings(max_examples=300, deadline=None)
@given(
    tz=st.timezones(),
    sent=sent_times,
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
)
def test_any_clock_time_in_any_zone(tz: tzinfo, sent: datetime, hour: int, minute: int) -> None:
    text = f"Next update at {hour:02d}:{minute:02d}"
    promise = find_promise(text, sent_at=sent, tz=tz)
    assert promise is not None
    assert_well_formed(promise, text, sent)
    assert promise.at - sent <= timedelta(days=1, hours=1)  # at most a day, give or take DST
    wall = promise.at.astimezone(tz)
    skipped = datetime(wall.year, wall.month, wall.day, hour, minute, tzinfo=tz)
    if skipped.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == skipped.replace(
        tzinfo=None
    ):  # the time exists on that day: it is read as typed
        assert (wall.hour, wall.minute) == (hour, minute)


@settings(max_examples=200)
@given(sent=sent_times, tz=zones, minutes=st.integers(1, 9999))  # numbers have 1-4 digits
def test_any_wait_is_counted_from_the_time_sent(sent: datetime, tz: tzinfo, minutes: int) -> None:
    promise = find_promise(f"We will update you within {minutes} minutes", sent_at=sent, tz=tz)
    assert promise is not None
    assert promise.at == sent + timedelta(minutes=minutes)
