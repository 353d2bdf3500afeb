"""Indexes for reading the timeline in time order and finding corrections.

Revision ID: 0002_timeline_indexes
"""

from __future__ import annotations

from alembic import op

revision = "0002_timeline_indexes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_timeline_entry_incident_occurred", "timeline_entry", ["incident_id", "occurred_at"]
    )
    op.create_index("ix_timeline_entry_supersedes", "timeline_entry", ["supersedes"])
    op.create_index("ix_update_stakeholder_sent", "update", ["stakeholder_id", "sent_at"])


def downgrade() -> None:
    raise NotImplementedError("crisisdesk never downgrades a database: restore the backup instead")
