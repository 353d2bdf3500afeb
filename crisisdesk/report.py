"""The incident record for the board, the regulator and the review, as plain data.

``build`` gathers what the PDF shows: the cover and its summary, the timeline with every
correction's history, each audience's communications with the gaps and broken promises,
the regulatory clocks, the checklist runs, and each desk's hash-chain head. The Qt layer
(``ui/render``) only lays this out; nothing here knows about pages or fonts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

from crisisdesk.entries import BACKDATED_AFTER, Entry
from crisisdesk.identity import Author
from crisisdesk.vocabulary import CATEGORIES, CHANNEL_LABELS, KEY_MOMENT_WORDS

if TYPE_CHECKING:
    from sqlmodel import Session

    from crisisdesk.deadlines import ClockState, Regime
    from crisisdesk.incidents import IncidentState
    from crisisdesk.silences import Silence

# Entries a person outside the company saw or sent; the rest is internal working.
EXTERNAL_FACING = frozenset({"communication", "external"})
REDACTED = "[redacted]"
INTEGRITY_TAG = "crisisdesk-integrity"


@dataclass(frozen=True)
class ReportOptions:
    since: datetime | None = None
    until: datetime | None = None
    categories: frozenset[str] = frozenset(CATEGORIES)
    facing: Literal["all", "internal", "external"] = "all"
    redact: bool = False
    tz: tzinfo = UTC  # the zone "local" times are shown in
    page_size: Literal["A4", "Letter"] = "A4"
    marking: str = "CONFIDENTIAL"  # printed on every page; "" for none


@dataclass(frozen=True)
class Moment:
    name: str  # "Awareness", "Containment", …
    at: datetime


@dataclass(frozen=True)
class FactLine:
    key: str
    statement: str
    value: str
    status: str


@dataclass(frozen=True)
class Cover:
    title: str
    severity: str
    status: str
    description: str
    started_at: datetime
    aware_at: datetime | None
    period_from: datetime
    period_to: datetime
    generated_at: datetime
    generated_by: str  # "Sam Reyes (Comms lead)"
    desk_id: str
    moments: list[Moment]
    facts: list[FactLine]  # the confirmed facts


@dataclass(frozen=True)
class Version:
    """An earlier wording of an entry, replaced by a correction."""

    text: str
    recorded_at: datetime
    recorded_by: str
    reason: str  # why the next version replaced it


@dataclass(frozen=True)
class TimelineRow:
    id: str
    occurred_at: datetime
    recorded_at: datetime
    category: str
    actor: str
    text: str
    recorded_by: str
    desk_id: str
    key_moment: str | None
    back_dated: bool
    retracted: bool
    reason: str  # of the latest correction, if any
    history: list[Version] = field(default_factory=list)  # earlier versions, oldest first

    @property
    def corrected(self) -> bool:
        return bool(self.history)


@dataclass(frozen=True)
class ChartMark:
    """One mark on the chart: an entry in its category lane, or an update in its group's."""

    at: datetime
    lane: str  # a category, or a stakeholder group's name
    label: str
    communication: bool


@dataclass(frozen=True)
class Chart:
    category_lanes: list[str]
    group_lanes: list[str]
    marks: list[ChartMark]
    moments: list[Moment]
    start: datetime
    end: datetime


@dataclass(frozen=True)
class SentRow:
    sent_at: datetime
    channel: str  # a label: "Status page"
    summary: str
    promised_next_at: datetime | None
    sent_by: str


@dataclass(frozen=True)
class GapRow:
    start: datetime
    end: datetime
    length: timedelta
    allowed: timedelta | None
    over_by: timedelta | None
    broken_promise: bool
    promised_at: datetime | None
    ongoing: bool


@dataclass(frozen=True)
class GroupLog:
    name: str
    cadence: timedelta | None
    updates: list[SentRow]
    gaps: list[GapRow]  # only those that ran past the cadence or a promise
    longest: GapRow | None


