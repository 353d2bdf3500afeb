"""The demo incident: rich enough to show every pane, and consistent with the rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from crisisdesk import cadence, checklists, demo, drafts, facts, incidents, stakeholders, timeline
from crisisdesk.cadence import Freshness
from crisisdesk.identity import Author
from crisisdesk.models import (
    CATEGORIES,
    ChecklistRun,
    Draft,
    DraftRevision,
    Fact,
    FactRevision,
    Incident,
    IncidentRevision,
    Record,
    Stakeholder,
    StakeholderRevision,
    StepEvent,
    TimelineEntry,
    Update,
)
from crisisdesk.store import Store

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
RECORD_MODELS: tuple[type[Record], ...] = (
    Incident,
    IncidentRevision,
    TimelineEntry,
    Stakeholder,
    StakeholderRevision,
    Update,
    Draft,
    DraftRevision,
    Fact,
    FactRevision,
    ChecklistRun,
    StepEvent,
)


@dataclass(frozen=True)
class Demo:
    store: Store
    incident_id: str

    def session(self) -> Session:
        return self.store.session()


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISISDESK_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo, written once for the module's read-only checks."""
    base = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CRISISDESK_HOME", str(base / "home"))
        incident_id = demo.create_demo_database(base / "demo.sqlite", now=NOW)
    store = Store.open(base / "demo.sqlite", create=False)
    yield Demo(store, incident_id)
    store.close()


def current(written: Demo) -> list[TimelineEntry]:
    with written.session() as session:
        return [e for _, e in timeline.current_entries(session, written.incident_id)]


def test_timeline_is_long_and_spans_more_than_a_day(written: Demo) -> None:
    entries = current(written)
    assert len(entries) >= 60
    occurred = [e.occurred_at for e in entries]
    assert max(occurred) - min(occurred) >= timedelta(hours=28)
    assert min(occurred) == NOW - timedelta(hours=30)


def test_every_category_is_used(written: Demo) -> None:
    used = Counter(e.category for e in current(written))
    assert set(used) == set(CATEGORIES)
    assert all(e.actor for e in current(written))


def test_the_chain_verifies_and_is_written_forward_in_time(written: Demo) -> None:
    with written.session() as session:
        reports = timeline.verify(session)
        rows = session.exec(select(TimelineEntry).order_by(col(TimelineEntry.seq))).all()
    assert [r.desk_id for r in reports] == [demo.DEMO_DESK_ID]
    assert reports[0].intact, reports[0].problem
    assert reports[0].count == len(rows)
    recorded = [r.created_at for r in rows]
    assert recorded == sorted(recorded)


def test_nothing_is_recorded_after_now(written: Demo) -> None:
    with written.session() as session:
        for model in RECORD_MODELS:
            rows = session.exec(select(model)).all()
            assert rows, f"the demo wrote no {model.__name__} rows"
            late = [r for r in rows if r.created_at > NOW]
            assert not late, f"{model.__name__} recorded after now: {late[0]}"
        entries = session.exec(select(TimelineEntry)).all()
        updates = session.exec(select(Update)).all()
    assert all(e.occurred_at <= e.created_at for e in entries)
    assert all(u.sent_at <= NOW for u in updates)


def test_some_entries_are_back_dated(written: Demo) -> None:
    late = [e for e in current(written) if e.created_at - e.occurred_at >= timedelta(minutes=40)]
    assert len(late) >= 3


def test_key_moments(written: Demo) -> None:
    moments = Counter(e.key_moment for e in current(written) if e.key_moment)
    expected = {"start", "awareness", "containment", "first_customer_notice", "regulator_notice"}
    assert set(moments) == expected
    assert all(count == 1 for count in moments.values())
    by_moment = {e.key_moment: e.occurred_at for e in current(written) if e.key_moment}
    assert abs(by_moment["awareness"] - (NOW - timedelta(hours=20))) <= timedelta(hours=1)
    order = ["start", "awareness", "containment", "first_customer_notice", "regulator_notice"]
    assert [by_moment[m] for m in order] == sorted(by_moment[m] for m in order)


