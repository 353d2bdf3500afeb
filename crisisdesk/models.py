"""The incident record as SQLModel tables.

Every table but ``DraftAutosave`` is append-only: a change is a new row that
names the row it revises, and the current state is the latest revision. The
database enforces this with triggers (see the first migration).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Dialect, Index, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from crisisdesk.clock import ensure_utc
from crisisdesk.vocabulary import (
    CATEGORIES,
    DRAFT_STATUSES,
    FACT_STATUSES,
    INCIDENT_STATUSES,
    KEY_MOMENTS,
    SEVERITIES,
    STEP_STATES,
)

__all__ = [
    "CATEGORIES",
    "DRAFT_STATUSES",
    "FACT_STATUSES",
    "INCIDENT_STATUSES",
    "KEY_MOMENTS",
    "SEVERITIES",
    "STEP_STATES",
]


def new_id() -> str:
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in Python, naive UTC in SQLite (which sorts as text)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return ensure_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Record(SQLModel):
    """Fields every row carries: identity, when it was written, by which desk and person."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    desk_id: str = Field(max_length=32)
    author: str
    author_role: str = ""


class Incident(Record, table=True):
    """An incident's identity; everything about it lives in its revisions."""

    __tablename__ = "incident"


class IncidentRevision(Record, table=True):
    __tablename__ = "incident_revision"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    title: str
    severity: str
    status: str
    description: str = ""
    started_at: datetime = Field(sa_type=UTCDateTime)
    aware_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    regimes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reason: str = ""


class TimelineEntry(Record, table=True):
    """One event in the incident's history. ``created_at`` is when it was recorded."""

    __tablename__ = "timeline_entry"
    __table_args__ = (
        UniqueConstraint("desk_id", "seq", name="uq_timeline_desk_seq"),
        Index("ix_timeline_entry_incident_occurred", "incident_id", "occurred_at"),
        Index("ix_timeline_entry_supersedes", "supersedes"),
    )

    incident_id: str = Field(foreign_key="incident.id", index=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    category: str
    actor: str = ""
    text: str
    source: str = ""
    key_moment: str | None = None
    supersedes: str | None = Field(default=None, foreign_key="timeline_entry.id")
    reason: str = ""
    retracted: bool = False
    seq: int
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class Stakeholder(Record, table=True):
    __tablename__ = "stakeholder"

    incident_id: str = Field(foreign_key="incident.id", index=True)


class StakeholderRevision(Record, table=True):
    __tablename__ = "stakeholder_revision"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    stakeholder_id: str = Field(foreign_key="stakeholder.id", index=True)
    name: str
    profile: str
    owner: str = ""
    channels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cadence_minutes: int | None = None
    active: bool = True
    position: int = 0


class Update(Record, table=True):
    """A communication that was actually sent to a stakeholder."""

    __tablename__ = "update"
    __table_args__ = (Index("ix_update_stakeholder_sent", "stakeholder_id", "sent_at"),)

    incident_id: str = Field(foreign_key="incident.id", index=True)
    stakeholder_id: str = Field(foreign_key="stakeholder.id", index=True)
    sent_at: datetime = Field(sa_type=UTCDateTime)
    channel: str
    summary: str
    draft_revision_id: str | None = Field(default=None, foreign_key="draft_revision.id")
    promised_next_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The regulatory notices this update fulfils, as "regime/stage" keys (e.g. "gdpr-33/notify").
    meets: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class Draft(Record, table=True):
    __tablename__ = "draft"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    audience: str
    stakeholder_id: str | None = Field(default=None, foreign_key="stakeholder.id")
    channel: str
    title: str


class DraftRevision(Record, table=True):
    """A saved version of a draft; approvals and sending are revisions too."""

    __tablename__ = "draft_revision"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    draft_id: str = Field(foreign_key="draft.id", index=True)
    body: str
    status: str
    note: str = ""


class DraftAutosave(SQLModel, table=True):
    """Local scratch for the editor: the one table that is overwritten in place."""

    __tablename__ = "draft_autosave"

    draft_id: str = Field(foreign_key="draft.id", primary_key=True, max_length=32)
    incident_id: str = Field(foreign_key="incident.id")
    body: str
    saved_at: datetime = Field(sa_type=UTCDateTime)
    desk_id: str = Field(max_length=32)
    author: str


class Fact(Record, table=True):
    __tablename__ = "fact"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    key: str


class FactRevision(Record, table=True):
    __tablename__ = "fact_revision"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    fact_id: str = Field(foreign_key="fact.id", index=True)
    statement: str
    value: str = ""
    status: str
    source: str = ""


class ChecklistRun(Record, table=True):
    __tablename__ = "checklist_run"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    playbook_id: str
    playbook_version: str
    title: str
    total_steps: int
    # The playbook as it was when the run started (JSON): later edits to the file
    # never change a run. Empty for runs from before this was kept.
    playbook: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class StepEvent(Record, table=True):
    __tablename__ = "step_event"

    incident_id: str = Field(foreign_key="incident.id", index=True)
    run_id: str = Field(foreign_key="checklist_run.id", index=True)
    step_id: str
    state: str
    note: str = ""


APPEND_ONLY_TABLES = (
    "incident",
    "incident_revision",
    "timeline_entry",
    "stakeholder",
    "stakeholder_revision",
    "update",
    "draft",
    "draft_revision",
    "fact",
    "fact_revision",
    "checklist_run",
    "step_event",
)