@dataclass(frozen=True)
class ClockRow:
    regime: str
    stage: str
    starts_at: datetime | None
    deadline: datetime | None
    status: str  # a word: "Met", "Missed", "Running", "Met late", …
    met_by: str  # a line describing the update that met it
    met_at: datetime | None


@dataclass(frozen=True)
class StepRow:
    phase: str
    title: str
    state: str  # "done", "skipped", "not_applicable", "reopened", "todo"
    by: str
    at: datetime | None
    note: str
    applies: bool


@dataclass(frozen=True)
class RunSection:
    title: str
    version: str
    started_at: datetime
    started_by: str
    finished: int
    total: int
    steps: list[StepRow]


@dataclass(frozen=True)
class ChainHead:
    desk_id: str
    count: int
    head_hash: str
    intact: bool


@dataclass(frozen=True)
class Report:
    incident_id: str
    options: ReportOptions
    cover: Cover
    chart: Chart
    timeline: list[TimelineRow]
    comms: list[GroupLog]
    clocks: list[ClockRow]
    runs: list[RunSection]
    chains: list[ChainHead]

    def integrity_line(self) -> str:
        """A machine-readable line of every chain head, for ``crisisdesk verify report.pdf``."""
        heads = ";".join(f"{c.desk_id}:{c.count}:{c.head_hash}" for c in self.chains)
        return f"{INTEGRITY_TAG} incident={self.incident_id} chains={heads}"


# --- redaction ------------------------------------------------------------------------------
EMAIL = re.compile(r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: an optional +country and (area), then digit groups split by spaces,
# dots or dashes, or one long run of digits. Counts, dates and addresses are let through
# by _NOT_PHONE below.
PHONE = re.compile(
    r"(?<![\w.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{1,15}(?:[\s.-]\d{1,8}){0,4}"
    r"(?![\w-])"
)
_NAME_WORD = r"[^\W\d_][\w'’-]+"
# A customer named in an entry: "customer Jane Doe", "caller Mr Patel", "Mrs Okafor".
PERSON = re.compile(
    r"(?P<lead>\b(?i:customers?|subscribers?|callers?|account holders?|complainants?)\s+)?"
    rf"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+){_NAME_WORD}(?:\s+{_NAME_WORD})?)"
    r"|(?P<lead2>\b(?i:customer|subscriber|caller|account holder|complainant)\s+)"
    rf"(?P<name2>{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
)
# Words that follow "customer" or "caller" without being anybody's name.
NOT_NAMES = frozenset(
    {"services", "service", "support", "care", "portal", "id", "data", "details", "email",
     "emails", "notice", "notices", "accounts", "account", "records", "helpline", "team",
     "experience", "relations", "contact", "complaints", "line", "queue", "base"}
)  # fmt: skip
_DIGITS = re.compile(r"\d")
# Counts (450,000), dates (2026-11-28, 28.11.2026, 2026.11.28) and network addresses
# (192.168.100.254) have the digits of a phone number but are not one.
_NOT_PHONE = re.compile(
    r"\d{1,3}(?:,\d{3})+|\d{4}([-.])\d{1,2}\1\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|\d{1,3}(?:\.\d{1,3}){3}"
)


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    digits = len(_DIGITS.findall(text))
    # A phone number has at least 7 digits; times, dates and counts stay.
    if digits < 7 or _NOT_PHONE.fullmatch(text):
        return text
    if text.lstrip("+").isdigit() and not (text[0] in "+0" and 10 <= digits <= 15):
        return text  # one run of digits is a phone number only as +44… or 07…
    if " " in text and not text.startswith("+") and "(" not in text and "-" not in text:
        groups = text.split()
        # "Tickets 12345 67890": two plain numbers side by side, not a phone number.
        if len(groups) == 2 and all(len(g) == 5 for g in groups):
            return text
    return REDACTED


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "mx"})


