"""Stakeholder groups of an incident, their revisions, and the updates they were sent."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from crisisdesk import resources, timeline
from crisisdesk.clock import Clock, ensure_utc
from crisisdesk.identity import Author, stamp
from crisisdesk.models import Stakeholder, StakeholderRevision, Update
from crisisdesk.revisions import latest_by
from crisisdesk.vocabulary import CHANNEL_LABELS, CHANNELS

__all__ = ["CHANNELS", "CHANNEL_LABELS"]


class StakeholderError(ValueError):
    pass


class GroupSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    profile: str = Field(min_length=1, max_length=40)
    cadence_minutes: int | None = Field(default=None, ge=1, le=60 * 24 * 31)
    channels: list[str] = Field(default_factory=list)
    owner: str = ""
    note: str = ""


class DefaultGroups(BaseModel):
    model_config = ConfigDict(extra="forbid")

    group: list[GroupSpec] = Field(min_length=1)


def load_default_groups(path: Path | None = None) -> list[GroupSpec]:
    path = path or resources.resource("stakeholders.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        groups = DefaultGroups.model_validate(data).group
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise StakeholderError(f"{path}: cannot be read as TOML ({err}); fix or remove it") from err
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StakeholderError(f"{path}: {where}: {first['msg']}; fix or remove it") from err
    for spec in groups:
        unknown = [c for c in spec.channels if c not in CHANNELS]
        if unknown:
            raise StakeholderError(
                f"{path}: group {spec.name!r} names unknown channels {unknown}; "
                f"use {', '.join(CHANNELS)}"
            )
    return groups


@dataclass(frozen=True)
class UpdateInfo:
    id: str
    sent_at: datetime
    channel: str
    summary: str
    author: str
    promised_next_at: datetime | None


@dataclass(frozen=True)
class StakeholderState:
    id: str
    name: str
    profile: str
    owner: str
    channels: list[str]
    cadence: timedelta | None
    active: bool
    position: int
    last_update: UpdateInfo | None = None
    last_by_channel: dict[str, UpdateInfo] = field(default_factory=dict)


def add(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    spec: GroupSpec,
    *,
    position: int = 0,
) -> str:
    group = Stakeholder(incident_id=incident_id, **stamp(who, clock))
    session.add(group)
    session.flush()
    session.add(
        StakeholderRevision(
            incident_id=incident_id,
            stakeholder_id=group.id,
            name=spec.name.strip(),
            profile=spec.profile,
            owner=spec.owner,
            channels=list(spec.channels),
            cadence_minutes=spec.cadence_minutes,
            active=True,
            position=position,
            **stamp(who, clock),
        )
    )
    session.flush()
    return group.id


def add_defaults(
    session: Session, who: Author, clock: Clock, incident_id: str, groups: list[GroupSpec]
) -> list[str]:
    return [
        add(session, who, clock, incident_id, spec, position=i) for i, spec in enumerate(groups)
    ]


def _info(update: Update) -> UpdateInfo:
    return UpdateInfo(
        update.id,
        update.sent_at,
        update.channel,
        update.summary,
        update.author,
        update.promised_next_at,
    )


def current(session: Session, incident_id: str) -> list[StakeholderState]:
    """Every stakeholder group as it stands now, with its latest updates, in display order."""
    revs = latest_by(
        session,
        StakeholderRevision,
        "stakeholder_id",
        StakeholderRevision.incident_id == incident_id,
    )
    updates = session.exec(
        select(Update).where(Update.incident_id == incident_id).order_by(col(Update.sent_at))
    ).all()
    last: dict[str, UpdateInfo] = {}
    by_channel: dict[str, dict[str, UpdateInfo]] = {}
    for upd in updates:
        info = _info(upd)
        last[upd.stakeholder_id] = info
        by_channel.setdefault(upd.stakeholder_id, {})[upd.channel] = info
    states = [
        StakeholderState(
            id=rev.stakeholder_id,
            name=rev.name,
            profile=rev.profile,
            owner=rev.owner,
            channels=list(rev.channels),
            cadence=timedelta(minutes=rev.cadence_minutes) if rev.cadence_minutes else None,
            active=rev.active,
            position=rev.position,
            last_update=last.get(rev.stakeholder_id),
            last_by_channel=by_channel.get(rev.stakeholder_id, {}),
        )
        for rev in revs.values()
    ]
    states.sort(key=lambda s: (s.position, s.name))
    return states


def log_update(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    stakeholder_id: str,
    *,
    channel: str,
    summary: str,
    sent_at: datetime | None = None,
    promised_next_at: datetime | None = None,
    draft_revision_id: str | None = None,
    key_moment: str | None = None,
) -> Update:
    """Record a communication that was sent, and put it on the timeline.

    ``key_moment`` marks the timeline entry, e.g. "first_customer_notice".
    """
    summary = " ".join(summary.split())
    if not summary:
        raise StakeholderError("say briefly what was sent, e.g. 'Holding statement on status page'")
    if channel not in CHANNELS:
        raise StakeholderError(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
    names = {
        r.stakeholder_id: r.name
        for r in latest_by(
            session,
            StakeholderRevision,
            "stakeholder_id",
            StakeholderRevision.stakeholder_id == stakeholder_id,
        ).values()
    }
    if stakeholder_id not in names:
        raise StakeholderError(f"no stakeholder group {stakeholder_id} in this incident")
    sent = ensure_utc(sent_at) if sent_at else clock.now()
    update = Update(
        incident_id=incident_id,
        stakeholder_id=stakeholder_id,
        sent_at=sent,
        channel=channel,
        summary=summary,
        promised_next_at=ensure_utc(promised_next_at) if promised_next_at else None,
        draft_revision_id=draft_revision_id,
        **stamp(who, clock),
    )
    session.add(update)
    session.flush()
    text = f"{names[stakeholder_id]} updated by {CHANNEL_LABELS[channel]}: {summary}"
    if promised_next_at:
        text += f" (next update promised by {ensure_utc(promised_next_at):%H:%M} UTC)"
    timeline.append(
        session,
        who,
        clock,
        incident_id,
        text,
        category="communication",
        occurred_at=sent,
        actor=who.name,
        key_moment=key_moment,
    )
    return update
