"""The first schema: the whole incident record, append-only.

Revision ID: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

# "CDSK" as a big-endian int: marks the file as a crisisdesk database (PRAGMA application_id).
APPLICATION_ID = 0x4344534B

APPEND_ONLY = (
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


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "checklist_run",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("playbook_id", sa.String(), nullable=False),
        sa.Column("playbook_version", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("total_steps", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_checklist_run_incident_id"), "checklist_run", ["incident_id"], unique=False
    )
    op.create_table(
        "fact",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_fact_incident_id"), "fact", ["incident_id"], unique=False)
    op.create_table(
        "incident_revision",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("aware_at", sa.DateTime(), nullable=True),
        sa.Column("regimes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_incident_revision_incident_id"), "incident_revision", ["incident_id"], unique=False
    )
    op.create_table(
        "stakeholder",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_stakeholder_incident_id"), "stakeholder", ["incident_id"], unique=False
    )
    op.create_table(
        "timeline_entry",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("key_moment", sa.String(), nullable=True),
        sa.Column("supersedes", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("retracted", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["supersedes"],
            ["timeline_entry.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("desk_id", "seq", name="uq_timeline_desk_seq"),
    )
    op.create_index(
        op.f("ix_timeline_entry_incident_id"), "timeline_entry", ["incident_id"], unique=False
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("audience", sa.String(), nullable=False),
        sa.Column("stakeholder_id", sa.String(), nullable=True),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholder.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_draft_incident_id"), "draft", ["incident_id"], unique=False)
    op.create_table(
        "fact_revision",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("fact_id", sa.String(), nullable=False),
        sa.Column("statement", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["fact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_fact_revision_fact_id"), "fact_revision", ["fact_id"], unique=False)
    op.create_index(
        op.f("ix_fact_revision_incident_id"), "fact_revision", ["incident_id"], unique=False
    )
    op.create_table(
        "stakeholder_revision",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("stakeholder_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("profile", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("cadence_minutes", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholder.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_stakeholder_revision_incident_id"),
        "stakeholder_revision",
        ["incident_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_stakeholder_revision_stakeholder_id"),
        "stakeholder_revision",
        ["stakeholder_id"],
        unique=False,
    )
    op.create_table(
        "step_event",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("run_id", sa.String(), nullable=False),
        sa.Column("step_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["checklist_run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_step_event_incident_id"), "step_event", ["incident_id"], unique=False)
    op.create_index(op.f("ix_step_event_run_id"), "step_event", ["run_id"], unique=False)
    op.create_table(
        "draft_autosave",
        sa.Column("draft_id", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["draft.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("draft_id"),
    )
    op.create_table(
        "draft_revision",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("draft_id", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["draft.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_draft_revision_draft_id"), "draft_revision", ["draft_id"], unique=False
    )
    op.create_index(
        op.f("ix_draft_revision_incident_id"), "draft_revision", ["incident_id"], unique=False
    )
    op.create_table(
        "update",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("desk_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("author_role", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("stakeholder_id", sa.String(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("draft_revision_id", sa.String(), nullable=True),
        sa.Column("promised_next_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["draft_revision_id"],
            ["draft_revision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholder.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_update_incident_id"), "update", ["incident_id"], unique=False)
    op.create_index(op.f("ix_update_stakeholder_id"), "update", ["stakeholder_id"], unique=False)

    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f'CREATE TRIGGER "{table}_no_{action.lower()}" BEFORE {action} ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, 'crisisdesk records are append-only: "
                f"{table} rows cannot be changed or removed; record a correction instead'); END"
            )
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def downgrade() -> None:
    raise NotImplementedError("crisisdesk never downgrades a database: restore the backup instead")
