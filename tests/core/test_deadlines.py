"""Regulatory clocks: the shipped rules, durations, clock states and bad rule files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk import paths, resources
from crisisdesk.deadlines import (
    ClockState,
    ClockStatus,
    Duration,
    Regime,
    RegulationsError,
    Unit,
    add_months,
    clocks,
    load_regimes,
    parse_duration,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AWARE = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@cache
def shipped() -> tuple[Regime, ...]:
    # An explicit path: at import time no test has pointed the config folder anywhere yet.
    return tuple(load_regimes(resources.shipped_dir() / "regulations.toml"))


def by_id() -> dict[str, Regime]:
    return {regime.id: regime for regime in shipped()}


def clock_of(states: list[ClockState], key: str) -> ClockState:
    [found] = [state for state in states if state.key == key]
    return found


# --- the shipped file ----------------------------------------------------------------


def test_the_shipped_file_has_every_regime() -> None:
    assert set(by_id()) >= {
        "gdpr-33",
        "gdpr-34",
        "pecr-5a",
        "nis2-23",
        "dora-19",
        "sec-8k",
        "hipaa",
        "us-ma",
        "us-fl",
        "us-oh",
        "us-ct",
    }
    for regime in shipped():
        assert regime.who and regime.source and regime.applies_when
        for stage in regime.stages:
            assert stage.content, f"{regime.id}/{stage.id} lists no content"


def test_user_override_is_found_through_resources(user_dirs: Path) -> None:
    # With no user copy, the default path is the shipped file.
    assert paths.config_dir().is_relative_to(user_dirs)
    assert tuple(load_regimes()) == shipped()


@pytest.mark.parametrize(
    ("regime_id", "stage_id", "deadline", "after"),
    [
        ("gdpr-33", "notify", Duration(72, Unit.HOURS), None),
        ("gdpr-34", "notify-people", None, None),
        ("pecr-5a", "notify-ico", Duration(24, Unit.HOURS), None),
        ("nis2-23", "early-warning", Duration(24, Unit.HOURS), None),
        ("nis2-23", "notification", Duration(72, Unit.HOURS), None),
        ("nis2-23", "final-report", Duration(1, Unit.MONTHS), "notification"),
        ("dora-19", "initial", Duration(24, Unit.HOURS), None),
        ("dora-19", "intermediate", Duration(72, Unit.HOURS), "initial"),
        ("dora-19", "final", Duration(1, Unit.MONTHS), "intermediate"),
        ("sec-8k", "file-8k", Duration(4, Unit.BUSINESS_DAYS), None),
        ("hipaa", "individuals", Duration(60, Unit.DAYS), None),
        ("hipaa", "hhs", Duration(60, Unit.DAYS), None),
    ],
)
def test_shipped_figures(
    regime_id: str, stage_id: str, deadline: Duration | None, after: str | None
) -> None:
    stage = by_id()[regime_id].stage(stage_id)
    assert stage.duration == deadline
    assert stage.after == after


def test_triggers_and_check_notes() -> None:
    regimes = by_id()
    assert regimes["sec-8k"].trigger == "materiality"
    assert regimes["hipaa"].trigger == "discovery"
    assert regimes["gdpr-33"].trigger == "awareness"
    # Where the domain notes say "check", the file says so too.
    for stage in regimes["dora-19"].stages:
        assert "2025/301" in stage.note
    for state in ("us-ma", "us-fl", "us-oh", "us-ct"):
        assert "check" in regimes[state].note.lower()
        assert "check" in regimes[state].stages[0].note.lower()
    assert "4 h" in regimes["dora-19"].stage("initial").note
    assert "explain the delay" in regimes["gdpr-33"].stage("notify").note


# --- durations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("72h", Duration(72, Unit.HOURS)),
        ("4bd", Duration(4, Unit.BUSINESS_DAYS)),
        ("60d", Duration(60, Unit.DAYS)),
        ("1mo", Duration(1, Unit.MONTHS)),
        ("none", None),
    ],
)
def test_parse_duration(text: str, expected: Duration | None) -> None:
    assert parse_duration(text) == expected
    if expected is not None:
        assert str(expected) == text


@pytest.mark.parametrize("text", ["72x", "72", "h", "0h", "-1d", "72 h", "1.5d", "None", ""])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|between 1 and"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_business_days_skip_the_weekend() -> None:
    thursday = datetime(2026, 12, 3, 16, 0, tzinfo=NEW_YORK)
    due = Duration(4, Unit.BUSINESS_DAYS).add_to(thursday, tz=NEW_YORK)
    assert due == datetime(2026, 12, 9, 16, 0, tzinfo=NEW_YORK)
    assert due.tzinfo is UTC
    assert due.astimezone(NEW_YORK).strftime("%A %H:%M") == "Wednesday 16:00"


def test_business_days_skip_holidays() -> None:
    wednesday = datetime(2026, 11, 25, 16, 0, tzinfo=NEW_YORK)
    four = Duration(4, Unit.BUSINESS_DAYS)
    assert four.add_to(wednesday, tz=NEW_YORK) == datetime(2026, 12, 1, 16, 0, tzinfo=NEW_YORK)
    thanksgiving = frozenset({date(2026, 11, 26)})
    assert four.add_to(wednesday, tz=NEW_YORK, holidays=thanksgiving) == datetime(
        2026, 12, 2, 16, 0, tzinfo=NEW_YORK
    )


def test_the_zone_decides_which_day_it_is() -> None:
    # Friday evening in New York is already Saturday in UTC.
    friday_evening = datetime(2026, 12, 4, 21, 0, tzinfo=NEW_YORK)
    four = Duration(4, Unit.BUSINESS_DAYS)
    assert four.add_to(friday_evening, tz=NEW_YORK) == datetime(
        2026, 12, 10, 21, 0, tzinfo=NEW_YORK
    )
    assert four.add_to(friday_evening) == datetime(2026, 12, 10, 2, 0, tzinfo=UTC)


def test_a_dst_change_keeps_local_wall_time() -> None:
    # British Summer Time ends on Sunday 25 October 2026.
    thursday = datetime(2026, 10, 22, 16, 0, tzinfo=LONDON)
    assert thursday.utcoffset() == HOUR
    due = Duration(4, Unit.BUSINESS_DAYS).add_to(thursday, tz=LONDON)
    assert due.astimezone(LONDON) == datetime(2026, 10, 28, 16, 0, tzinfo=LONDON)
    assert due == datetime(2026, 10, 28, 16, 0, tzinfo=UTC)
    assert due - thursday == timedelta(days=6, hours=1)
    saturday = datetime(2026, 10, 24, 16, 0, tzinfo=LONDON)
    assert Duration(1, Unit.DAYS).add_to(saturday, tz=LONDON) - saturday == timedelta(hours=25)
    # Hours are elapsed time: the wall clock moves instead.
    later = Duration(72, Unit.HOURS).add_to(thursday, tz=LONDON).astimezone(LONDON)
    assert (later.day, later.hour) == (25, 15)


def test_a_wall_time_in_the_spring_gap() -> None:
    # 01:30 does not exist in London on 29 March 2026: read with the offset before (GMT).
    saturday = datetime(2026, 3, 28, 1, 30, tzinfo=LONDON)
    due = Duration(1, Unit.DAYS).add_to(saturday, tz=LONDON)
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


# --- clocks --------------------------------------------------------------------------

GDPR = "gdpr-33/notify"
NO = None

# Hours after awareness (GDPR Art. 33: 72 h): when the notice was sent, and "now".
CLOCK_CASES = {
    "running": (24, NO, ClockStatus.RUNNING),
    "just before the last quarter": (53.99, NO, ClockStatus.RUNNING),
    "due soon at 75%": (54, NO, ClockStatus.DUE_SOON),
    "due soon at the deadline itself": (72, NO, ClockStatus.DUE_SOON),
    "missed": (73, NO, ClockStatus.MISSED),
    "met": (80, 70, ClockStatus.MET),
    "met on the dot": (80, 72, ClockStatus.MET),
    "sent late": (80, 75, ClockStatus.MISSED),
}


@pytest.mark.parametrize(
    ("now_h", "sent_h", "status"), list(CLOCK_CASES.values()), ids=list(CLOCK_CASES)
)
def test_clock_cases(now_h: float, sent_h: float | None, status: ClockStatus) -> None:
    now = AWARE + now_h * HOUR
    sent = None if sent_h is None else AWARE + sent_h * HOUR
    notices = {} if sent is None else {GDPR: ("upd-1", sent)}
    states = clocks(shipped(), applicable=["gdpr-33"], aware_at=AWARE, notices=notices, now=now)
    state = clock_of(states, GDPR)
    assert state.status is status
    assert (state.regime_name, state.stage_name) == (
        "GDPR Art. 33",
        "Notify the supervisory authority",
    )
    assert state.starts_at == AWARE and state.deadline == AWARE + 72 * HOUR
    if sent is None:
        assert state.met_by is None and state.met_at is None and not state.sent_late
        assert state.time_left(now) == AWARE + 72 * HOUR - now
    else:
        assert state.met_by == "upd-1" and state.met_at == sent
        assert state.sent_late is (status is ClockStatus.MISSED)
        assert state.time_left(now) is None


def test_not_started_without_awareness() -> None:
    states = clocks(shipped(), applicable=["gdpr-33"], aware_at=None, now=AWARE)
    state = clock_of(states, GDPR)
    assert state.status is ClockStatus.NOT_STARTED
    assert state.starts_at is None and state.deadline is None and state.time_left(AWARE) is None


def test_not_applicable_regimes_come_last() -> None:
    states = clocks(shipped(), applicable=["pecr-5a"], aware_at=AWARE, now=AWARE + HOUR)
    assert len(states) == sum(len(r.stages) for r in shipped())
    assert [s.key for s in states[:2]] == ["pecr-5a/notify-ico", "pecr-5a/notify-subscribers"]
    assert states[0].status is ClockStatus.RUNNING
    assert states[0].deadline == AWARE + 24 * HOUR
    assert states[1].status is ClockStatus.NO_FIXED_DEADLINE and states[1].deadline is None
    rest = states[2:]
    assert {s.status for s in rest} == {ClockStatus.NOT_APPLICABLE}
    assert all(s.deadline is None and s.starts_at is None for s in rest)
    assert rest[0].regime_id == shipped()[0].id


def test_no_fixed_deadline_met_by_a_notice() -> None:
    notices = {"gdpr-34/notify-people": ("upd-9", AWARE + 5 * HOUR)}
    states = clocks(
        shipped(), applicable=["gdpr-34"], aware_at=AWARE, notices=notices, now=AWARE + 6 * HOUR
    )
    state = clock_of(states, "gdpr-34/notify-people")
    assert state.status is ClockStatus.MET and state.met_by == "upd-9"


def test_sec_counts_from_the_materiality_determination() -> None:
    thursday = datetime(2026, 12, 3, 16, 0, tzinfo=NEW_YORK)
    before = clocks(shipped(), applicable=["sec-8k"], aware_at=AWARE, now=thursday)
    assert clock_of(before, "sec-8k/file-8k").status is ClockStatus.NOT_STARTED
    after = clocks(
        shipped(),
        applicable=["sec-8k"],
        aware_at=AWARE,
        materiality_at=thursday,
        now=thursday + HOUR,
        tz=NEW_YORK,
    )
    state = clock_of(after, "sec-8k/file-8k")
    assert state.status is ClockStatus.RUNNING
    assert state.deadline == datetime(2026, 12, 9, 16, 0, tzinfo=NEW_YORK)


def test_hipaa_counts_from_discovery() -> None:
    states = clocks(shipped(), applicable=["hipaa"], aware_at=AWARE, discovered_at=AWARE, now=AWARE)
    assert clock_of(states, "hipaa/individuals").deadline == AWARE + timedelta(days=60)


@pytest.mark.parametrize(
    ("sent", "final_due"),
    [
        (datetime(2027, 1, 31, 10, 0, tzinfo=UTC), datetime(2027, 2, 28, 10, 0, tzinfo=UTC)),
        (datetime(2028, 1, 31, 10, 0, tzinfo=UTC), datetime(2028, 2, 29, 10, 0, tzinfo=UTC)),
        (datetime(2026, 12, 2, 9, 0, tzinfo=UTC), datetime(2027, 1, 2, 9, 0, tzinfo=UTC)),
    ],
)
def test_nis2_final_report_counts_from_the_72h_notice(sent: datetime, final_due: datetime) -> None:
    aware = sent - 70 * HOUR
    waiting = clocks(shipped(), applicable=["nis2-23"], aware_at=aware, now=sent - HOUR)
    final = clock_of(waiting, "nis2-23/final-report")
    assert final.status is ClockStatus.NOT_STARTED
    assert final.starts_at is None and final.deadline is None
    assert clock_of(waiting, "nis2-23/notification").deadline == aware + 72 * HOUR

    notices = {"nis2-23/notification": ("upd-72", sent)}
    started = clocks(
        shipped(), applicable=["nis2-23"], aware_at=aware, notices=notices, now=sent + HOUR
    )
    final = clock_of(started, "nis2-23/final-report")
    assert final.status is ClockStatus.RUNNING
    assert final.starts_at == sent and final.deadline == final_due
    assert clock_of(started, "nis2-23/notification").met_by == "upd-72"


def test_a_late_notice_still_starts_the_next_stage() -> None:
    late = AWARE + 30 * HOUR
    notices = {"dora-19/initial": ("upd-1", late)}
    states = clocks(
        shipped(), applicable=["dora-19"], aware_at=AWARE, notices=notices, now=late + HOUR
    )
    assert clock_of(states, "dora-19/initial").sent_late
    intermediate = clock_of(states, "dora-19/intermediate")
    assert intermediate.deadline == late + 72 * HOUR
    assert clock_of(states, "dora-19/final").status is ClockStatus.NOT_STARTED


def test_clocks_want_aware_times_and_a_sane_fraction() -> None:
    with pytest.raises(ValueError, match="naive"):
        clocks(shipped(), applicable=[], aware_at=datetime(2026, 1, 1), now=AWARE)
    with pytest.raises(ValueError, match="due_soon_fraction"):
        clocks(shipped(), applicable=[], aware_at=AWARE, now=AWARE, due_soon_fraction=1.5)


def test_due_soon_fraction_is_a_parameter() -> None:
    now = AWARE + 36 * HOUR
    half = clocks(shipped(), applicable=["gdpr-33"], aware_at=AWARE, now=now, due_soon_fraction=0.5)
    assert clock_of(half, GDPR).status is ClockStatus.DUE_SOON
    quarter = clocks(shipped(), applicable=["gdpr-33"], aware_at=AWARE, now=now)
    assert clock_of(quarter, GDPR).status is ClockStatus.RUNNING


@given(
    aware=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    elapsed=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120)),
    sent_fractions=st.lists(st.floats(min_value=0, max_value=1), min_size=3, max_size=3),
    tz=st.sampled_from([UTC, LONDON, NEW_YORK, ZoneInfo("Asia/Tokyo")]),
)
def test_running_has_time_left_and_missed_is_past(
    aware: datetime, elapsed: timedelta, sent_fractions: list[float], tz: ZoneInfo
) -> None:
    now = aware + elapsed
    keys = ["nis2-23/notification", "dora-19/initial", "dora-19/intermediate"]
    notices = {
        key: (f"upd-{i}", aware + elapsed * fraction)
        for i, (key, fraction) in enumerate(zip(keys, sent_fractions, strict=True))
    }
    states = clocks(
        shipped(),
        applicable=[regime.id for regime in shipped()],
        aware_at=aware,
        materiality_at=aware,
        discovered_at=aware,
        notices=notices,
        now=now,
        tz=tz,
    )
    for state in states:
        left = state.time_left(now)
        if state.status is ClockStatus.RUNNING:
            assert left is not None and left > timedelta(0)
        if state.status is ClockStatus.DUE_SOON:
            assert left is not None and left >= timedelta(0)
        if state.status is ClockStatus.MISSED:
            assert state.deadline is not None and state.deadline < now
            assert state.met_at is None or state.deadline < state.met_at
        if state.deadline is not None and state.starts_at is not None:
            assert state.deadline > state.starts_at


# --- bad files -----------------------------------------------------------------------

FIRST_STAGE = """
[[regime.stage]]
id = "first"
name = "First notice"
deadline = "72h"
content = ["What happened"]
"""
GOOD_REGIME = (
    """
