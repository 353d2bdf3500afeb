"""Local times keep their daylight-saving rules, so both sides of a clock change are right."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import pytest

from crisisdesk.clock import FixedClock, local_zone

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)
ZONES = Path("/usr/share/zoneinfo")


def _offsets(zone: tzinfo) -> tuple[timedelta | None, timedelta | None]:
    return WINTER.astimezone(zone).utcoffset(), SUMMER.astimezone(zone).utcoffset()


@pytest.fixture
def no_tz(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No TZ variable, and a localtime file that does not exist yet."""
    monkeypatch.delenv("TZ", raising=False)
    return tmp_path / "localtime"


def test_a_named_zone_keeps_its_summer_time(no_tz: Path) -> None:
    zone = local_zone("Europe/London", localtime=no_tz)
    assert _offsets(zone) == (timedelta(0), timedelta(hours=1))


def test_the_tz_variable_is_read_when_no_name_is_given(
    no_tz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", ":America/New_York")
    assert _offsets(local_zone(localtime=no_tz)) == (timedelta(hours=-5), timedelta(hours=-4))


@pytest.mark.skipif(not (ZONES / "Europe" / "Berlin").exists(), reason="no zone database")
def test_the_systems_localtime_link_gives_the_zone_and_its_name(no_tz: Path) -> None:
    no_tz.symlink_to(ZONES / "Europe" / "Berlin")
    zone = local_zone(localtime=no_tz)
    assert str(zone) == "Europe/Berlin"
    assert _offsets(zone) == (timedelta(hours=1), timedelta(hours=2))


def _tz(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """TZ as the C library reads it (Python re-reads it only when told)."""
    monkeypatch.setenv("TZ", value)
    time.tzset()


def test_an_unknown_name_and_no_rules_fall_back_to_the_offset_now(
    no_tz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A POSIX rule with no summer time, five hours forty-five ahead (Nepal's offset).
    _tz(monkeypatch, "<+0545>-5:45")
    zone = local_zone("Not/AZone", localtime=no_tz, clock=FixedClock(WINTER))
    assert zone.utcoffset(None) == timedelta(hours=5, minutes=45)
    assert WINTER.astimezone(zone).strftime("%H:%M %Z") == "17:45 +0545"


@pytest.mark.skipif(not (ZONES / "America" / "New_York").exists(), reason="no zone database")
def test_tz_may_name_a_zone_file_by_its_path(no_tz: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", f":{ZONES / 'America' / 'New_York'}")
    zone = local_zone(localtime=no_tz)
    assert str(zone) == "America/New_York"
    assert _offsets(zone) == (timedelta(hours=-5), timedelta(hours=-4))


def test_a_posix_rule_in_tz_is_never_replaced_by_the_systems_zone(
    no_tz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The C library follows the rule; /etc/localtime (here Berlin) must not win over it.
    if (ZONES / "Europe" / "Berlin").exists():
        no_tz.symlink_to(ZONES / "Europe" / "Berlin")
    _tz(monkeypatch, "EST5EDT4,M3.2.0,M11.1.0")
    winter = local_zone("EST5EDT4,M3.2.0,M11.1.0", localtime=no_tz, clock=FixedClock(WINTER))
    summer = local_zone("EST5EDT4,M3.2.0,M11.1.0", localtime=no_tz, clock=FixedClock(SUMMER))
    assert (winter.utcoffset(None), summer.utcoffset(None)) == (
        timedelta(hours=-5),
        timedelta(hours=-4),
    )
    assert (winter.tzname(None), summer.tzname(None)) == ("EST", "EDT")


def test_an_empty_tz_is_utc(no_tz: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "")
    assert local_zone(localtime=no_tz) is UTC
