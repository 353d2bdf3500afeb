"""Checklist runs and the step events that record them, one step at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from crisisdesk import timeline
from crisisdesk.clock import Clock
from crisisdesk.identity import Author, stamp
from crisisdesk.models import STEP_STATES, ChecklistRun, StepEvent

FINISHED = ("done", "skipped", "not_applicable")
STATE_WORDS = {
    "done": "done",
    "skipped": "skipped",
    "not_applicable": "marked not applicable",
    "reopened": "reopened",
    "todo": "reset",
}


class ChecklistError(ValueError):
    pass


@dataclass(frozen=True)
class RunProgress:
    id: str
    title: str
    playbook_id: str
    playbook_version: str
    total_steps: int
    started_at: datetime
    step_states: dict[str, str] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        return sum(1 for s in self.step_states.values() if s in FINISHED)

    @property
    def fraction(self) -> float:
        return self.finished / self.total_steps if self.total_steps else 1.0


def start_run(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    *,
    playbook_id: str,
    playbook_version: str,
    title: str,
    total_steps: int,
) -> str:
    run = ChecklistRun(
        incident_id=incident_id,
        playbook_id=playbook_id,
        playbook_version=playbook_version,
        title=title,
        total_steps=total_steps,
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


def progress(session: Session, incident_id: str) -> list[RunProgress]:
    runs = session.scalars(
        select(ChecklistRun)
        .where(ChecklistRun.incident_id == incident_id)
        .order_by(ChecklistRun.created_at)  # type: ignore[arg-type]
    ).all()
    events = session.scalars(
        select(StepEvent).where(StepEvent.incident_id == incident_id).order_by(StepEvent.created_at)  # type: ignore[arg-type]
    ).all()
    states: dict[str, dict[str, str]] = {}
    for ev in events:
        states.setdefault(ev.run_id, {})[ev.step_id] = ev.state
    return [
        RunProgress(
            r.id,
            r.title,
            r.playbook_id,
            r.playbook_version,
            r.total_steps,
            r.created_at,
            states.get(r.id, {}),
        )
        for r in runs
    ]
