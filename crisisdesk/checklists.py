"""Checklist runs and the step events that record them, one step at a time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import literal_column
from sqlmodel import Session, col, select

from crisisdesk import timeline
from crisisdesk.clock import Clock, ensure_utc
from crisisdesk.identity import Author, stamp
from crisisdesk.models import STEP_STATES, ChecklistRun, StepEvent
from crisisdesk.playbooks import Phase, Playbook, Step

FINISHED = ("done", "skipped", "not_applicable")
STATE_WORDS = {
    "done": "done",
    "skipped": "skipped",
    "not_applicable": "marked not applicable",
    "reopened": "reopened",
    "todo": "reset",
}


if TYPE_CHECKING:
    from crisisdesk.incidents import IncidentState


class ChecklistError(ValueError):
    pass


@dataclass(frozen=True)
class RunProgress:
    """How far a run has got: for the side list, the wall and the report."""

    id: str
    title: str
    playbook_id: str
    playbook_version: str
    total_steps: int  # the steps that apply to this incident
    started_at: datetime
    finished: int
    step_states: dict[str, str] = field(default_factory=dict)
    overdue: int = 0

    @property
    def fraction(self) -> float:
        return self.finished / self.total_steps if self.total_steps else 1.0


def start_run(
    session: Session, who: Author, clock: Clock, incident_id: str, playbook: Playbook
) -> str:
    """Start working through ``playbook``; the run keeps a copy of it as it is now."""
    title = playbook.title
    run = ChecklistRun(
        incident_id=incident_id,
        playbook_id=playbook.id,
        playbook_version=playbook.version,
        title=title,
        total_steps=len(playbook.steps),
        playbook=playbook.model_dump_json(by_alias=True),
        **stamp(who, clock),
    )
    session.add(run)
    session.flush()
    timeline.append(
        session,
        who,
        clock,
        incident_id,
        f"Checklist started: {title}",
        category="checklist",
        actor=who.name,
    )
    return run.id


def record_step(
    session: Session,
    who: Author,
    clock: Clock,
    run_id: str,
    step_id: str,
    state: str,
    *,
    step_title: str = "",
    note: str = "",
) -> None:
    if state not in STEP_STATES:
        raise ChecklistError(f"step state must be one of {', '.join(STEP_STATES)}")
    if state == "skipped" and not note.strip():
        raise ChecklistError("say why the step is skipped: the review will ask")
    run = session.get(ChecklistRun, run_id)
    if run is None:
        raise ChecklistError(f"no checklist run {run_id}")
    playbook = run_playbook(run)
    if playbook is not None:
        step = next((st for st in playbook.steps if st.id == step_id), None)
        if step is None:
            raise ChecklistError(f"there is no step {step_id!r} in {run.title}")
        step_title = step_title or step.title
    before = _latest_states(session, run_id).get(step_id, "todo")
    if state in FINISHED and before in FINISHED:
        raise ChecklistError(
            f"'{step_title or step_id}' is already {STATE_WORDS[before]}: reopen it first"
        )
    if state == "reopened" and before not in FINISHED:
        raise ChecklistError(f"'{step_title or step_id}' is still open: nothing to reopen")
    session.add(
        StepEvent(
            incident_id=run.incident_id,
            run_id=run_id,
            step_id=step_id,
            state=state,
            note=note.strip(),
            **stamp(who, clock),
        )
    )
    session.flush()
    text = f"{run.title}: step '{step_title or step_id}' {STATE_WORDS[state]}"
    if note.strip():
        text += f" ({note.strip()})"
    timeline.append(
        session, who, clock, run.incident_id, text, category="checklist", actor=who.name
    )


def progress(session: Session, incident_id: str, now: datetime | None = None) -> list[RunProgress]:
    """Every run of the incident, oldest first, with its finished and overdue counts."""
    from crisisdesk import incidents

    incident = incidents.current(session, incident_id)
    out = []
    for run in runs(session, incident_id):
        view = run_view(session, run.id, incident)
        out.append(
            RunProgress(
                view.id,
                view.title,
                view.playbook_id,
                view.playbook_version,
                view.total,
                view.started_at,
                view.finished,
                {s.step.id: s.state for s in view.steps if s.state != "todo"},
                sum(1 for s in view.steps if now is not None and s.overdue(now)),
            )
        )
    return out


def run_playbook(run: ChecklistRun) -> Playbook | None:
    """The playbook as it was when the run started (None for runs that kept no copy)."""
    if not run.playbook:
        return None
    return Playbook.model_validate_json(run.playbook)


def _latest_states(session: Session, run_id: str) -> dict[str, str]:
    return {ev.step_id: ev.state for ev in _events(session, run_id)}


def _events(session: Session, run_id: str) -> Sequence[StepEvent]:
    query = (
        select(StepEvent)
        .where(StepEvent.run_id == run_id)
        .order_by(col(StepEvent.created_at), literal_column("step_event.rowid"))
    )
    return session.exec(query).all()


@dataclass(frozen=True)
class StepStatus:
    """One step of a run as it stands: state, who and when, whether it applies, when due."""

    step: Step
    phase: Phase
    state: str = "todo"
    by: str = ""
    at: datetime | None = None
    note: str = ""
    applies: bool = True
    due_at: datetime | None = None
    waiting_for: tuple[str, ...] = ()  # titles of earlier steps not finished yet

    @property
    def is_open(self) -> bool:
        return self.applies and self.state not in FINISHED

    def overdue(self, now: datetime) -> bool:
        return self.is_open and self.due_at is not None and now > self.due_at


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    finished: int
    total: int  # steps that apply


@dataclass(frozen=True)
class RunView:
    id: str
    title: str
    playbook_id: str
    playbook_version: str
    started_at: datetime
    started_by: str
    steps: list[StepStatus]

    def phases(self) -> list[PhaseProgress]:
        out: list[PhaseProgress] = []
        for status in self.steps:
            if not out or out[-1].phase.id != status.phase.id:
                out.append(PhaseProgress(status.phase, 0, 0))
            if status.applies:
                last = out[-1]
                out[-1] = PhaseProgress(
                    last.phase, last.finished + (not status.is_open), last.total + 1
                )
        return out

    @property
    def finished(self) -> int:
        return sum(1 for s in self.steps if s.applies and not s.is_open)

    @property
    def total(self) -> int:
        return sum(1 for s in self.steps if s.applies)

    def next_open(self, after: int = -1) -> int | None:
        """The index of the first open step after ``after`` (wrapping round), or None."""
        count = len(self.steps)
        for k in range(1, count + 1):
            i = (after + k) % count
            if self.steps[i].is_open:
                return i
        return None


def runs(session: Session, incident_id: str) -> Sequence[ChecklistRun]:
    query = (
        select(ChecklistRun)
        .where(ChecklistRun.incident_id == incident_id)
        .order_by(col(ChecklistRun.created_at), literal_column("checklist_run.rowid"))
    )
    return session.exec(query).all()


def run_view(
    session: Session,
    run_id: str,
    incident: IncidentState,
    library: Mapping[str, Playbook] | None = None,
) -> RunView:
    """Every step of the run with its state derived from the recorded events.

    A run from before runs kept their playbook is shown with the playbook of the same id
    and version from ``library`` when there is one, else from its recorded steps alone.
    """
    run = session.get(ChecklistRun, run_id)
    if run is None:
        raise ChecklistError(f"no checklist run {run_id}")
    events = _events(session, run_id)
    latest = {ev.step_id: ev for ev in events}
    playbook = run_playbook(run)
    if playbook is None:
        known = (library or {}).get(run.playbook_id)
        if known is not None and known.version == run.playbook_version:
            playbook = known
        else:
            playbook = _from_events(run, events)
    applies = {
        st.id: not st.when or any(r in incident.regimes for r in st.when) for st in playbook.steps
    }
    # A step that does not apply to this incident holds nothing up.
    settled = {
        st.id
        for st in playbook.steps
        if not applies[st.id] or (latest.get(st.id) and latest[st.id].state in FINISHED)
    }
    titles = {st.id: st.title for st in playbook.steps}
    statuses = []
    for phase in playbook.phases:
        for step in phase.steps:
            ev = latest.get(step.id)
            statuses.append(
                StepStatus(
                    step,
                    phase,
                    state=ev.state if ev else "todo",
                    by=ev.author if ev else "",
                    at=ensure_utc(ev.created_at) if ev else None,
                    note=ev.note if ev else "",
                    applies=applies[step.id],
                    due_at=_due(step, incident),
                    waiting_for=tuple(titles[a] for a in step.after if a not in settled),
                )
            )
    return RunView(
        run.id,
        run.title,
        run.playbook_id,
        run.playbook_version,
        ensure_utc(run.created_at),
        run.author,
        statuses,
    )


def _due(step: Step, incident: IncidentState) -> datetime | None:
    if step.due is None:
        return None
    since = incident.started_at if step.due.since == "start" else incident.aware_at
    return ensure_utc(since) + step.due.span if since is not None else None


def _from_events(run: ChecklistRun, events: Sequence[StepEvent]) -> Playbook:
    """For an old run that kept no playbook: its recorded steps, in the order first seen."""
    seen: dict[str, None] = {}
    for ev in events:
        seen.setdefault(ev.step_id, None)
    steps = [{"id": sid, "title": sid.replace("-", " ").capitalize()} for sid in seen] or [
        {"id": "no-steps", "title": "No steps were recorded"}
    ]
    return Playbook.model_validate(
        {
            "id": run.playbook_id,
            "title": run.title,
            "version": run.playbook_version,
            "phase": [{"id": "recorded", "title": "Recorded steps", "step": steps}],
        }
    )
