"""What the report says, section by section, laid out on a ``Flow``.

The cover (with its summary and contents), the chart, the full timeline with each
correction's history, the communications per audience, the regulatory clocks, the
checklist runs, and the integrity section with the line ``crisisdesk verify`` reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from crisisdesk.report import (
    ClockRow,
    GapRow,
    GroupLog,
    Report,
    RunSection,
    TimelineRow,
)
from crisisdesk.vocabulary import CATEGORIES, KEY_MOMENT_WORDS
from ui import palette
from ui.render.chart import ChartBlock, category_word
from ui.render.layout import ACCENT, BOX_FILL, INK, MUTED, Cell, Column, Flow
from ui.render.text import (
    BODY,
    BODY_BOLD,
    H1,
    H2,
    LABEL,
    MONO,
    MONO_BODY,
    MONO_CELL,
    SMALL,
    SMALL_BOLD,
    SMALL_ITALIC,
    STRUCK,
    TINY,
    TITLE,
    Face,
)

TIME = -1.0  # a column share meaning "as wide as a time"
WARN = "#B04000"  # vermillion darkened to read as text
GOOD = "#00785A"
SECTIONS = (
    "Timeline at a glance",
    "Timeline",
    "Communications",
    "Regulatory clocks",
    "Checklist runs",
    "Integrity",
)
STEP_WORDS = {
    "done": "Done",
    "skipped": "Skipped",
    "not_applicable": "Not applicable",
    "reopened": "Reopened",
    "todo": "To do",
}
STATUS_COLOURS = {
    "met": GOOD,
    "missed": WARN,
    "met late": WARN,
    "running": ACCENT,
    "due soon": "#9A6A00",
}


# --- words for times ----------------------------------------------------------------------
def stamp(at: datetime) -> str:
    """ "2026-11-29 06:00"; by hand, as strftime goes through the import machinery on every
    call, which PySide6's import hook makes slow."""
    return f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}"


def utc(at: datetime) -> str:
    return stamp(at.astimezone(UTC)) + " UTC"


def local(at: datetime, tz: tzinfo) -> str:
    here = at.astimezone(tz)
    return f"{stamp(here)} {here.tzname() or ''}".rstrip()


def is_utc(tz: tzinfo, at: datetime) -> bool:
    """Whether local time is UTC at ``at`` (then the local line is left out)."""
    offset = at.astimezone(tz).utcoffset()
    return offset is None or offset == timedelta(0)


def zone_name(tz: tzinfo, at: datetime) -> str:
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else (at.astimezone(tz).tzname() or "UTC")