def _person(match: re.Match[str]) -> str:
    lead = match.group("lead") or match.group("lead2") or ""
    name = match.group("name") or match.group("name2") or ""
    words = name.split()
    titled = words[0].rstrip(".").lower() in _TITLES
    first = 1 if titled else 0
    # A name is the capitalised words after the title: "Mrs Okafor complained" keeps
    # "complained"; "customer Services" is no name at all.
    taken = first
    while taken < len(words) and words[taken][0].isupper() and taken - first < 2:
        taken += 1
    if taken == first or (not titled and words[0].lower() in NOT_NAMES):
        return match.group()
    rest = name[len(" ".join(words[:taken])) :] if taken < len(words) else ""
    return f"{lead}{REDACTED}{rest}"


def redact(text: str) -> str:
    """Emails, phone numbers and named customers replaced by "[redacted]"."""
    text = EMAIL.sub(REDACTED, text)
    text = PHONE.sub(_phone, text)
    return PERSON.sub(_person, text)


# --- assembling -----------------------------------------------------------------------------
class ReportError(ValueError):
    pass


def build(
    session: Session,
    incident_id: str,
    *,
    now: datetime,
    who: Author,
    options: ReportOptions = ReportOptions(),
    regimes: Sequence[Regime] | None = None,
) -> Report:
    """Everything the report shows, from the database as it is at ``now``."""
    from crisisdesk import incidents, timeline, timeline_pages
    from crisisdesk.incidents import IncidentError

    try:
        incident = incidents.current(session, incident_id)
    except IncidentError as err:
        raise ReportError(f"there is no incident {incident_id!r} in this database") from err
    written = [e for _, e in timeline_pages.written_since(session, incident_id, 0)]
    rows = _timeline(written, options)
    if options.redact:
        rows = [_redacted(r) for r in rows]
    moments = timeline_pages.key_moments(session, incident_id)
    text = redact if options.redact else _same
    start = incident.started_at
    period_from = min([start, *(r.occurred_at for r in rows)])
    period_to = max(
        [now if options.until is None else options.until, *(r.occurred_at for r in rows)]
    )
    cover = Cover(
        title=text(incident.title),
        severity=incident.severity,
        status=incident.status,
        description=text(incident.description),
        started_at=start,
        aware_at=incident.aware_at,
        period_from=options.since or period_from,
        period_to=period_to,
        generated_at=now,
        generated_by=f"{who.name} ({who.role})" if who.role else who.name,
        desk_id=who.desk_id,
        moments=_moments(moments, incident.started_at),
        facts=_facts(session, incident_id, text),
    )
    comms = _comms(session, incident_id, start, now, text)
    chart = Chart(
        category_lanes=[c for c in CATEGORIES if c in options.categories],
        group_lanes=[g.name for g in comms],
        marks=[ChartMark(r.occurred_at, r.category, r.text[:80], False) for r in rows]
        + [
            ChartMark(u.sent_at, g.name, u.summary[:80], True)
            for g in comms
            for u in g.updates
            if _in_range(u.sent_at, options)
        ],
        moments=cover.moments,
        start=cover.period_from,
        end=cover.period_to,
    )
    return Report(
        incident_id=incident_id,
        options=options,
        cover=cover,
        chart=chart,
        timeline=rows,
        comms=comms,
        clocks=_clocks(session, incident, moments, now, regimes, options.tz),
        runs=_runs(session, incident, text),
        chains=[
            ChainHead(c.desk_id, c.count, c.head_hash, c.intact)
            for c in timeline.verify(session)  # a desk's chain runs across incidents
        ],
    )


def _same(text: str) -> str:
    return text


def _in_range(at: datetime, options: ReportOptions) -> bool:
    return (options.since is None or at >= options.since) and (
        options.until is None or at <= options.until
    )


