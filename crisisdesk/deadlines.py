"""Regulatory notification clocks: the rules in regulations.toml and where each clock stands.

Pure functions of the rules, the incident's key moments, the notices sent and ``now``.
Nothing here reads the wall clock or decides which regimes apply: the team ticks them.

Durations come in two kinds:

- hours (``72h``) are elapsed time;
- days (``60d``), business days (``4bd``) and months (``1mo``) are counted on the
  local calendar of a time zone ``tz`` (UTC unless told otherwise) and end at the same
  local wall time as they start, even across a daylight-saving change. Business days
  skip Saturdays, Sundays and the given holidays. On the day reached, a wall time that
  occurs twice (autumn) means its first occurrence, the earlier deadline; one that does
  not exist (inside the spring gap) is read with the offset in force before the change.
"""

from __future__ import annotations

import calendar
import enum
import re
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from crisisdesk import resources
from crisisdesk.clock import ensure_utc

FILE_NAME = "regulations.toml"
DUE_SOON_FRACTION = 0.25
NO_DEADLINE = "none"
MAX_AMOUNT = 9999

Trigger = Literal["awareness", "materiality", "discovery"]

_DURATION = re.compile(r"(\d+)(h|d|bd|mo)")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DURATION_HINT = "use 72h, 4bd, 60d or 1mo, or 'none' for no fixed deadline"


class RegulationsError(ValueError):
    pass


# --- durations -----------------------------------------------------------------------


class Unit(enum.Enum):
    HOURS = "h"
    DAYS = "d"
    BUSINESS_DAYS = "bd"
    MONTHS = "mo"


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.value}"

    def add_to(
        self,
        start: datetime,
        *,
        tz: tzinfo = UTC,
        holidays: frozenset[date] = frozenset(),
    ) -> datetime:
        """``start`` plus this duration, in UTC; see the module notes for ``tz``."""
        start = ensure_utc(start)
        if self.unit is Unit.HOURS:
            return start + timedelta(hours=self.amount)
        local = start.astimezone(tz)
        if self.unit is Unit.DAYS:
            day = local.date() + timedelta(days=self.amount)
        elif self.unit is Unit.MONTHS:
            day = add_months(local.date(), self.amount)
        else:
            day = add_business_days(local.date(), self.amount, holidays)
        wall = local.replace(year=day.year, month=day.month, day=day.day, fold=0)
        return wall.astimezone(UTC)


def parse_duration(text: str) -> Duration | None:
    """``"72h"`` → 72 hours; ``"none"`` → None (no fixed deadline)."""
    if text == NO_DEADLINE:
        return None
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration: {_DURATION_HINT}")
    amount = int(match[1])
    if not 1 <= amount <= MAX_AMOUNT:
        raise ValueError(f"{text!r}: the number must be between 1 and {MAX_AMOUNT}")
    return Duration(amount, Unit(match[2]))


def add_months(day: date, months: int) -> date:
    """Calendar months, keeping the day of the month or clamping it to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def is_business_day(day: date, holidays: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_business_days(day: date, count: int, holidays: frozenset[date] = frozenset()) -> date:
    """The ``count``-th business day after ``day`` (``day`` itself never counts)."""
    while count > 0:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            count -= 1
    return day


# --- the file ------------------------------------------------------------------------


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an id: use lower-case letters, digits and hyphens, e.g. gdpr-33"
        )
    return value


class Stage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = Field(min_length=1)
    deadline: str
    after: str | None = None
    content: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("id", "after")
    @classmethod
    def _valid_id(cls, value: str | None) -> str | None:
        return None if value is None else _check_id(value)

    @field_validator("deadline")
    @classmethod
    def _valid_deadline(cls, value: str) -> str:
        parse_duration(value)
        return value

    @property
    def duration(self) -> Duration | None:
        """The deadline as a Duration; None for "without undue delay"."""
        return parse_duration(self.deadline)


class Regime(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = Field(min_length=1)
    who: str = Field(min_length=1)
    applies_when: str = ""
    trigger: Trigger
    stages: list[Stage] = Field(alias="stage", min_length=1)
    source: str = Field(min_length=1)
    note: str = ""

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        return _check_id(value)

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(f"regime {self.id} has no stage {stage_id!r}")


class _RegulationsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regimes: list[Regime] = Field(alias="regime", min_length=1)


def load_regimes(path: Path | None = None) -> list[Regime]:
    """The regimes in ``path``; by default the user's copy, else the shipped file."""
    path = path or resources.resource(FILE_NAME)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as err:
        raise RegulationsError(f"{path}: cannot be read as TOML ({err}); fix or remove it") from err
    try:
        regimes = _RegulationsFile.model_validate(data).regimes
    except ValidationError as err:
        where, what = _describe(err.errors()[0], data)
        raise RegulationsError(f"{path}: {where}: {what}; fix or remove it") from err
    problem = _cross_check(regimes)
    if problem:
        where, what = problem
        raise RegulationsError(f"{path}: {where}: {what}; fix or remove it")
    return regimes


