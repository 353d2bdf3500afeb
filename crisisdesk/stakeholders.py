"""Stakeholder groups of an incident, their revisions, and the updates they were sent."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from crisisdesk import resources, timeline, timewords
from crisisdesk.clock import Clock, ensure_utc
from crisisdesk.identity import Author, stamp
from crisisdesk.models import Stakeholder, StakeholderRevision, Update
from crisisdesk.revisions import latest_by
from crisisdesk.vocabulary import CHANNEL_LABELS, CHANNELS

__all__ = ["CHANNELS", "CHANNEL_LABELS"]


MIN_CADENCE, MAX_CADENCE = 5, 60 * 24 * 7  # minutes: every 5 minutes to once a week
FUTURE_GRACE = timedelta(minutes=5)


class StakeholderError(ValueError):
    pass


class FutureUpdate(StakeholderError):
    """The update is dated in the future: recorded only when the person confirms it."""


class GroupSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    profile: str = Field(min_length=1, max_length=40)
    cadence_minutes: int | None = Field(default=None, ge=MIN_CADENCE, le=MAX_CADENCE)
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

    @property
    def cadence_minutes(self) -> int | None:
        return None if self.cadence is None else int(self.cadence.total_seconds() // 60)


def check_group(
    name: str, channels: list[str], cadence_minutes: int | None, taken: set[str]
) -> str:
    """The group's name, tidied; or an error saying what to change."""
    name = " ".join(name.split())
    if not name:
        raise StakeholderError("a stakeholder group needs a name, e.g. 'Customers'")
    if name.lower() in {t.lower() for t in taken}:
        raise StakeholderError(f"there is already a group called {name!r}: choose another name")
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        raise StakeholderError(f"unknown channels {unknown}: use {', '.join(CHANNELS)}")
    if cadence_minutes is not None and not MIN_CADENCE <= cadence_minutes <= MAX_CADENCE:
        raise StakeholderError(
            f"a cadence of {cadence_minutes} minutes is not workable: promise an update every "
            f"{MIN_CADENCE} minutes to {MAX_CADENCE // (60 * 24)} days, or none (on demand)"
        )
    return name


def add(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    spec: GroupSpec,
    *,
    position: int | None = None,
) -> str:
    existing = current(session, incident_id)
    name = check_group(spec.name, spec.channels, spec.cadence_minutes, {g.name for g in existing})
    if position is None:
        position = max((g.position for g in existing), default=-1) + 1
    group = Stakeholder(incident_id=incident_id, **stamp(who, clock))
    session.add(group)
    session.flush()
    session.add(
        StakeholderRevision(
            incident_id=incident_id,
            stakeholder_id=group.id,
            name=name,
            profile=spec.profile,
            owner=spec.owner.strip(),
            channels=list(spec.channels),
            cadence_minutes=spec.cadence_minutes,
            active=True,
            position=position,
            **stamp(who, clock),
        )
    )
    session.flush()
    return group.id


_KEEP: Any = object()


def revise(
    session: Session,
    who: Author,
    clock: Clock,
    incident_id: str,
    stakeholder_id: str,
    *,
    name: str | None = None,
    owner: str | None = None,
    channels: list[str] | None = None,
    cadence_minutes: int | None = _KEEP,
    active: bool | None = None,
) -> StakeholderState:
    """Record a new revision of a group: rename, change owner, channels, cadence, or
    retire (``active=False``) and bring back. Unspecified fields carry over."""
    groups = {g.id: g for g in current(session, incident_id)}
    if stakeholder_id not in groups:
        raise StakeholderError(f"no stakeholder group {stakeholder_id} in this incident")
    now = groups.pop(stakeholder_id)
    cadence = now.cadence_minutes if cadence_minutes is _KEEP else cadence_minutes
    new_channels = list(channels) if channels is not None else list(now.channels)
    new_name = check_group(
        name if name is not None else now.name, new_channels, cadence,
        {g.name for g in groups.values()},
    )  # fmt: skip
    session.add(
        StakeholderRevision(
            incident_id=incident_id,
            stakeholder_id=stakeholder_id,
            name=new_name,
            profile=now.profile,
            owner=(owner if owner is not None else now.owner).strip(),
            channels=new_channels,
            cadence_minutes=cadence,
            active=now.active if active is None else active,
            position=now.position,
            **stamp(who, clock),
        )
    )
    session.flush()
    return next(g for g in current(session, incident_id) if g.id == stakeholder_id)


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


def updates_by_group(session: Session, incident_id: str) -> dict[str, list[UpdateInfo]]:
    """Every update sent in the incident, by group id, oldest first."""
    query = select(Update).where(Update.incident_id == incident_id).order_by(col(Update.sent_at))
    found: dict[str, list[UpdateInfo]] = {}
    for update in session.exec(query):
        found.setdefault(update.stakeholder_id, []).append(_info(update))
    return found


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
    allow_future: bool = False,
    meets: list[str] | None = None,
) -> Update:
    """Record a communication that was sent, and put it on the timeline.

    ``key_moment`` marks the timeline entry, e.g. "first_customer_notice".
    """
    summary = " ".join(summary.split())
    sent = ensure_utc(sent_at) if sent_at else clock.now()
    if sent - clock.now() > FUTURE_GRACE and not allow_future:
        raise FutureUpdate(
            f"the update is dated {timewords.day_month_hm(sent)} UTC, in the future: check the "
            "time, or confirm that it is right"
        )
    if promised_next_at is not None and ensure_utc(promised_next_at) <= sent:
        raise StakeholderError(
            "the promised next update is not after this update was sent: check the promised time"
        )
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
    update = Update(
        incident_id=incident_id,
        stakeholder_id=stakeholder_id,
        sent_at=sent,
        channel=channel,
        summary=summary,
        promised_next_at=ensure_utc(promised_next_at) if promised_next_at else None,
        draft_revision_id=draft_revision_id,
        meets=list(meets or []),
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


def regulatory_notices(session: Session, incident_id: str) -> dict[str, tuple[str, datetime]]:
    """For each "regime/stage" key, the first update sent that fulfils it: (id, sent_at)."""
    found: dict[str, tuple[str, datetime]] = {}
    query = select(Update).where(Update.incident_id == incident_id).order_by(col(Update.sent_at))
    for update in session.exec(query):
        for key in update.meets:
            found.setdefault(key, (update.id, update.sent_at))
    return found


def describe_updates(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """A line per update: channel, what was sent and by whom (for "met by" on a clock)."""
    found = {}
    for update_id in set(ids):
        update = session.get(Update, update_id)
        if update is not None:
            channel = CHANNEL_LABELS.get(update.channel, update.channel)
            found[update_id] = f"{channel}: {update.summary} ({update.author})"
    return found
