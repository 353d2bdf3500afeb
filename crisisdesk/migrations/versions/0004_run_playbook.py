"""A checklist run keeps the playbook as it was when the run started.

Revision ID: 0004_run_playbook
"""

from __future__ import annotations

from alembic import op

revision = "0004_run_playbook"
down_revision = "0003_update_meets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN keeps the append-only triggers. Runs started before this
    # version have no copy ('') and are shown from their recorded steps alone.
    op.execute("ALTER TABLE checklist_run ADD COLUMN playbook TEXT NOT NULL DEFAULT ''")


def downgrade() -> None:
    raise NotImplementedError("crisisdesk never downgrades a database: restore the backup instead")