[[regime]]
id = "test-1"
name = "Test rule"
who = "A regulator"
trigger = "awareness"
source = "Test Act, s. 1"
"""
    + FIRST_STAGE
)


def write(folder: Path, text: str, name: str = "regulations.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    [regime] = load_regimes(write(tmp_path, GOOD_REGIME))
    assert regime.id == "test-1" and regime.stage("first").duration == Duration(72, Unit.HOURS)
    assert regime.note == "" and regime.stages[0].after is None


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        pytest.param(
            GOOD_REGIME.replace('name = "Test rule"', "name = 5"),
            ["regime[0].name", "valid string", "5", "'test-1'"],
            id="wrong type",
        ),
        pytest.param(
            GOOD_REGIME.replace('"72h"', '"72x"'),
            ["regime[0].stage[0].deadline", "'72x' is not a duration: use 72h, 4bd, 60d or 1mo"],
            id="bad duration",
        ),
        pytest.param(
            GOOD_REGIME.replace('"awareness"', '"breach"'),
            ["regime[0].trigger", "'awareness', 'materiality' or 'discovery'"],
            id="unknown trigger",
        ),
        pytest.param(
            GOOD_REGIME.replace('id = "test-1"', 'id = "Test 1"'),
            ["regime[0].id", "not an id"],
            id="bad id",
        ),
        pytest.param(
            GOOD_REGIME.replace('source = "Test Act, s. 1"', ""),
            ["regime[0].source", "field required"],
            id="missing key",
        ),
        pytest.param(
            GOOD_REGIME.replace('who = "A regulator"', 'who = "A regulator"\nwhom = "x"'),
            ["regime[0].whom", "extra inputs are not permitted"],
            id="typo in a key",
        ),
        pytest.param(
            GOOD_REGIME + GOOD_REGIME,
            ["regime[1].id", "duplicate regime id 'test-1' (also regime[0])"],
            id="duplicate regime",
        ),
        pytest.param(
            GOOD_REGIME + FIRST_STAGE,
            ["regime[0].stage[1].id", "duplicate stage id 'first'"],
            id="duplicate stage",
        ),
        pytest.param(
            GOOD_REGIME.replace('deadline = "72h"', 'deadline = "72h"\nafter = "zeroth"'),
            ["regime[0].stage[0].after", "'zeroth' is not an earlier stage of regime 'test-1'"],
            id="unknown after",
        ),
        pytest.param(
            "# nothing here\n",
            ["regime", "field required"],
            id="no regimes",
        ),
        pytest.param(
            "regime = [ this is not TOML",
            ["cannot be read as TOML"],
            id="not toml",
        ),
    ],
)
def test_bad_files_name_the_file_and_key(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RegulationsError) as caught:
        load_regimes(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message


def test_a_stage_may_count_after_an_earlier_stage_only(tmp_path: Path) -> None:
    second = """
[[regime.stage]]
id = "second"
name = "Second notice"
deadline = "1mo"
after = "first"
"""
    [regime] = load_regimes(write(tmp_path, GOOD_REGIME + second))
    assert regime.stage("second").after == "first"
    backwards = GOOD_REGIME.replace('deadline = "72h"', 'deadline = "72h"\nafter = "second"')
    with pytest.raises(RegulationsError, match=r"stage\[0\]\.after.*'second'"):
        load_regimes(write(tmp_path, backwards + second))


def test_a_user_copy_in_the_config_folder_wins(user_dirs: Path) -> None:
    config = paths.config_dir()
    assert config.is_relative_to(user_dirs)
    write(config, GOOD_REGIME)
    assert [regime.id for regime in load_regimes()] == ["test-1"]

    bad = write(config, GOOD_REGIME.replace('"72h"', '"3 days"'))
    with pytest.raises(RegulationsError) as caught:
        load_regimes()
    message = str(caught.value)
    assert message.startswith(f"{bad}: regime[0].stage[0].deadline (regime 'test-1'): ")
    assert "'3 days' is not a duration" in message and "fix or remove it" in message
