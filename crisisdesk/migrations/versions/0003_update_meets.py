"""Updates say which regulatory notices they fulfil.

Revision ID: 0003_update_meets
"""

from __future__ import annotations

from alembic import op

revision = "0003_update_meets"
down_revision = "0002_timeline_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite supports it in place, so the append-only triggers stay.
    op.execute("ALTER TABLE \"update\" ADD COLUMN meets JSON NOT NULL DEFAULT '[]'")


def downgrade() -> None:
    raise NotImplementedError("crisisdesk never downgrades a database: restore the backup instead")
