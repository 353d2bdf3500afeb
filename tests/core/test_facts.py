"""The fact sheet: every change a new revision and a timeline entry, never an overwrite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from crisisdesk import facts, incidents, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.facts import FactError
from crisisdesk.identity import Author
from crisisdesk.models import Fact, FactRevision, TimelineEntry
from crisisdesk.store import Store


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Customer data exposed")
    clock.advance(timedelta(minutes=5))
    return inc.id


def _texts(store: Store, incident: str) -> list[str]:
    with store.session() as session:
        return [e.text for _, e in timeline.current_entries(session, incident)]


def _add_records_exposed(store: Store, who: Author, clock: FixedClock, incident: str) -> str:
    with store.write() as session:
        return facts.add(
            session, who, clock, incident, "Records exposed",
            "About a million customer records could be read from the internet.",
            value="about 1,000,000", source="data team",
        )  # fmt: skip


def _chain_intact(store: Store) -> bool:
    with store.session() as session:
        return all(report.intact for report in timeline.verify(session))


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Records exposed", "records_exposed"),
        ("  customers-offline ", "customers_offline"),
        ("DDoS peak (Gbit/s)", "ddos_peak_gbit_s"),
        ("records_exposed", "records_exposed"),
        ("Données  exposées", "données_exposées"),
    ],
)
def test_keys_are_normalised(typed: str, key: str) -> None:
    assert facts.normalise_key(typed) == key


def test_add_records_a_revision_and_says_so_on_the_timeline(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    fact_id = _add_records_exposed(store, who, clock, incident)
    with store.session() as session:
        [state] = facts.current(session, incident)
        revisions = session.exec(select(FactRevision)).all()
    assert (state.id, state.key, state.value, state.status, state.source) == (
        fact_id, "records_exposed", "about 1,000,000", "unconfirmed", "data team",
    )  # fmt: skip
    assert state.revised_by == who.name and state.revised_at == clock.now()
    assert len(revisions) == 1
    assert _texts(store, incident)[-1] == (
        "Fact added (unconfirmed): records exposed = about 1,000,000 — source: data team"
    )
    assert _chain_intact(store)


def test_confirm_correct_and_retract_each_add_a_version_and_an_entry(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    fact_id = _add_records_exposed(store, who, clock, incident)
    dpo = Author(who.desk_id, "Imogen Hart", "Data protection officer")
    clock.advance(timedelta(minutes=10))
    with store.write() as session:
        confirmed = facts.confirm(session, dpo, clock, fact_id)
    clock.advance(timedelta(minutes=10))
    with store.write() as session:
        corrected = facts.correct(session, dpo, clock, fact_id, value="about 1,200,000")
    clock.advance(timedelta(minutes=10))
    with store.write() as session:
        retracted = facts.retract(
            session, who, clock, fact_id, "  rows double-counted:\n the count is being redone "
        )
    assert (confirmed.status, corrected.status, retracted.status) == (
        "confirmed", "confirmed", "retracted",
    )  # fmt: skip
    assert corrected.value == retracted.value == "about 1,200,000"  # carried over
    assert corrected.statement == retracted.statement  # carried over
    assert _texts(store, incident)[-3:] == [
        "Fact confirmed: records exposed = about 1,000,000 — source: data team",
        "Fact corrected: records exposed was about 1,000,000, now about 1,200,000",
        "Fact retracted: records exposed = about 1,200,000 — reason: rows double-counted: the "
        "count is being redone",
    ]
    with store.session() as session:
        entries = session.exec(select(TimelineEntry)).all()
        assert {e.category for e in entries if e.text.startswith("Fact ")} == {"note"}
        assert len(session.exec(select(Fact)).all()) == 1
        assert facts.current(session, incident)[0].status == "retracted"
    assert _chain_intact(store)


def test_history_lists_every_version_oldest_first(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    fact_id = _add_records_exposed(store, who, clock, incident)
    dpo = Author(who.desk_id, "Imogen Hart", "Data protection officer")
    steps = [
        lambda s: facts.confirm(s, dpo, clock, fact_id),
        lambda s: facts.correct(s, who, clock, fact_id, statement="About a million customers."),
        lambda s: facts.retract(s, dpo, clock, fact_id, "wrong database"),
    ]
    for step in steps:
        with store.write() as session:
            step(session)
    # A tie in time goes to the later write: the order holds even at one instant.
    with store.session() as session:
        versions = facts.history(session, fact_id)
    assert [v.status for v in versions] == ["unconfirmed", "confirmed", "confirmed", "retracted"]
    assert [v.author for v in versions] == [who.name, dpo.name, who.name, dpo.name]
    assert versions[-1].author_role == "Data protection officer"
    assert versions[-1].statement == "About a million customers."
    assert versions[0].statement.startswith("About a million customer records")
    assert {v.value for v in versions} == {"about 1,000,000"}
    assert all(v.created_at == clock.now() and v.fact_id == fact_id for v in versions)
    with store.session() as session:
        assert facts.history(session, "0" * 32) == []


def test_duplicate_key_is_refused_and_nothing_is_written(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    _add_records_exposed(store, who, clock, incident)
    before = _texts(store, incident)
    duplicate = r"already a fact 'records exposed'.*correct that fact"
    with pytest.raises(FactError, match=duplicate), store.write() as session:
        facts.add(session, who, clock, incident, "records-exposed", "Two million rows")
    assert _texts(store, incident) == before
    with store.session() as session:
        assert len(session.exec(select(Fact)).all()) == 1
    # Another incident may use the same key.
    with store.write() as session:
        other = incidents.open_incident(session, who, clock, "Phishing wave")
        facts.add(session, who, clock, other.id, "Records exposed", "None known")


@pytest.mark.parametrize(
    ("key", "statement", "status", "problem"),
    [
        ("", "About a million", "unconfirmed", "needs a short key"),
        (" -- ", "About a million", "unconfirmed", "needs a short key"),
        ("records", "   ", "unconfirmed", "needs a statement"),
        ("records", "About a million", "probable", "must be one of"),
        ("records", "About a million", "retracted", "cannot start retracted"),
    ],
)
def test_add_says_what_to_fix(
    store: Store,
    who: Author,
    clock: FixedClock,
    incident: str,
    key: str,
    statement: str,
    status: str,
    problem: str,
) -> None:
    with pytest.raises(FactError, match=problem), store.write() as session:
        facts.add(session, who, clock, incident, key, statement, status=status)
    with store.session() as session:
        assert facts.current(session, incident) == []
        assert session.exec(select(Fact)).all() == []


def test_retraction_needs_a_reason(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    fact_id = _add_records_exposed(store, who, clock, incident)
    before = _texts(store, incident)
    for reason in ("", "  \n "):
        with pytest.raises(FactError, match="say why the fact is retracted"), store.write() as s:
            facts.retract(s, who, clock, fact_id, reason)
    with pytest.raises(FactError, match="use retract and give the reason"), store.write() as s:
        facts.correct(s, who, clock, fact_id, status="retracted")
    with pytest.raises(FactError, match="say why"), store.write() as session:
        facts.revise(session, who, clock, fact_id, incident, "About a million", status="retracted")
    assert _texts(store, incident) == before
    with store.session() as session:
        assert len(facts.history(session, fact_id)) == 1


def test_what_cannot_be_done_twice(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    fact_id = _add_records_exposed(store, who, clock, incident)
    with store.write() as session:
        facts.confirm(session, who, clock, fact_id)
    with pytest.raises(FactError, match="already confirmed"), store.write() as session:
        facts.confirm(session, who, clock, fact_id)
    with pytest.raises(FactError, match="nothing was changed"), store.write() as session:
        facts.correct(session, who, clock, fact_id, value=" about 1,000,000 ")
    with store.write() as session:
        facts.retract(session, who, clock, fact_id, "wrong table")
    with pytest.raises(FactError, match="already retracted"), store.write() as session:
        facts.retract(session, who, clock, fact_id, "still wrong")
    with pytest.raises(FactError, match="correct it to reinstate"), store.write() as session:
        facts.confirm(session, who, clock, fact_id)
    with store.session() as session:
        assert len(facts.history(session, fact_id)) == 3


def test_a_correction_can_reinstate_a_retracted_fact(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    fact_id = _add_records_exposed(store, who, clock, incident)
    with store.write() as session:
        facts.retract(session, who, clock, fact_id, "count disputed")
        facts.correct(session, who, clock, fact_id, status="unconfirmed")
        facts.correct(session, who, clock, fact_id, source="DPO", status="confirmed")
    assert _texts(store, incident)[-2:] == [
        "Fact reinstated (unconfirmed): records exposed = about 1,000,000 — source: data team",
        "Fact corrected and confirmed: records exposed source was data team, now DPO",
    ]


def test_statement_only_facts_read_by_their_statement(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    with store.write() as session:
        fact_id = facts.add(
            session, who, clock, incident, "Attribution", "No group has claimed the attack."
        )
        facts.correct(session, who, clock, fact_id, statement="A group claims it on a forum.")
    assert _texts(store, incident)[-2:] == [
        "Fact added (unconfirmed): attribution: No group has claimed the attack.",
        "Fact corrected: attribution statement was “No group has claimed the attack.”, now "
        "“A group claims it on a forum.”",
    ]


def test_revise_without_logging_writes_no_timeline_entry(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    before = _texts(store, incident)
    with store.write() as session:
        fact_id = facts.add(session, who, clock, incident, "payment_data", "Maybe", log=False)
        facts.revise(
            session, who, clock, fact_id, incident, "Maybe", value="none found",
            status="retracted", log=False,
        )  # fmt: skip
    assert _texts(store, incident) == before
    with store.session() as session:
        assert [v.status for v in facts.history(session, fact_id)] == ["unconfirmed", "retracted"]


def test_a_fact_of_another_incident_is_not_revised(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    fact_id = _add_records_exposed(store, who, clock, incident)
    with store.write() as session:
        other = incidents.open_incident(session, who, clock, "Phishing wave").id
    with pytest.raises(FactError, match="another incident"), store.write() as session:
        facts.revise(session, who, clock, fact_id, other, "About two million")
    with pytest.raises(FactError, match="no fact"), store.write() as session:
        facts.confirm(session, who, clock, "f" * 32)
