"""Checklist runs: step states come from events; conditions, due times, a run's own copy."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk import checklists, incidents, timeline
from crisisdesk.checklists import ChecklistError
from crisisdesk.clock import FixedClock
from crisisdesk.identity import Author
from crisisdesk.playbooks import Playbook
from crisisdesk.store import Store

PLAYBOOK = Playbook.model_validate(
    {
        "id": "mini",
        "title": "Mini playbook",
        "version": "3",
        "phase": [
            {
                "id": "one",
                "title": "One",
                "step": [
                    {"id": "a", "title": "Call the provider", "due": {"after": "30m"}},
                    {"id": "b", "title": "Tell the regulator", "when": ["gdpr-33"],
                     "due": {"after": "72h", "since": "awareness"}},
                ],
            },
            {
                "id": "two",
                "title": "Two",
                "step": [{"id": "c", "title": "Stand down", "after": ["a"]}],
            },
        ],
    }
)  # fmt: skip


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        return incidents.open_incident(session, who, clock, "Outage").id


def view(store: Store, run: str, incident: str) -> checklists.RunView:
    with store.session() as session:
        state = incidents.current(session, incident)
        return checklists.run_view(session, run, state)


def start(store: Store, who: Author, clock: FixedClock, incident: str) -> str:
    with store.write() as session:
        return checklists.start_run(session, who, clock, incident, PLAYBOOK)


def test_states_come_from_events_including_reopen(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    run = start(store, who, clock, incident)
    clock.advance(timedelta(minutes=5))
    with store.write() as session:
        checklists.record_step(session, who, clock, run, "a", "done")
    first = view(store, run, incident)
    assert [(s.step.id, s.state) for s in first.steps] == [
        ("a", "done"),
        ("b", "todo"),
        ("c", "todo"),
    ]
    assert first.steps[0].by == who.name and first.steps[0].at == clock.now()
    assert first.steps[2].waiting_for == ()
    clock.advance(timedelta(minutes=5))
    with store.write() as session:
        checklists.record_step(session, who, clock, run, "a", "reopened", note="Provider hung up")
        checklists.record_step(session, who, clock, run, "c", "done")  # out of order is allowed
    with store.write() as session, pytest.raises(ChecklistError, match="already done"):
        checklists.record_step(session, who, clock, run, "c", "skipped", note="x")
    again = view(store, run, incident)
    assert again.steps[0].state == "reopened" and again.steps[0].is_open
    assert again.steps[2].waiting_for == ("Call the provider",)
    with store.session() as session:
        texts = [e.text for _, e in timeline.current_entries(session, incident)]
    assert "Mini playbook: step 'Call the provider' done" in texts
    assert "Mini playbook: step 'Call the provider' reopened (Provider hung up)" in texts


def test_a_step_that_does_not_apply_is_left_out_of_the_count(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    run = start(store, who, clock, incident)
    before = view(store, run, incident)
    assert not before.steps[1].applies and not before.steps[1].is_open
    assert (before.finished, before.total) == (0, 2)
    assert [(p.phase.id, p.finished, p.total) for p in before.phases()] == [
        ("one", 0, 1),
        ("two", 0, 1),
    ]
    with store.write() as session:
        incidents.revise(session, who, clock, incident, reason="GDPR applies", regimes=["gdpr-33"])
    assert view(store, run, incident).steps[1].applies


def test_due_times_run_from_start_or_awareness(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    run = start(store, who, clock, incident)
    started = clock.now()
    steps = view(store, run, incident).steps
    assert steps[0].due_at == started + timedelta(minutes=30)
    assert steps[1].due_at is None  # no awareness yet
    assert not steps[0].overdue(started + timedelta(minutes=30))
    assert steps[0].overdue(started + timedelta(minutes=31))
    with store.write() as session:
        incidents.revise(
            session, who, clock, incident, reason="Aware", aware_at=started + timedelta(hours=2),
            regimes=["gdpr-33"],
        )  # fmt: skip
    assert view(store, run, incident).steps[1].due_at == started + timedelta(hours=74)


def test_a_skip_needs_a_reason_and_unknown_steps_are_refused(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    run = start(store, who, clock, incident)
    with store.write() as session, pytest.raises(ChecklistError, match="say why"):
        checklists.record_step(session, who, clock, run, "a", "skipped")
    with store.write() as session, pytest.raises(ChecklistError, match="no step 'zz'"):
        checklists.record_step(session, who, clock, run, "zz", "done")
    with store.write() as session, pytest.raises(ChecklistError, match="still open"):
        checklists.record_step(session, who, clock, run, "a", "reopened")


def test_a_run_keeps_the_playbook_it_started_with(
    store: Store, who: Author, clock: FixedClock, incident: str, tmp_path: Path
) -> None:
    run = start(store, who, clock, incident)
    edited = PLAYBOOK.model_copy(update={"version": "4", "title": "Renamed"})
    with store.write() as session:
        later = checklists.start_run(session, who, clock, incident, edited)
    assert view(store, run, incident).title == "Mini playbook"
    assert view(store, run, incident).playbook_version == "3"
    assert view(store, later, incident).playbook_version == "4"
    with store.session() as session:
        assert [r.id for r in checklists.runs(session, incident)] == [run, later]


def test_a_run_that_kept_no_copy_uses_the_same_version_or_its_recorded_steps(
    store: Store, who: Author, clock: FixedClock, incident: str
) -> None:
    from crisisdesk.models import ChecklistRun

    run = start(store, who, clock, incident)
    with store.write() as session:
        checklists.record_step(session, who, clock, run, "a", "done")
        old = ChecklistRun(
            incident_id=incident, playbook_id="mini", playbook_version="3", title="Mini playbook",
            total_steps=3, created_at=clock.now(), desk_id=who.desk_id, author=who.name,
        )  # fmt: skip
        session.add(old)
        session.flush()
        checklists.record_step(session, who, clock, old.id, "b", "done")
        old_id = old.id
    with store.session() as session:
        state = incidents.current(session, incident)
        same = checklists.run_view(session, old_id, state, {"mini": PLAYBOOK})
        other = PLAYBOOK.model_copy(update={"version": "9"})
        alone = checklists.run_view(session, old_id, state, {"mini": other})
    assert [s.step.id for s in same.steps] == ["a", "b", "c"]
    assert [(s.step.id, s.state) for s in alone.steps] == [("b", "done")]