def span(length: timedelta) -> str:
    """ "42 min", "3 h 05 min", "2 d 4 h"."""
    minutes = round(abs(length.total_seconds()) / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def elapsed(length: timedelta) -> str:
    """ "12 min", "4 h 20 min" after; "12 min before"."""
    return span(length) if length >= timedelta(0) else f"{span(length)} before"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def moment_word(key: str) -> str:
    return KEY_MOMENT_WORDS.get(key, key.replace("_", " ").capitalize())


def units(report: Report) -> int:
    """How many rows the layout will tick through, for progress."""
    return (
        12
        + len(report.cover.moments)
        + len(report.cover.facts)
        + len(report.timeline)
        + sum(len(g.updates) + len(g.gaps) + 3 for g in report.comms)
        + len(report.clocks)
        + sum(len(r.steps) + 2 for r in report.runs)
        + len(report.chains)
        + len(SECTIONS)
    )


class Sections:
    """Lays every section of ``report`` out on ``flow``."""

    def __init__(self, report: Report, flow: Flow) -> None:
        self.report = report
        self.flow = flow
        self.tz = report.options.tz
        # Local times are printed unless the zone is UTC throughout the report.
        cover = report.cover
        self.show_local = not all(
            is_utc(self.tz, at) for at in (cover.period_from, cover.period_to, cover.generated_at)
        )
        fonts = flow.fonts
        self.body, self.body_bold = fonts[BODY], fonts[BODY_BOLD]
        self.small, self.small_bold = fonts[SMALL], fonts[SMALL_BOLD]
        self.italic, self.struck = fonts[SMALL_ITALIC], fonts[STRUCK]
        self.tiny, self.label = fonts[TINY], fonts[LABEL]
        self.contents_pending = True
        # A time column is as wide as a time with the widest zone name the period shows.
        sample = datetime(2026, 12, 28, 20, 58, tzinfo=UTC)
        widest = [utc(sample)]
        if self.show_local:
            for at in (cover.period_from, cover.period_to, cover.generated_at):
                widest.append(f"{stamp(sample)} {at.astimezone(self.tz).tzname()}")
        self.time_w = max(self.small.width(text) for text in widest) + 8.0
        self.category_w = max(self.small.width(category_word(c)) for c in CATEGORIES) + 10.0

    def lay_out(self) -> None:
        self.cover()
        self.chart()
        self.timeline()
        self.communications()
        self.clocks()
        self.runs()
        self.integrity()

    # --- helpers ------------------------------------------------------------------------
    def columns(self, spec: Sequence[tuple[str, float]]) -> list[Column]:
        """Columns from (title, share of the width); a share of 0 takes what is left, and
        TIME is as wide as a time."""
        total = self.flow.g.content_width
        widths = [self.time_w if share == TIME else share * total for _, share in spec]
        rest = max(total - sum(widths), 40.0)
        return [
            Column(title, width if share else rest)
            for (title, share), width in zip(spec, widths, strict=True)
        ]

    def cell(self, face: Face, text: str, width: float, colour: str = INK) -> Cell:
        return [(face, colour, line) for line in face.lines(text, width - 6.0)]

    def when(self, at: datetime | None, width: float, face: Face | None = None) -> Cell:
        """A time as two lines: UTC, then local time in grey."""
        if at is None:
            return [(self.small, MUTED, "—")]
        face = face or self.small
        out: Cell = [(face, INK, line) for line in face.lines(utc(at), width - 6.0)]
        if self.show_local:
            out += [
                (self.small, MUTED, line)
                for line in self.small.lines(local(at, self.tz), width - 6.0)
            ]
        return out

    def note(self, text: str) -> None:
        self.flow.paragraph(text, SMALL_ITALIC, MUTED, after=4.0)

    def section(self, title: str, intro: str = "", *, new_page: bool = False) -> None:
        if new_page:
            self.flow.break_page()
        else:
            self.flow.space(14.0)
        self.flow.heading(title, H1, keep=110.0, anchor=True)
        if intro:
            self.flow.paragraph(intro, SMALL, MUTED, after=6.0)

    # --- the cover ----------------------------------------------------------------------
    def cover(self) -> None:
        flow, report = self.flow, self.report
        cover, g = report.cover, flow.g
        flow.paragraph("INCIDENT REPORT", LABEL, MUTED, after=4.0)
        flow.paragraph(cover.title, TITLE, after=6.0)
        self.badges()
        if cover.description:
            flow.paragraph(cover.description, BODY, after=10.0)

        width = g.content_width
        label_w = 118.0
        columns = [Column("", label_w), Column("", width - label_w)]
        value_w = width - label_w

        def row(label: str, value: Cell) -> list[Cell]:
            return [self.cell(self.small_bold, label, label_w, MUTED), value]

        period: Cell = [
            (self.body, INK, f"{utc(cover.period_from)}  to  {utc(cover.period_to)}"),
        ]
        if self.show_local:
            text = f"{local(cover.period_from, self.tz)}  to  {local(cover.period_to, self.tz)}"
            period += [(self.small, MUTED, text)]
        rows = [
            row("Incident", self.cell(self.body, report.incident_id, value_w)),
            row("Incident started", self.when(cover.started_at, value_w, self.body)),
            row("Became aware", self.when(cover.aware_at, value_w, self.body)),
            row("Period covered", period),
            row("Generated", self.when(cover.generated_at, value_w, self.body)),
            row("Generated by", self.cell(self.body, cover.generated_by, value_w)),
            row("Desk", self.cell(self.body, cover.desk_id, value_w)),
            row("Times shown in", self.cell(self.body, self.zones(), value_w)),
            row("What is included", self.cell(self.body, self.scope(), value_w)),
        ]
        flow.table(columns, rows, header=False, zebra=False)
        flow.space(14.0)
        self.summary()
        # The contents close the cover when they fit there, else open the next page.
        if flow.room >= self.contents_height():
            flow.space(14.0)
            self.contents()
            self.contents_pending = False

    def badges(self) -> None:
        flow, face = self.flow, self.small_bold
        cover = self.report.cover
        chips = []
        severity = palette.SEVERITY.get(cover.severity.lower())
        status = palette.INCIDENT_STATUS.get(cover.status.lower())
        chips.append(
            (severity.colour, severity.text_colour, f"{severity.word} SEVERITY")
            if severity
            else ("#6B6B6B", "#FFFFFF", f"SEVERITY {cover.severity.upper()}")
        )
        chips.append(
            (status.colour, status.text_colour, status.word)
            if status
            else ("#6B6B6B", "#FFFFFF", cover.status.upper())
        )
        height = face.height + 5.0
        flow.need(height)
        x = flow.g.left
        for fill, colour, word in chips:
            w = face.width(word) + 12.0
            flow.rect(x, flow.y, w, height, fill)
            flow.text(face, colour, x + 6.0, flow.y + 2.5 + face.ascent, word)
            x += w + 6.0
        flow.y += height + 10.0

    def zones(self) -> str:
        if not self.show_local:
            return "UTC"
        at = self.report.cover.generated_at
        return f"UTC, and local time in {zone_name(self.tz, at)} in grey beneath"

    def scope(self) -> str:
        options = self.report.options
        parts = []
        facing = {
            "all": "All entries",
            "internal": "Internal entries only",
            "external": "Only entries people outside the company saw or sent",
        }
        parts.append(facing.get(options.facing, options.facing))
        if set(options.categories) != set(CATEGORIES):
            kept = [category_word(c) for c in CATEGORIES if c in options.categories]
            parts.append("categories: " + (", ".join(kept) or "none"))
        if options.since or options.until:
            parts.append("a chosen period")
        if options.redact:
            parts.append("emails, phone numbers and customers' names redacted")
        return "; ".join(parts) + "."

    def summary(self) -> None:
        flow, cover, g = self.flow, self.report.cover, self.flow.g
        band = self.body_bold.height + 6.0
        flow.need(band + 60.0)
        flow.rect(g.left, flow.y, g.content_width, band, "#24323F")
        flow.text(
            self.body_bold, "#FFFFFF", g.left + 6.0, flow.y + 3.0 + self.body_bold.ascent, "Summary"
        )
        flow.y += band

        width = g.content_width
        sub = [Column("", width)]
        flow.table(
            sub, [[[(self.label, ACCENT, "KEY MOMENTS")]]], header=False, fill=BOX_FILL, rules=False
        )
        moments = sorted(cover.moments, key=lambda m: m.at)
        if moments:
            spec = [("", 0.0), ("", 0.3), ("", 0.3)] if self.show_local else [("", 0.0), ("", 0.4)]
            cols = self.columns(spec)
            rows: list[list[Cell]] = []
            for moment in moments:
                cells = [
                    self.cell(self.body_bold, moment.name, cols[0].width),
                    self.cell(self.body, utc(moment.at), cols[1].width),
                ]
                if self.show_local:
                    cells.append(
                        self.cell(self.body, local(moment.at, self.tz), cols[2].width, MUTED)
                    )
                rows.append(cells)
            flow.table(cols, rows, header=False, fill=BOX_FILL, rules=False)
        else:
            flow.table(
                sub,
                [[[(self.italic, MUTED, "No key moments recorded yet.")]]],
                header=False,
                fill=BOX_FILL,
                rules=False,
            )

        flow.table(
            sub,
            [[[(self.label, ACCENT, "CONFIRMED FACTS")]]],
            header=False,
            fill=BOX_FILL,
            rules=False,
        )
        if cover.facts:
            cols = self.columns([("", 0.0), ("", 0.26), ("", 0.14)])
            rows = []
            for fact in cover.facts:
                what = self.cell(
                    self.small_bold, upper_first(fact.key.replace("_", " ")), cols[0].width
                )
                what += self.cell(self.body, fact.statement, cols[0].width)
                rows.append(
                    [
                        what,
                        self.cell(self.body_bold, fact.value, cols[1].width),
                        self.cell(self.small, fact.status.capitalize(), cols[2].width, MUTED),
                    ]
                )
            flow.table(cols, rows, header=False, fill=BOX_FILL, rules=False)
        else:
            flow.table(
                sub,
                [[[(self.italic, MUTED, "No confirmed facts yet.")]]],
                header=False,
                fill=BOX_FILL,
                rules=False,
            )
        flow.rect(g.left, flow.y, g.content_width, 4.0, BOX_FILL)
        flow.y += 4.0

    def contents(self) -> None:
        """The sections and their pages, in two columns."""
        flow, g = self.flow, self.flow.g
        rows = (len(SECTIONS) + 1) // 2
        step = self.body.height + 4.0
        flow.heading("Contents", H2, keep=rows * step)
        gap = 24.0
        column = (g.content_width - gap) / 2
        top = flow.y
        for i, title in enumerate(SECTIONS):
            left = g.left + (i // rows) * (column + gap)
            y = top + (i % rows) * step
            baseline = y + self.body.ascent + 1.5
            flow.text(self.body, INK, left, baseline, self.body.elide(title, column - 24.0))
            flow.late(self.body, INK, left + column, baseline, self._page_of(title))
            flow.line(left, y + step, left + column, y + step)
        flow.y = top + rows * step

    def contents_height(self) -> float:
        h2 = self.flow.fonts[H2].height
        return 14.0 + h2 * 1.35 + (len(SECTIONS) + 1) // 2 * (self.body.height + 4.0)

    def _page_of(self, title: str) -> Callable[[], str]:
        anchors = self.flow.anchors

        def page() -> str:
            index = anchors.get(title)
            return "" if index is None else str(index + 1)

        return page

    # --- the chart ----------------------------------------------------------------------
    def chart(self) -> None:
        flow, report = self.flow, self.report
        chart = report.chart
        entries = sum(1 for m in chart.marks if not m.communication)
        sent = len(chart.marks) - entries
        intro = (
            f"{utc(chart.start)} to {utc(chart.end)}: {entries:,} entries in "
            f"{len(chart.category_lanes)} categories and {sent:,} updates to "
            f"{len(chart.group_lanes)} audiences. Each category has its own shape; dashed lines "
            "mark the key moments. Marks that would overlap are drawn as one, larger where more "
            "fall together."
        )
        flow.break_page()
        if self.contents_pending:
            self.contents()
        self.section("Timeline at a glance", intro)
        width = flow.g.content_width
        height = min(width * 0.72, flow.room - 10.0)
        block = ChartBlock(chart, self.tz, flow.fonts, width, height)
        flow.need(block.height)
        x, y = flow.g.left, flow.y
        flow.draw(lambda p: block.paint(p, x, y))
        flow.y += block.height + 8.0
        flow.tick()
        self.moments()

    def moments(self) -> None:
        """The key moments with the time from the start and from awareness to each."""
        flow, cover = self.flow, self.report.cover
        moments = sorted(cover.moments, key=lambda m: m.at)
        if not moments:
            return
        flow.space(10.0)
        flow.heading("Key moments", H2, keep=60.0)
        spec = [("Moment", 0.0), ("UTC", TIME)]
        if self.show_local:
            spec.append(("Local", TIME))
        spec += [("Since the start", 0.15), ("Since awareness", 0.15)]
        cols = self.columns(spec)
        rows = []
        for moment in moments:
            cells = [
                self.cell(self.body_bold, moment.name, cols[0].width),
                self.cell(self.small, utc(moment.at), cols[1].width),
            ]
            if self.show_local:
                cells.append(self.cell(self.small, local(moment.at, self.tz), cols[2].width, MUTED))
            cells.append(
                self.cell(self.small, elapsed(moment.at - cover.started_at), cols[-2].width)
            )
            aware = cover.aware_at
            since = elapsed(moment.at - aware) if aware is not None and moment.at >= aware else "—"
            cells.append(self.cell(self.small, since, cols[-1].width))
            rows.append(cells)
        flow.table(cols, rows)

    # --- the timeline -------------------------------------------------------------------
    def timeline(self) -> None:
        flow = self.flow
        zone = zone_name(self.tz, self.report.cover.generated_at)
        local_note = (
            f" Times in UTC, with local time in {zone} beneath."
            if self.show_local
            else " Times in UTC."
        )
        intro = (
            f"Every entry in the period, {len(self.report.timeline):,} in all, oldest first."
            + local_note
            + " A corrected entry shows each earlier wording struck through, with who recorded it "
            "and why it was replaced."
        )
        self.section("Timeline", intro, new_page=True)
        if not self.report.timeline:
            self.note("No entries in this period.")
            return
        cols = self.columns(
            [
                ("Occurred", TIME),
                ("Category", self.category_w / flow.g.content_width),
                ("Actor", 0.13),
                ("Entry", 0.0),
                ("Recorded by", 0.13),
            ]
        )
        flow.table(cols, self._timeline_rows(cols), caption="Timeline")

    def _timeline_rows(self, cols: Sequence[Column]) -> Iterator[list[Cell]]:
        small, body, italic = self.small, self.body, self.italic
        bold, tiny = self.small_bold, self.tiny
        _, w_cat, w_actor, w_text, w_by = (c.width - 6.0 for c in cols)
        tz, show_local = self.tz, self.show_local
        words = {c: category_word(c) for c in CATEGORIES}
        for row in self.report.timeline:
            when: Cell = [(small, INK, utc(row.occurred_at))]
            if show_local:
                when.append((small, MUTED, local(row.occurred_at, tz)))
            category = words.get(row.category) or category_word(row.category)
            entry: Cell = []
            if row.key_moment:
                entry += [
                    (bold, ACCENT, t)
                    for t in bold.lines(f"★ Key moment: {moment_word(row.key_moment)}", w_text)
                ]
            if row.retracted:
                entry.append((bold, WARN, "RETRACTED"))
            colour = MUTED if row.retracted else INK
            entry += [(body, colour, t) for t in body.lines(row.text, w_text)]
            if row.retracted and row.reason:
                entry += [(italic, MUTED, t) for t in italic.lines(f"Reason: {row.reason}", w_text)]
            if row.back_dated:
                entry += [
                    (italic, MUTED, t)
                    for t in italic.lines(f"back-dated (recorded {utc(row.recorded_at)})", w_text)
                ]
            if row.history:
                entry += self._history(row, w_text)
            by: Cell = [(small, INK, t) for t in small.lines(row.recorded_by, w_by)]
            by.append((tiny, MUTED, f"desk {row.desk_id[:8]}"))
            yield [
                when,
                [(small, INK, t) for t in small.lines(category, w_cat)],
                [(small, INK, t) for t in small.lines(row.actor, w_actor)],
                entry,
                by,
            ]

    def _history(self, row: TimelineRow, width: float) -> Cell:
        """Each earlier wording struck through, with who recorded it and why it was replaced.

        A version with the same words as the next is not an earlier wording (a retraction
        supersedes an entry with its text unchanged) and is left out.
        """
        italic, struck, label = self.italic, self.struck, self.label
        following = [v.text for v in row.history[1:]] + [row.text]
        wordings = [v for v, after in zip(row.history, following, strict=True) if v.text != after]
        if not wordings:
            return []
        count = len(wordings)
        out: Cell = [
            (label, MUTED, f"CORRECTED — {count} EARLIER VERSION{'S' if count > 1 else ''}")
        ]
        for version in wordings:
            out += [(struck, MUTED, t) for t in struck.lines(version.text, width)]
            said = f"recorded {utc(version.recorded_at)} by {version.recorded_by}"
            if version.reason:
                said += f"; replaced because: {version.reason}"
            out += [(italic, MUTED, t) for t in italic.lines(said, width)]
        return out

    # --- communications -----------------------------------------------------------------
    def communications(self) -> None:
        intro = (
            "Each audience's updates in the order they were sent, then the silences that ran "
            "past the agreed cadence or past a promised next update, and the longest silence."
        )
        self.section("Communications", intro, new_page=True)
        if not self.report.comms:
            self.note("No stakeholder groups are set up for this incident.")
            return
        for group in self.report.comms:
            self.group(group)

    def group(self, group: GroupLog) -> None:
        flow = self.flow
        flow.space(8.0)
        flow.heading(group.name, H2, keep=100.0)
        cadence = f"An update every {span(group.cadence)}" if group.cadence else "No set cadence"
        count = len(group.updates)
        flow.paragraph(
            f"{cadence} · {count} update{'s' if count != 1 else ''} sent", SMALL, MUTED, after=4.0
        )
        if group.updates:
            cols = self.columns(
                [
                    ("Sent", TIME),
                    ("Channel", 0.12),
                    ("Summary", 0.0),
                    ("Next update promised", TIME),
                    ("Sent by", 0.14),
                ]
            )
            rows = [
                [
                    self.when(u.sent_at, cols[0].width),
                    self.cell(self.small, u.channel, cols[1].width),
                    self.cell(self.body, u.summary, cols[2].width),
                    self.when(u.promised_next_at, cols[3].width)
                    if u.promised_next_at
                    else [(self.small, MUTED, "—")],
                    self.cell(self.small, u.sent_by, cols[4].width),
                ]
                for u in group.updates
            ]
            flow.table(cols, rows, caption=f"{group.name}: updates")
        else:
            self.note("No updates sent to this audience in the period.")
        flow.space(6.0)
        flow.heading("Silences past the cadence and broken promises", SMALL_BOLD, keep=40.0)
        if group.gaps:
            cols = self.columns(
                [
                    ("From", TIME),
                    ("To", TIME),
                    ("Silence", 0.125),
                    ("Allowed", 0.09),
                    ("Over by", 0.125),
                    ("What", 0.0),
                ]
            )
            flow.table(
                cols,
                [self._gap(gap, cols) for gap in group.gaps],
                caption=f"{group.name}: silences",
            )
        else:
            self.note("None: every update came within the cadence and every promise was kept.")
        if group.longest is not None:
            flow.space(3.0)
            gap = group.longest
            ongoing = " and still running" if gap.ongoing else f" to {utc(gap.end)}"
            flow.paragraph(
                f"Longest silence: {span(gap.length)}, from {utc(gap.start)}{ongoing}.",
                SMALL,
                after=4.0,
            )

    def _gap(self, gap: GapRow, cols: Sequence[Column]) -> list[Cell]:
        small = self.small
        what: list[str] = []
        if gap.broken_promise:
            promised = (
                f" (next update promised by {utc(gap.promised_at)})" if gap.promised_at else ""
            )
            what.append(f"Broken promise{promised}")
        if gap.over_by is not None and gap.allowed is not None:
            what.append("Past the cadence")
        if gap.ongoing:
            what.append("still running when the report was made")
        text = "; ".join(what) or "Past the cadence"
        return [
            self.when(gap.start, cols[0].width),
            [(small, MUTED, "(ongoing)")] if gap.ongoing else self.when(gap.end, cols[1].width),
            self.cell(self.small_bold, span(gap.length), cols[2].width),
            self.cell(small, span(gap.allowed) if gap.allowed else "—", cols[3].width),
            self.cell(self.small_bold, span(gap.over_by), cols[4].width, WARN)
            if gap.over_by
            else [(small, MUTED, "—")],
            self.cell(small, text, cols[5].width, WARN if gap.broken_promise else INK),
        ]

    # --- regulatory clocks --------------------------------------------------------------
    def clocks(self) -> None:
        intro = (
            "Each notice the incident owes, when its clock started, its deadline, and what met it."
        )
        self.section("Regulatory clocks", intro)
        if not self.report.clocks:
            self.note("No regulatory clocks were ticked as applying to this incident.")
            return
        cols = self.columns(
            [
                ("Regime", 0.12),
                ("Stage", 0.14),
                ("Starts", TIME),
                ("Deadline", TIME),
                ("Status", 0.1),
                ("Met by", 0.0),
            ]
        )
        rows = [self._clock(c, cols) for c in self.report.clocks]
        self.flow.table(cols, rows, caption="Regulatory clocks")

    def _clock(self, clock: ClockRow, cols: Sequence[Column]) -> list[Cell]:
        colour = STATUS_COLOURS.get(clock.status.lower(), INK)
        met: Cell = self.cell(self.small, clock.met_by or "—", cols[5].width)
        if clock.met_at is not None:
            met += self.when(clock.met_at, cols[5].width)
        return [
            self.cell(self.small_bold, clock.regime, cols[0].width),
            self.cell(self.small, clock.stage, cols[1].width),
            self.when(clock.starts_at, cols[2].width),
            self.when(clock.deadline, cols[3].width),
            self.cell(self.small_bold, clock.status, cols[4].width, colour),
            met,
        ]

    # --- checklist runs -----------------------------------------------------------------
    def runs(self) -> None:
        self.section(
            "Checklist runs",
            "Every playbook run, each step's state, who did it and when, and why a step was "
            "skipped.",
        )
        if not self.report.runs:
            self.note("No checklist was run during this incident.")
            return
        for run in self.report.runs:
            self.run(run)

    def run(self, run: RunSection) -> None:
        flow = self.flow
        flow.space(8.0)
        flow.heading(
            f"{run.title} (version {run.version})" if run.version else run.title, H2, keep=100.0
        )
        flow.paragraph(
            f"Started {utc(run.started_at)} by {run.started_by} · "
            f"{run.finished} of {run.total} steps finished",
            SMALL,
            MUTED,
            after=4.0,
        )
        if not run.steps:
            self.note("This run has no steps.")
            return
        cols = self.columns(
            [
                ("Phase", 0.14),
                ("Step", 0.0),
                ("State", 0.1),
                ("By", 0.13),
                ("When", TIME),
                ("Note", 0.2),
            ]
        )
        rows = []
        for step in run.steps:
            colour = INK if step.applies else MUTED
            state = STEP_WORDS.get(step.state, step.state) if step.applies else "Does not apply"
            state_colour = {"done": GOOD, "skipped": WARN, "reopened": WARN}.get(step.state, colour)
            rows.append(
                [
                    self.cell(self.small, step.phase, cols[0].width, colour),
                    self.cell(self.body, step.title, cols[1].width, colour),
                    self.cell(
                        self.small_bold,
                        state,
                        cols[2].width,
                        state_colour if step.applies else MUTED,
                    ),
                    self.cell(self.small, step.by or "—", cols[3].width, colour),
                    self.when(step.at, cols[4].width),
                    self.cell(self.small, step.note, cols[5].width, colour) if step.note else [],
                ]
            )
        flow.table(cols, rows, caption=run.title)

    # --- integrity ----------------------------------------------------------------------
    def integrity(self) -> None:
        flow, report = self.flow, self.report
        intro = (
            "Each desk keeps its entries in a hash chain: every entry's hash covers the one before "
            "it, so a changed, removed or reordered entry breaks the chain. These are the chain "
            "heads this report was made from."
        )
        self.section("Integrity", intro)
        if report.chains:
            mono = flow.fonts[MONO_CELL]
            desk_w = mono.width("0" * 32) + 8.0
            cols = self.columns(
                [
                    ("Desk", desk_w / flow.g.content_width),
                    ("Entries", 0.09),
                    ("Chain head", 0.0),
                    ("Chain", 0.11),
                ]
            )
            rows = [
                [
                    self.cell(mono, c.desk_id, cols[0].width),
                    self.cell(self.small, f"{c.count:,}", cols[1].width),
                    self.cell(mono, c.head_hash, cols[2].width),
                    self.cell(
                        self.small_bold,
                        "✔ Intact" if c.intact else "✖ BROKEN",
                        cols[3].width,
                        GOOD if c.intact else WARN,
                    ),
                ]
                for c in report.chains
            ]
            flow.table(cols, rows, caption="Chain heads")
        else:
            self.note("No desk has recorded anything yet.")
        flow.space(10.0)
        flow.heading("How to verify", H2, keep=60.0)
        flow.paragraph(
            "Check this file against the incident database. The command recomputes each desk's "
            "chain and compares it with the line below, which is also stored in this file's XMP "
            "metadata:",
            BODY,
            after=4.0,
        )
        flow.paragraph(
            "Run: crisisdesk verify <this file> --db <database>", MONO_BODY, indent=12.0, after=8.0
        )
        flow.paragraph(report.integrity_line(), MONO, MUTED, after=4.0)