def test_incident_is_critical_active_and_aware(written: Demo) -> None:
    with written.session() as session:
        state = incidents.current(session, written.incident_id)
        revisions = incidents.revisions(session, written.incident_id)
        awareness = [
            e
            for _, e in timeline.current_entries(session, written.incident_id)
            if e.key_moment == "awareness"
        ]
    assert state.severity == "critical"
    assert state.status == "active"
    assert state.started_at == NOW - timedelta(hours=30)
    assert state.aware_at == awareness[0].occurred_at
    assert state.regimes == ["gdpr-33", "gdpr-34", "pecr-5a"]
    assert state.description
    assert len(revisions) >= 2
    assert revisions[-1].aware_at is not None
    assert revisions[0].aware_at is None


def test_seven_owned_stakeholder_groups(written: Demo) -> None:
    with written.session() as session:
        groups = stakeholders.current(session, written.incident_id)
    assert [g.profile for g in groups] == [
        "customers",
        "soc",
        "employees",
        "vendors",
        "press",
        "regulators",
        "board",
    ]
    assert all(g.owner for g in groups)
    for group in groups:
        assert group.last_update is not None, group.name
        assert set(group.last_by_channel) <= set(group.channels), group.name


def test_freshness_is_a_mix_at_now(written: Demo) -> None:
    with written.session() as session:
        state = incidents.current(session, written.incident_id)
        groups = stakeholders.current(session, written.incident_id)
    status = {}
    for group in groups:
        last = group.last_update
        status[group.profile] = cadence.freshness(
            now=NOW,
            incident_started_at=state.started_at,
            last_update_at=last.sent_at if last else None,
            cadence=group.cadence,
            promised_next_at=last.promised_next_at if last else None,
            active=group.active,
        ).status
    assert {Freshness.FRESH, Freshness.DUE_SOON, Freshness.OVERDUE} <= set(status.values())
    assert status["board"] is Freshness.OVERDUE
    regulators = next(g for g in groups if g.profile == "regulators")
    assert "regulator_portal" in regulators.last_by_channel


def test_fact_sheet(written: Demo) -> None:
    with written.session() as session:
        sheet = {f.key: f for f in facts.current(session, written.incident_id)}
        revision_counts = Counter(r.fact_id for r in session.exec(select(FactRevision)).all())
    assert 6 <= len(sheet) <= 10
    for key in ("customers_offline", "records_exposed", "data_categories", "exposure_start"):
        assert key in sheet
    assert sheet["records_exposed"].value == "about 1,000,000"
    assert {f.status for f in sheet.values()} == {"confirmed", "unconfirmed", "retracted"}
    assert max(revision_counts.values()) >= 2
    # The exposure began about 18 months before the incident, whatever `now` is.
    assert str(NOW.year - 1) in sheet["exposure_start"].value


def test_drafts_and_their_statuses(written: Demo) -> None:
    with written.session() as session:
        by_audience = {d.audience: d for d in drafts.current(session, written.incident_id)}
        sent = session.exec(select(Update).where(col(Update.draft_revision_id).is_not(None))).all()
    assert {a: d.status for a, d in by_audience.items()} == {
        "customers": "approved",
        "press": "review",
        "regulators": "draft",
        "employees": "sent",
    }
    for draft in by_audience.values():
        assert len(draft.body.split()) >= 100, draft.title
    customer = by_audience["customers"].body.lower()
    for must in ("sorry", "scam", "compensation", "helpline", "update"):
        assert must in customer
    assert [u.draft_revision_id for u in sent] == [by_audience["employees"].revision_id]


def test_checklist_is_half_done(written: Demo) -> None:
    with written.session() as session:
        runs = checklists.progress(session, written.incident_id)
    assert len(runs) == 1
    run = runs[0]
    assert (run.finished, run.total_steps) == (4, 8)
    assert run.playbook_id == "crisis-communications"
    assert Counter(run.step_states.values()) == {"done": 3, "skipped": 1}