def _timeline(written: list[Entry], options: ReportOptions) -> list[TimelineRow]:
    """Current entries, oldest first, each with its earlier versions."""
    by_id = {e.id: e for e in written}
    replaced = {e.supersedes for e in written if e.supersedes}
    rows = []
    for entry in written:
        if entry.id in replaced:
            continue
        if entry.category not in options.categories or not _in_range(entry.occurred_at, options):
            continue
        facing = entry.category in EXTERNAL_FACING
        if (options.facing == "external" and not facing) or (
            options.facing == "internal" and facing
        ):
            continue
        history: list[Version] = []
        newer = entry
        while newer.supersedes and newer.supersedes in by_id:
            older = by_id[newer.supersedes]
            history.append(Version(older.text, older.created_at, older.author, newer.reason))
            newer = older
        history.reverse()
        first = newer  # the original version: when it was first recorded
        rows.append(
            TimelineRow(
                id=entry.id,
                occurred_at=entry.occurred_at,
                recorded_at=first.created_at,
                category=entry.category,
                actor=entry.actor,
                text=entry.text,
                recorded_by=entry.author,
                desk_id=entry.desk_id,
                key_moment=entry.key_moment,
                back_dated=first.created_at - first.occurred_at > BACKDATED_AFTER,
                retracted=entry.retracted,
                reason=entry.reason,
                history=history,
            )
        )
    rows.sort(key=lambda r: (r.occurred_at, r.recorded_at))
    return rows


def _redacted(row: TimelineRow) -> TimelineRow:
    from dataclasses import replace

    return replace(
        row,
        text=redact(row.text),
        actor=redact(row.actor),
        reason=redact(row.reason),
        history=[replace(v, text=redact(v.text), reason=redact(v.reason)) for v in row.history],
    )


def _moments(moments: dict[str, datetime], started_at: datetime) -> list[Moment]:
    found = dict(moments)
    found.setdefault("start", started_at)
    return sorted(
        (Moment(KEY_MOMENT_WORDS.get(k, k), at) for k, at in found.items()),
        key=lambda m: m.at,
    )


def _facts(session: Session, incident_id: str, text: Callable[[str], str]) -> list[FactLine]:
    from crisisdesk import facts

    return [
        FactLine(f.key, text(f.statement), text(f.value), f.status)
        for f in facts.current(session, incident_id)
        if f.status == "confirmed"
    ]


def _gap(s: Silence) -> GapRow:
    return GapRow(
        s.start, s.end, s.length, s.allowed, s.over_by, s.broken_promise, s.promised_at, s.ongoing
    )


def _comms(
    session: Session,
    incident_id: str,
    started_at: datetime,
    now: datetime,
    text: Callable[[str], str],
) -> list[GroupLog]:
    from crisisdesk import silences, stakeholders

    groups = stakeholders.current(session, incident_id)
    updates = stakeholders.updates_by_group(session, incident_id)
    found = dict(silences.for_groups(groups, updates, started_at=started_at, now=now))
    logs = []
    for group in groups:
        quiet = found.get(group.name, [])
        longest = silences.longest(quiet)
        logs.append(
            GroupLog(
                name=group.name,
                cadence=group.cadence,
                updates=[
                    SentRow(
                        u.sent_at,
                        CHANNEL_LABELS.get(u.channel, u.channel),
                        text(u.summary),
                        u.promised_next_at,
                        u.author,
                    )
                    for u in updates.get(group.id, [])
                ],
                gaps=[_gap(s) for s in silences.exceeded(quiet)],
                longest=_gap(longest) if longest else None,
            )
        )
    return logs


def _clocks(
    session: Session,
    incident: IncidentState,
    moments: dict[str, datetime],
    now: datetime,
    regimes: Sequence[Regime] | None,
    tz: tzinfo,
) -> list[ClockRow]:
    from crisisdesk import stakeholders
    from crisisdesk.deadlines import RegulationsError, clocks, load_regimes

    if regimes is None:
        try:
            regimes = load_regimes()
        except RegulationsError:
            regimes = []
    notices = stakeholders.regulatory_notices(session, incident.id)
    met_by = stakeholders.describe_updates(session, (uid for uid, _ in notices.values()))
    states = clocks(
        regimes,
        applicable=incident.regimes,
        aware_at=incident.aware_at,
        materiality_at=moments.get("materiality"),
        discovered_at=moments.get("discovery", incident.aware_at),
        notices=notices,
        now=now,
        tz=tz,
    )
    return [
        ClockRow(
            regime=c.regime_name,
            stage=c.stage_name,
            starts_at=c.starts_at,
            deadline=c.deadline,
            status=_clock_word(c),
            met_by=met_by.get(c.met_by, "") if c.met_by else "",
            met_at=c.met_at,
        )
        for c in states
        if c.regime_id in incident.regimes
    ]