def _key_path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(top level)"


def _describe(error: ErrorDetails, data: Mapping[str, Any]) -> tuple[str, str]:
    where = _key_path(error["loc"])
    if error["type"] == "value_error":
        what = str(error.get("ctx", {}).get("error", error["msg"]))
    else:
        what = error["msg"][:1].lower() + error["msg"][1:]
        if error["type"] not in {"missing", "extra_forbidden"}:
            what += f", not {error['input']!r}"
    regime_id = _raw_regime_id(data, error["loc"])
    if regime_id:
        where += f" (regime {regime_id!r})"
    return where, what


def _raw_regime_id(data: Mapping[str, Any], loc: Sequence[int | str]) -> str | None:
    """The id of the regime an error is in, to help find it in a long file."""
    if len(loc) < 3 or loc[0] != "regime" or not isinstance(loc[1], int):
        return None
    raw = data.get("regime")
    if not isinstance(raw, list) or loc[1] >= len(raw) or not isinstance(raw[loc[1]], dict):
        return None
    found = raw[loc[1]].get("id")
    return found if isinstance(found, str) else None


def _cross_check(regimes: Sequence[Regime]) -> tuple[str, str] | None:
    """Duplicate ids and ``after`` references that name no earlier stage."""
    seen: dict[str, int] = {}
    for r, regime in enumerate(regimes):
        if regime.id in seen:
            first = seen[regime.id]
            return f"regime[{r}].id", f"duplicate regime id {regime.id!r} (also regime[{first}])"
        seen[regime.id] = r
        problem = _check_stages(r, regime)
        if problem:
            return problem
    return None


def _check_stages(r: int, regime: Regime) -> tuple[str, str] | None:
    earlier: list[str] = []
    for s, stage in enumerate(regime.stages):
        where = f"regime[{r}].stage[{s}]"
        if stage.id in earlier:
            return f"{where}.id", f"duplicate stage id {stage.id!r} in regime {regime.id!r}"
        if stage.after is not None and stage.after not in earlier:
            names = ", ".join(earlier) or "none, the first stage counts from the trigger"
            return (
                f"{where}.after",
                f"{stage.after!r} is not an earlier stage of regime {regime.id!r} "
                f"(earlier stages: {names})",
            )
        earlier.append(stage.id)
    return None


# --- clocks --------------------------------------------------------------------------


class ClockStatus(enum.Enum):
    NOT_STARTED = "not started"
    RUNNING = "running"
    DUE_SOON = "due soon"
    MET = "met"
    MISSED = "missed"
    NO_FIXED_DEADLINE = "no fixed deadline"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class ClockState:
    regime_id: str
    regime_name: str
    stage_id: str
    stage_name: str
    starts_at: datetime | None
    deadline: datetime | None
    status: ClockStatus
    met_by: str | None = None
    met_at: datetime | None = None

    @property
    def key(self) -> str:
        """``"regime-id/stage-id"``, the key of this stage in ``notices``."""
        return notice_key(self.regime_id, self.stage_id)

    @property
    def sent_late(self) -> bool:
        return self.status is ClockStatus.MISSED and self.met_at is not None

    def time_left(self, now: datetime) -> timedelta | None:
        """Time until the deadline, negative once it has passed.

        None when there is no deadline (not started, no fixed figure, not applicable)
        or once the notice has been sent.
        """
        if self.deadline is None or self.met_at is not None:
            return None
        return self.deadline - ensure_utc(now)


