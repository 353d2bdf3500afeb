"""Reports built by hand with fixed times, for the PDF tests and for looking at the pages.

``demo_report`` is about the size of the demo incident (a hundred entries) with every
kind of mark: corrections with their history, a retraction, back-dated entries, key
moments, accented and CJK text, gaps and broken promises, clocks, checklist runs and two
desks' chains. ``big_report`` has as many entries as asked, each text unique and ordered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from crisisdesk.report import (
    ChainHead,
    Chart,
    ChartMark,
    ClockRow,
    Cover,
    FactLine,
    GapRow,
    GroupLog,
    Moment,
    Report,
    ReportOptions,
    RunSection,
    SentRow,
    StepRow,
    TimelineRow,
    Version,
)
from crisisdesk.vocabulary import CATEGORIES

T0 = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
DESK_A = "a1b2c3d4" * 4
DESK_B = "0f9e8d7c" * 4
TITLE = "Broadband outage: DDoS on the core network — 危机 response"
GROUPS = ("Customers", "Regulator (BNetzA)", "Board", "Staff", "Press")
PEOPLE = ("Zoë Ångström", "José Müller", "Łukasz Wróbel", "陈伟 (Chen Wei)", "Priya Shah")
CJK_TEXT = "Hong Kong office: 危机 hotline overloaded, callers told to use the status page."
ORIGINAL = "Attack traffic peaked at about 120 Gbit/s."
MIDDLE = "Attack traffic peaked at about 280 Gbit/s."
CURRENT = "Attack traffic peaked at about 380 Gbit/s, per the mitigation provider."
MOMENTS = (
    ("start", "Start", 0),
    ("awareness", "Awareness", 12),
    ("containment", "Containment", 260),
    ("first_customer_notice", "First customer notice", 55),
    ("regulator_notice", "Regulator notice", 610),
    ("recovery", "Recovery", 900),
)
PHRASES = (
    "SOC sees login failures spike on the customer portal",
    "Bridge call opened; incident lead takes the decision log",
    "Firewall rule applied at the edge to drop the attack signature",
    "Call-centre script v{n} issued with the holding statement",
    "Mitigation provider confirms scrubbing for the affected prefixes",
    "Legal asks for a record of every external statement so far",
    "Status page updated with the known facts and the next update time",
    "Press office takes an enquiry from a national newspaper",
    "Checklist step completed: notify the on-call executive",
    "Note: social media monitoring shows the hashtag trending in the region",
)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _row(n: int, minutes: float, category: str, text: str, **changes: object) -> TimelineRow:
    at = _at(minutes)
    row = TimelineRow(
        id=f"e{n:05d}",
        occurred_at=at,
        recorded_at=at + timedelta(seconds=40),
        category=category,
        actor=PEOPLE[n % len(PEOPLE)],
        text=text,
        recorded_by=f"{PEOPLE[(n + 2) % len(PEOPLE)]} (Scribe)",
        desk_id=DESK_A if n % 3 else DESK_B,
        key_moment=None,
        back_dated=False,
        retracted=False,
        reason="",
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def timeline(count: int, minutes: float) -> list[TimelineRow]:
    """``count`` entries over ``minutes``; each text starts with its number, "E00042"."""
    step = minutes / max(count, 1)
    rows = []
    for n in range(count):
        phrase = PHRASES[n % len(PHRASES)].format(n=n)
        rows.append(_row(n, n * step, CATEGORIES[n % len(CATEGORIES)], f"E{n:05d} {phrase}."))
    return rows


def demo_timeline() -> list[TimelineRow]:
    rows = timeline(100, 1000)
    moments = {int(minutes * 100 / 1000): key for key, _, minutes in MOMENTS}
    for index, key in moments.items():
        rows[index] = replace(rows[index], key_moment=key)
    rows[7] = replace(
        rows[7],
        text=f"E00007 {CURRENT}",
        reason="Provider's final traffic report",
        history=[
            Version(f"E00007 {ORIGINAL}", _at(70), "José Müller (SOC)", "First estimate was low"),
            Version(
                f"E00007 {MIDDLE}",
                _at(95),
                "Zoë Ångström (Scribe)",
                "Provider's final traffic report",
            ),
        ],
    )
    rows[9] = replace(
        rows[9],
        text="E00009 Customer data may have been copied from the billing system.",
        retracted=True,
        reason="Forensics found no access to the billing system",
    )
    rows[11] = replace(rows[11], back_dated=True, recorded_at=_at(170))
    rows[13] = replace(rows[13], text=f"E00013 {CJK_TEXT}", actor="陈伟 (Chen Wei)")
    rows[21] = replace(
        rows[21],
        text=(
            "E00021 Long entry: "
            + " ".join(
                f"Point {i}: the scrubbing centre in region {i} confirmed the diversion and the "
                "customer sessions recovered within the agreed window."
                for i in range(1, 9)
            )
        ),
    )
    return rows


def _comms() -> list[GroupLog]:
    logs = []
    for g, name in enumerate(GROUPS):
        updates = [
            SentRow(
                sent_at=_at(40 + g * 25 + k * (95 + g * 20)),
                channel=("Status page", "Email", "Regulator portal", "Intranet", "Press release")[
                    g
                ],
                summary=f"Update {k + 1} to {name}: service degraded in two regions; next update "
                "within the hour. Müller's team is on the bridge.",
                promised_next_at=_at(40 + g * 25 + k * (95 + g * 20) + 60) if k % 2 == 0 else None,
                sent_by=PEOPLE[(g + k) % len(PEOPLE)],
            )
            for k in range(3 + g % 3)
        ]
        gaps = [
            GapRow(
                start=_at(135 + g * 10),
                end=_at(255 + g * 10),
                length=timedelta(minutes=120),
                allowed=timedelta(minutes=60),
                over_by=timedelta(minutes=60),
                broken_promise=g % 2 == 0,
                promised_at=_at(195 + g * 10) if g % 2 == 0 else None,
                ongoing=False,
            )
        ]
        if g == 1:
            gaps.append(
                GapRow(
                    start=_at(700),
                    end=_at(1000),
                    length=timedelta(minutes=300),
                    allowed=timedelta(hours=4),
                    over_by=timedelta(minutes=60),
                    broken_promise=False,
                    promised_at=None,
                    ongoing=True,
                )
            )
        logs.append(
            GroupLog(
                name=name,
                cadence=timedelta(hours=1) if g != 2 else None,
                updates=updates,
                gaps=gaps if g != 3 else [],
                longest=gaps[-1],
            )
        )
    return logs


def _clocks() -> list[ClockRow]:
    aware = _at(12)
    return [
        ClockRow("NIS2", "Early warning", aware, aware + timedelta(hours=24), "Met",
                 "Regulator portal: early warning filed", _at(610)),
        ClockRow("NIS2", "Incident notification", aware, aware + timedelta(hours=72), "Running",
                 "", None),
        ClockRow("GDPR Art. 33", "Notify the supervisory authority", aware,
                 aware + timedelta(hours=72), "Not started", "", None),
        ClockRow("SEC 8-K", "Item 1.05 filing", None, None, "No fixed deadline", "", None),
        ClockRow("Contract (wholesale)", "Notify partners", aware, aware + timedelta(hours=4),
                 "Missed", "", None),
    ]  # fmt: skip


def _runs() -> list[RunSection]:
    steps = [
        StepRow("Detect", "Confirm the attack with the SOC", "done", "José Müller", _at(10),
                "", True),
        StepRow("Detect", "Open the bridge and the decision log", "done", "Priya Shah", _at(14),
                "", True),
        StepRow("Contain", "Divert traffic to the scrubbing centres", "done", "Łukasz Wróbel",
                _at(120), "", True),
        StepRow("Contain", "Block the botnet's source networks", "skipped", "Łukasz Wróbel",
                _at(130), "Provider handles it upstream; blocking here would drop customers",
                True),
        StepRow("Notify", "Notify the payment regulator", "not_applicable", "", None,
                "No payment services affected", False),
        StepRow("Notify", "Early warning to the national CSIRT", "reopened", "Zoë Ångström",
                _at(600), "Reopened: the portal rejected the first filing", True),
        StepRow("Recover", "Confirm service restored in every region", "todo", "", None, "", True),
    ]  # fmt: skip
    return [
        RunSection("DDoS on the core network", "3", _at(8), "Priya Shah (Comms lead)", 3, 6, steps),
        RunSection("Customer communications", "1", _at(50), "Zoë Ångström", 0, 0, []),
    ]


def _chart(rows: list[TimelineRow], comms: list[GroupLog], moments: list[Moment]) -> Chart:
    marks = [ChartMark(r.occurred_at, r.category, r.text[:40], False) for r in rows]
    marks += [ChartMark(u.sent_at, g.name, u.summary[:40], True) for g in comms for u in g.updates]
    return Chart(
        category_lanes=list(CATEGORIES),
        group_lanes=[g.name for g in comms],
        marks=sorted(marks, key=lambda m: m.at),
        moments=moments,
        start=rows[0].occurred_at if rows else T0,
        end=rows[-1].occurred_at if rows else T0,
    )


def make_report(rows: list[TimelineRow], **options: object) -> Report:
    chosen = ReportOptions(tz=BERLIN)
    chosen = replace(chosen, **options)  # type: ignore[arg-type]
    moments = [Moment(word, _at(minutes)) for _, word, minutes in MOMENTS]
    comms = _comms()
    end = rows[-1].occurred_at if rows else T0
    cover = Cover(
        title=TITLE,
        severity="critical",
        status="active",
        description=(
            "A distributed denial-of-service attack on the core network cut broadband for about "
            "300,000 customers in two regions. Service was restored by diverting traffic through "
            "the mitigation provider's scrubbing centres. No customer data was accessed."
        ),
        started_at=T0,
        aware_at=_at(12),
        period_from=T0,
        period_to=end,
        generated_at=_at(1010),
        generated_by="Sam Reyes (Comms lead)",
        desk_id=DESK_A,
        moments=moments,
        facts=[
            FactLine("customers_offline", "About 300,000 broadband customers lost service.",
                     "about 300,000", "confirmed"),
            FactLine("ddos_peak", "Attack traffic peaked at about 380 Gbit/s.", "380 Gbit/s",
                     "confirmed"),
            FactLine("data_accessed", "No customer data was accessed.", "none", "confirmed"),
        ],
    )  # fmt: skip
    return Report(
        incident_id="inc-7f3a9c2e",
        options=chosen,
        cover=cover,
        chart=_chart(rows, comms, moments),
        timeline=rows,
        comms=comms,
        clocks=_clocks(),
        runs=_runs(),
        chains=[
            ChainHead(DESK_A, len(rows) * 2 // 3, "9f" * 32, True),
            ChainHead(DESK_B, len(rows) - len(rows) * 2 // 3, "3c" * 32, True),
        ],
    )


def demo_report(**options: object) -> Report:
    return make_report(demo_timeline(), **options)


def big_report(count: int, **options: object) -> Report:
    rows = timeline(count, 60 * 24 * 5)
    rows[3] = replace(
        rows[3],
        text=f"E00003 {CURRENT}",
        history=[Version(f"E00003 {ORIGINAL}", _at(70), "José Müller", "First estimate was low")],
    )
    return make_report(rows, **options)
