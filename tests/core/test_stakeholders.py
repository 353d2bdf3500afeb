"""Stakeholder groups: editing by revision, and what an update may and may not say."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crisisdesk import incidents, stakeholders, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.stakeholders import FutureUpdate, GroupSpec, StakeholderError
from crisisdesk.store import Store


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    return inc.id


def _group(store: Store, incident: str, name: str) -> stakeholders.StakeholderState:
    with store.session() as session:
        return next(g for g in stakeholders.current(session, incident) if g.name == name)


def test_rename_owner_channels_cadence_and_retire(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    press = _group(store, incident, "Press")
    with store.write() as session:
        stakeholders.revise(
            session,
            who,
            clock,
            incident,
            press.id,
            name="Media",
            owner="Sian Pritchard",
            channels=["press_release", "social"],
            cadence_minutes=120,
        )
        stakeholders.revise(session, who, clock, incident, press.id, active=False)
    media = _group(store, incident, "Media")
    assert (media.owner, media.channels, media.cadence_minutes, media.active) == (
        "Sian Pritchard",
        ["press_release", "social"],
        120,
        False,
    )
    assert media.position == press.position  # keeps its place in the list
    with store.write() as session:
        stakeholders.revise(
            session, who, clock, incident, press.id, active=True, cadence_minutes=None
        )
    assert _group(store, incident, "Media").cadence is None  # on demand


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cadence_minutes": 0}, "not workable"),
        ({"cadence_minutes": -30}, "not workable"),
        ({"cadence_minutes": 60 * 24 * 365}, "not workable"),
        ({"name": "  "}, "needs a name"),
        ({"name": "customers"}, "already a group"),
        ({"channels": ["carrier pigeon"]}, "unknown channels"),
    ],
)
def test_bad_group_edits_are_refused(
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
    changes: dict[str, object],
    message: str,
) -> None:
    soc = _group(store, incident, "SOC team")
    with pytest.raises(StakeholderError, match=message), store.write() as session:
        stakeholders.revise(session, who, clock, incident, soc.id, **changes)  # type: ignore[arg-type]


def test_new_groups_go_to_the_end_and_need_a_new_name(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    with store.write() as session:
        new = stakeholders.add(
            session,
            who,
            clock,
            incident,
            GroupSpec(
                name="Call centre partners",
                profile="vendors",
                cadence_minutes=60,
                channels=["phone"],
            ),
        )
        with pytest.raises(StakeholderError, match="already a group"):
            stakeholders.add(
                session, who, clock, incident, GroupSpec(name="Customers", profile="customers")
            )
    with store.session() as session:
        groups = stakeholders.current(session, incident)
    assert groups[-1].id == new and len(groups) == 8


def test_update_rules(store: Store, who: Author, clock: FixedClock, incident: str) -> None:
    customers = _group(store, incident, "Customers")
    with pytest.raises(FutureUpdate, match="in the future"), store.write() as session:
        stakeholders.log_update(
            session,
            who,
            clock,
            incident,
            customers.id,
            channel="email",
            summary="Notice",
            sent_at=clock.now() + timedelta(hours=2),
        )
    with pytest.raises(StakeholderError, match="not after"), store.write() as session:
        stakeholders.log_update(
            session,
            who,
            clock,
            incident,
            customers.id,
            channel="email",
            summary="Notice",
            promised_next_at=clock.now(),
        )
    with store.write() as session:
        stakeholders.log_update(
            session,
            who,
            clock,
            incident,
            customers.id,
            channel="email",
            summary="Notice",
            sent_at=clock.now() + timedelta(hours=2),
            allow_future=True,
            promised_next_at=clock.now() + timedelta(hours=3),
        )
    with store.session() as session:
        last = timeline.current_entries(session, incident)[-1][1]
    assert last.category == "communication" and last.text.startswith("Customers updated by Email")


def test_an_update_can_fulfil_regulatory_notices(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    regulators = _group(store, incident, "Regulators")
    with store.write() as session:
        first = stakeholders.log_update(
            session,
            who,
            clock,
            incident,
            regulators.id,
            channel="regulator_portal",
            summary="Initial ICO report",
            meets=["pecr-5a/notify-ico", "gdpr-33/notify"],
        )
        clock.advance(timedelta(hours=1))
        stakeholders.log_update(
            session,
            who,
            clock,
            incident,
            regulators.id,
            channel="regulator_portal",
            summary="Phase 2",
            meets=["gdpr-33/notify"],
        )
    with store.session() as session:
        notices = stakeholders.regulatory_notices(session, incident)
    assert notices["gdpr-33/notify"] == (first.id, first.sent_at)  # the first one counts
    assert set(notices) == {"pecr-5a/notify-ico", "gdpr-33/notify"}


def test_every_update_by_group_oldest_first(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    customers, press = _group(store, incident, "Customers"), _group(store, incident, "Press")
    with store.write() as session:
        for minutes, group in ((30, customers), (10, press), (50, customers)):
            stakeholders.log_update(
                session, who, clock, incident, group.id, channel="email",
                summary=f"Update {minutes}", sent_at=clock.now() - timedelta(minutes=minutes),
            )  # fmt: skip
    with store.session() as session:
        found = stakeholders.updates_by_group(session, incident)
    assert [u.summary for u in found[customers.id]] == ["Update 50", "Update 30"]
    assert [u.summary for u in found[press.id]] == ["Update 10"]
    assert set(found) == {customers.id, press.id}
