"""The report's content, as plain data: what the PDF will say, checked without Qt."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk import cli, demo
from crisisdesk.identity import Author
from crisisdesk.report import REDACTED, Report, ReportOptions, build, printed_heads, redact
from crisisdesk.store import Store

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
WHO = Author("d" * 32, "Sam Reyes", "Comms lead")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CRISISDESK_HOME", str(base / "home"))
        incident_id = demo.create_demo_database(base / "demo.sqlite", now=NOW)
    return base / "demo.sqlite", incident_id


def report(database: tuple[Path, str], options: ReportOptions | None = None) -> Report:
    path, incident_id = database
    store = Store.open(path, create=False)
    try:
        with store.read() as session:
            return build(session, incident_id, now=NOW, who=WHO, options=options or ReportOptions())
    finally:
        store.close()


def test_cover_summary_and_timeline_of_the_demo(database: tuple[Path, str]) -> None:
    found = report(database)
    cover = found.cover
    assert cover.title.startswith("Broadband outage")
    assert cover.generated_by == "Sam Reyes (Comms lead)" and cover.generated_at == NOW
    names = [m.name for m in cover.moments]
    assert names[:2] == ["Start", "Awareness"] and "Regulator notice" in names
    assert any(f.key == "records_exposed" for f in cover.facts)
    assert all(f.status == "confirmed" for f in cover.facts)
    times = [r.occurred_at for r in found.timeline]
    assert times == sorted(times) and len(found.timeline) >= 60
    corrected = [r for r in found.timeline if r.corrected]
    assert corrected and corrected[0].history[0].reason
    assert any(r.retracted for r in found.timeline)
    assert any(r.back_dated for r in found.timeline)


def test_communications_gaps_clocks_runs_and_chains(database: tuple[Path, str]) -> None:
    found = report(database)
    customers = next(g for g in found.comms if g.name == "Customers")
    assert customers.updates and customers.longest is not None
    assert all(g.over_by is not None or g.broken_promise for g in customers.gaps)
    assert {c.regime for c in found.clocks} >= {"GDPR Art. 33", "UK PECR reg. 5A"}
    assert any(c.status == "Met" and c.met_by for c in found.clocks)
    run = found.runs[0]
    assert (run.finished, run.total) == (4, 8)
    assert any(s.state == "skipped" and s.note for s in run.steps)
    assert all(c.intact for c in found.chains)
    assert found.integrity_line().startswith(f"crisisdesk-integrity incident={found.incident_id}")


def test_filters_by_time_category_and_facing(database: tuple[Path, str]) -> None:
    full = report(database)
    middle = full.timeline[len(full.timeline) // 2].occurred_at
    later = report(database, ReportOptions(since=middle))
    assert later.timeline and all(r.occurred_at >= middle for r in later.timeline)
    decisions = report(database, ReportOptions(categories=frozenset({"decision"})))
    assert decisions.timeline and {r.category for r in decisions.timeline} == {"decision"}
    assert decisions.chart.category_lanes == ["decision"]
    outside = report(database, ReportOptions(facing="external"))
    inside = report(database, ReportOptions(facing="internal"))
    assert {r.category for r in outside.timeline} <= {"communication", "external"}
    assert not {r.category for r in inside.timeline} & {"communication", "external"}
    assert len(outside.timeline) + len(inside.timeline) == len(full.timeline)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail jane.doe+news@example.co.uk now", f"Mail {REDACTED} now"),
        ("Call 020 7946 0123 or +44 7700 900123", f"Call {REDACTED} or {REDACTED}"),
        ("US line (555) 123-4567.", f"US line {REDACTED}."),
        ("Customer Jane Doe called twice", f"Customer {REDACTED} called twice"),
        ("Mrs Okafor complained", f"{REDACTED} complained"),
        ("At 14:05 on 2026-11-28, 450,000 offline", "At 14:05 on 2026-11-28, 450,000 offline"),
        ("Ruth Calloway approved", "Ruth Calloway approved"),
        ("Ring 07700900123 or +447700900123", f"Ring {REDACTED} or {REDACTED}"),
        ("Toll free 1-800-555-0199", f"Toll free {REDACTED}"),
        ("caller Zoë Ångström rang", f"caller {REDACTED} rang"),
        ("Customer Services confirmed", "Customer Services confirmed"),
        ("Caller ID spoofing", "Caller ID spoofing"),
        ("o'brien@example.ie wrote", f"{REDACTED} wrote"),
        ("Blocked 192.168.100.254 and 10.0.0.1", "Blocked 192.168.100.254 and 10.0.0.1"),
        ("On 28.11.2026, build 2026.11.28", "On 28.11.2026, build 2026.11.28"),
        ("1000000 records; tickets 12345 67890", "1000000 records; tickets 12345 67890"),
    ],
)
def test_redaction(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_redacted_report_keeps_no_planted_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crisisdesk import incidents, timeline
    from crisisdesk.clock import FixedClock

    monkeypatch.setenv("CRISISDESK_HOME", str(tmp_path / "home"))
    clock = FixedClock(NOW)
    store = Store.open(tmp_path / "r.sqlite")
    with store.write() as session:
        inc = incidents.open_incident(session, WHO, clock, "Leak")
        entry = timeline.append(
            session, WHO, clock, inc.id, "Customer Ann Lee (ann@lee.example, 07700 900456) rang"
        )
        timeline.correct(
            session, WHO, clock, entry.id, text="Customer Ann Lee rang back on 07700 900456",
            reason="she gave ann@lee.example again",
        )  # fmt: skip
    with store.read() as session:
        found = build(session, inc.id, now=NOW, who=WHO, options=ReportOptions(redact=True))
    store.close()
    everything = repr(found)
    for planted in ("Ann Lee", "ann@lee.example", "07700 900456"):
        assert planted not in everything


def test_verify_matches_an_untouched_database_and_fails_after_tampering(
    database: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, incident_id = database
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(path.read_bytes())
    pdf = tmp_path / "report.pdf"

    def fake_pdf(made: Report, target: Path) -> int:
        target.write_bytes(b"%PDF-1.4 ... " + made.integrity_line().encode() + b" ... %%EOF")
        return 1

    args = ["export-pdf", "--db", str(copy), "--incident", incident_id, "-o", str(pdf)]
    assert cli.main(args, exporter=fake_pdf) == cli.EXIT_OK
    assert printed_heads(pdf.read_bytes()) is not None
    assert cli.main(["verify", str(pdf), "--db", str(copy)]) == cli.EXIT_OK
    assert "matches the database" in capsys.readouterr().out

    raw = sqlite3.connect(copy)
    raw.execute("DROP TRIGGER IF EXISTS timeline_entry_no_update")
    raw.execute("UPDATE timeline_entry SET text = 'nothing happened' WHERE seq = 3")
    raw.commit()
    raw.close()
    assert cli.main(["verify", str(pdf), "--db", str(copy)]) == cli.EXIT_FAILED
    assert "MISMATCH" in capsys.readouterr().out


def test_a_report_with_a_damaged_or_empty_integrity_line_proves_nothing(
    database: tuple[Path, str], tmp_path: Path
) -> None:
    path, incident_id = database
    for chains in ("", "abc:12:xyz", "d" * 32 + ":12"):
        pdf = tmp_path / "odd.pdf"
        pdf.write_bytes(
            f"%PDF crisisdesk-integrity incident={incident_id} chains={chains}<".encode()
        )
        assert printed_heads(pdf.read_bytes()) is None
        assert cli.main(["verify", str(pdf), "--db", str(path)]) == cli.EXIT_FAILED


def test_export_refuses_an_unknown_incident_or_a_missing_folder(
    database: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = database

    def never(_r: Report, _p: Path) -> int:
        raise AssertionError("nothing should be drawn")

    args = ["export-pdf", "--db", str(path), "--incident", "nope", "-o", str(tmp_path / "x.pdf")]
    assert cli.main(args, exporter=never) == cli.EXIT_FAILED
    assert "no incident 'nope'" in capsys.readouterr().err
    args = ["export-pdf", "--db", str(path), "-o", str(tmp_path / "no" / "such" / "x.pdf")]
    assert cli.main(args, exporter=never) == cli.EXIT_FAILED
    assert "does not exist" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf"))


def test_the_period_runs_from_start_to_now(database: tuple[Path, str]) -> None:
    found = report(database)
    assert found.cover.period_from <= found.cover.started_at
    assert found.cover.period_to >= NOW - timedelta(minutes=1)


@pytest.mark.zone("Europe/London")
def test_pdf_export_without_tz_uses_the_computers_zone_with_its_rules(
    database: tuple[Path, str], tmp_path: Path
) -> None:
    path, incident_id = database
    made: list[Report] = []

    def keep(report: Report, target: Path) -> int:
        made.append(report)
        target.write_bytes(b"%PDF-1.4 %%EOF")
        return 1

    out = tmp_path / "r.pdf"
    args = ["export-pdf", "--db", str(path), "--incident", incident_id, "-o", str(out)]
    assert cli.main(args, exporter=keep) == cli.EXIT_OK
    zone = made[0].options.tz
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC).astimezone(zone)
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC).astimezone(zone)
    assert (winter.utcoffset(), summer.utcoffset()) == (timedelta(0), timedelta(hours=1))
