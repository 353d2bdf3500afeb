"""Days and months are written in English, whatever the machine's locale."""

from __future__ import annotations

import locale
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk import incidents, stakeholders, timewords
from crisisdesk.clock import FixedClock
from crisisdesk.demo import story_times
from crisisdesk.identity import Author
from crisisdesk.store import Store

WHEN = datetime(2026, 12, 6, 9, 5, 7, tzinfo=UTC)  # a Sunday


def test_each_form() -> None:
    assert timewords.hm(WHEN) == "09:05"
    assert timewords.hms(WHEN) == "09:05:07"
    assert timewords.weekday_hm(WHEN) == "Sun 09:05"
    assert timewords.day_month(WHEN) == "06 Dec"
    assert timewords.day_month_hm(WHEN) == "06 Dec 09:05"
    assert timewords.full_day_hm(WHEN) == "Sun 06 Dec 09:05"
    assert timewords.long_date(datetime(2019, 4, 19, tzinfo=UTC)) == "19 April 2019"
    assert [timewords.weekday(datetime(2026, 12, d, tzinfo=UTC)) for d in range(1, 8)] == [
        "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon",
    ]  # fmt: skip
    assert [timewords.month(datetime(2026, m, 1, tzinfo=UTC)) for m in (1, 5, 9)] == [
        "Jan", "May", "Sep",
    ]  # fmt: skip


@pytest.fixture
def german(german_locale: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The C library's time words in German, as Qt sets them on a German desktop."""
    monkeypatch.setenv("LOCPATH", str(german_locale))
    previous = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_TIME, previous)


@pytest.mark.usefixtures("german")
def test_english_on_a_german_machine(store: Store, who: Author) -> None:
    assert f"{WHEN:%a %d %b}" == "So 06 Dez"  # what strftime says now
    assert timewords.full_day_hm(WHEN) == "Sun 06 Dec 09:05"
    assert story_times(datetime(2026, 12, 6, 8, tzinfo=UTC))["found_date"] == "6 December 2026"
    clock = FixedClock(WHEN)
    with store.write() as session:
        incident = incidents.open_incident(session, who, clock, "Outage")
        stakeholders.add_defaults(
            session, who, clock, incident.id, stakeholders.load_default_groups()
        )
        group = stakeholders.current(session, incident.id)[0]
    with pytest.raises(stakeholders.FutureUpdate) as raised, store.write() as session:
        stakeholders.log_update(
            session, who, clock, incident.id, group.id, channel="email", summary="Notice",
            sent_at=WHEN + timedelta(hours=2),
        )  # fmt: skip
    assert str(raised.value).startswith("the update is dated 06 Dec 11:05 UTC, in the future")
