"""Reading the current state out of append-only revision tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import literal_column
from sqlmodel import Session, col, select

from crisisdesk.models import Record

R = TypeVar("R", bound=Record)


def latest_by(session: Session, model: type[R], parent: str, *where: Any) -> dict[str, R]:
    """The newest revision per ``parent`` id. Ties in ``created_at`` go to the later write."""
    table = model.__tablename__
    query = (
        select(model)
        .where(*where)
        .order_by(col(model.created_at), literal_column(f'"{table}".rowid'))
    )
    latest: dict[str, R] = {}
    for row in session.exec(query):
        latest[getattr(row, parent)] = row
    return latest


def history_of(session: Session, model: type[R], parent: str, parent_id: str) -> Sequence[R]:
    table = model.__tablename__
    query = (
        select(model)
        .where(getattr(model, parent) == parent_id)
        .order_by(col(model.created_at), literal_column(f'"{table}".rowid'))
    )
    return session.exec(query).all()