def notice_key(regime_id: str, stage_id: str) -> str:
    return f"{regime_id}/{stage_id}"


@dataclass(frozen=True)
class _Context:
    now: datetime
    tz: tzinfo
    holidays: frozenset[date]
    due_soon_fraction: float
    triggers: Mapping[str, datetime | None]
    notices: Mapping[str, tuple[str, datetime]]


_NO_NOTICES: Mapping[str, tuple[str, datetime]] = MappingProxyType({})


def clocks(
    regimes: Sequence[Regime],
    *,
    applicable: Collection[str],
    aware_at: datetime | None,
    materiality_at: datetime | None = None,
    discovered_at: datetime | None = None,
    notices: Mapping[str, tuple[str, datetime]] = _NO_NOTICES,
    now: datetime,
    tz: tzinfo = UTC,
    holidays: frozenset[date] = frozenset(),
    due_soon_fraction: float = DUE_SOON_FRACTION,
) -> list[ClockState]:
    """One clock per stage of every regime: the applicable ones first, in file order.

    ``notices`` maps ``"regime-id/stage-id"`` to ``(update id, sent_at)`` of the notice
    that fulfils that stage. A clock is DUE_SOON in the last ``due_soon_fraction`` of
    its window; ``tz`` and ``holidays`` govern calendar durations (module notes).
    Unknown ids in ``applicable`` or ``notices`` are ignored.
    """
    if not 0 <= due_soon_fraction <= 1:
        raise ValueError(f"due_soon_fraction must be between 0 and 1, not {due_soon_fraction}")
    ctx = _Context(
        now=ensure_utc(now),
        tz=tz,
        holidays=holidays,
        due_soon_fraction=due_soon_fraction,
        triggers={
            "awareness": _utc_or_none(aware_at),
            "materiality": _utc_or_none(materiality_at),
            "discovery": _utc_or_none(discovered_at),
        },
        notices={key: (uid, ensure_utc(sent)) for key, (uid, sent) in notices.items()},
    )
    wanted = set(applicable)
    result = [
        clock for regime in regimes if regime.id in wanted for clock in _regime_clocks(regime, ctx)
    ]
    result += [
        _clock(regime, stage, None, None, ClockStatus.NOT_APPLICABLE)
        for regime in regimes
        if regime.id not in wanted
        for stage in regime.stages
    ]
    return result


def _utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else ensure_utc(value)


def _clock(
    regime: Regime,
    stage: Stage,
    starts_at: datetime | None,
    deadline: datetime | None,
    status: ClockStatus,
    notice: tuple[str, datetime] | None = None,
) -> ClockState:
    met_by, met_at = notice if notice else (None, None)
    return ClockState(
        regime.id, regime.name, stage.id, stage.name, starts_at, deadline, status, met_by, met_at
    )


def _regime_clocks(regime: Regime, ctx: _Context) -> list[ClockState]:
    states = []
    for stage in regime.stages:
        if stage.after is None:
            starts_at = ctx.triggers[regime.trigger]
        else:
            before = ctx.notices.get(notice_key(regime.id, stage.after))
            starts_at = before[1] if before else None
        duration = stage.duration
        deadline = (
            duration.add_to(starts_at, tz=ctx.tz, holidays=ctx.holidays)
            if duration is not None and starts_at is not None
            else None
        )
        notice = ctx.notices.get(notice_key(regime.id, stage.id))
        status = _status(starts_at, deadline, notice[1] if notice else None, ctx)
        states.append(_clock(regime, stage, starts_at, deadline, status, notice))
    return states


def _status(
    starts_at: datetime | None,
    deadline: datetime | None,
    sent_at: datetime | None,
    ctx: _Context,
) -> ClockStatus:
    if sent_at is not None:
        late = deadline is not None and sent_at > deadline
        return ClockStatus.MISSED if late else ClockStatus.MET
    if starts_at is None:
        return ClockStatus.NOT_STARTED
    if deadline is None:
        return ClockStatus.NO_FIXED_DEADLINE
    left = deadline - ctx.now
    if left < timedelta(0):
        return ClockStatus.MISSED
    if left <= (deadline - starts_at) * ctx.due_soon_fraction:
        return ClockStatus.DUE_SOON
    return ClockStatus.RUNNING