def _clock_word(state: ClockState) -> str:
    from crisisdesk.deadlines import ClockStatus

    if state.status is ClockStatus.MET:
        return "Met late" if state.sent_late else "Met"
    return state.status.name.replace("_", " ").capitalize()


def _runs(
    session: Session, incident: IncidentState, text: Callable[[str], str]
) -> list[RunSection]:
    from crisisdesk import checklists
    from crisisdesk.playbooks import load_playbooks

    library = load_playbooks().by_id
    sections = []
    for run in checklists.runs(session, incident.id):
        view = checklists.run_view(session, run.id, incident, library)
        sections.append(
            RunSection(
                title=view.title,
                version=view.playbook_version,
                started_at=view.started_at,
                started_by=view.started_by,
                finished=view.finished,
                total=view.total,
                steps=[
                    StepRow(
                        s.phase.title,
                        s.step.title,
                        s.state,
                        s.by,
                        s.at,
                        text(s.note),
                        s.applies,
                    )
                    for s in view.steps
                ],
            )
        )
    return sections


# --- checking a printed report against the database -----------------------------------------
_INTEGRITY = re.compile(
    rb"crisisdesk-integrity incident=(?P<incident>[0-9a-f]+) chains=(?P<chains>[0-9a-f:;]*)"
)


@dataclass(frozen=True)
class HeadCheck:
    desk_id: str
    count: int
    head_hash: str
    matches: bool
    problem: str = ""


def printed_heads(data: bytes) -> tuple[str, list[ChainHead]] | None:
    """The incident id and chain heads a crisisdesk report carries, or None if it has none."""
    match = _INTEGRITY.search(data)
    if match is None:
        return None
    heads = []
    for part in match["chains"].decode().split(";"):
        desk, _, rest = part.partition(":")
        count, _, head = rest.partition(":")
        if not (desk and count.isdigit() and len(head) == 64):
            return None  # a damaged line proves nothing
        heads.append(ChainHead(desk, int(count), head, True))
    return (match["incident"].decode(), heads) if heads else None


def check_heads(session: Session, heads: Sequence[ChainHead]) -> list[HeadCheck]:
    """Each printed head against the database: the entry at that place in the desk's chain
    must still carry that hash, and the chain up to it must be intact. Entries written
    after the report do not matter: the record only grows."""
    from sqlmodel import select

    from crisisdesk.models import TimelineEntry
    from crisisdesk.timeline import verify_entries

    checks = []
    for head in heads:
        chain = session.exec(
            select(TimelineEntry)
            .where(TimelineEntry.desk_id == head.desk_id)
            .where(TimelineEntry.seq < head.count)
        ).all()
        if len(chain) < head.count:
            checks.append(
                HeadCheck(head.desk_id, head.count, head.head_hash, False,
                          f"the database has only {len(chain)} of the {head.count} entries")
            )  # fmt: skip
            continue
        report = verify_entries(chain)[0] if chain else None
        if report is None or not report.intact:
            problem = report.problem if report else "no entries"
            checks.append(HeadCheck(head.desk_id, head.count, head.head_hash, False, problem))
        elif report.head_hash != head.head_hash:
            checks.append(
                HeadCheck(head.desk_id, head.count, head.head_hash, False,
                          "the entries differ from those the report was made from")
            )  # fmt: skip
        else:
            checks.append(HeadCheck(head.desk_id, head.count, head.head_hash, True))
    return checks