def test_corrections_and_a_retraction_keep_their_history(written: Demo) -> None:
    with written.session() as session:
        corrected = [e for e in current(written) if e.supersedes]
        histories = {e.id: timeline.history(session, e.id) for e in corrected}
    assert len(corrected) >= 3
    assert all(e.reason for e in corrected)
    assert all(len(h) >= 2 for h in histories.values())
    retracted = [e for e in corrected if e.retracted]
    assert len(retracted) >= 1
    rewritten = [e for e in corrected if e.text != histories[e.id][0].text]
    assert len(rewritten) >= 2
    assert any("450,000" in e.text for e in rewritten)


def test_texts_have_no_unfilled_placeholders(written: Demo) -> None:
    with written.session() as session:
        texts = [e.text for e in session.exec(select(TimelineEntry)).all()]
        texts += [r.body for r in session.exec(select(DraftRevision)).all()]
        texts += [f"{r.statement} {r.value}" for r in session.exec(select(FactRevision)).all()]
    assert not [t for t in texts if "{" in t or "}" in t]


def test_the_demo_follows_now(tmp_path: Path) -> None:
    now = datetime(2031, 3, 7, 3, 17, tzinfo=UTC)
    store = Store.open(tmp_path / "later.sqlite")
    try:
        incident_id = demo.write_demo(store, now=now)
        with store.session() as session:
            state = incidents.current(session, incident_id)
            entries = session.exec(select(TimelineEntry)).all()
    finally:
        store.close()
    assert state.started_at == now - timedelta(hours=30)
    assert max(e.created_at for e in entries) <= now
    assert max(e.created_at for e in entries) >= now - timedelta(minutes=30)


def test_a_given_desk_signs_the_demo(tmp_path: Path) -> None:
    who = Author("ab" * 16, "Someone", "Scribe")
    store = Store.open(tmp_path / "desk.sqlite")
    try:
        demo.write_demo(store, now=NOW, who=who)
        with store.session() as session:
            reports = timeline.verify(session)
    finally:
        store.close()
    assert [(r.desk_id, r.intact) for r in reports] == [(who.desk_id, True)]


def test_naive_now_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="naive"):
        demo.create_demo_database(tmp_path / "naive.sqlite", now=datetime(2026, 11, 29, 12, 0))


def test_create_demo_database_accepts_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    incident_id = demo.create_demo_database(path, now=NOW)
    store = Store.open(path, create=False)
    try:
        with store.session() as session:
            assert incidents.current(session, incident_id).severity == "critical"
    finally:
        store.close()


@pytest.mark.parametrize("content", [b"precious notes, not a database", b""])
def test_create_demo_database_refuses_an_existing_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "taken.sqlite"
    if content:
        path.write_bytes(content)
    else:
        demo.create_demo_database(path, now=NOW)
        content = path.read_bytes()
    with pytest.raises(FileExistsError, match="already exists"):
        demo.create_demo_database(path, now=NOW)
    assert path.read_bytes() == content


def test_a_user_override_of_the_groups_does_not_break_the_demo(tmp_path: Path) -> None:
    config = tmp_path / "home" / "config"
    config.mkdir(parents=True)
    (config / "stakeholders.toml").write_text(
        '[[group]]\nname = "Only customers"\nprofile = "customers"\n', encoding="utf-8"
    )
    store = Store.open(tmp_path / "override.sqlite")
    try:
        incident_id = demo.write_demo(store, now=NOW)
        with store.session() as session:
            groups = stakeholders.current(session, incident_id)
    finally:
        store.close()
    assert len(groups) == 7


def test_the_regulator_notice_meets_its_clocks(written: Demo) -> None:
    with written.store.session() as session:
        notices = stakeholders.regulatory_notices(session, written.incident_id)
    assert {"pecr-5a/notify-ico", "gdpr-33/notify"} <= set(notices)
