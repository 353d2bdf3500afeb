"""Alembic environment: runs on the connection the store hands over, never a URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import crisisdesk.models  # noqa: F401  (registers the tables on the metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
