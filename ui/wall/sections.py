"""The parts of the wall: the header band, the ticker, playbook runs and key facts.

Each part keeps its labels and only sets a text when it changed, so a tick that moves
nothing repaints nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from crisisdesk.cadence import span
from crisisdesk.wall import WallData
from ui import palette, timefmt
from ui.wall.labels import Bar, Chip, ElidedLabel
from ui.wall.look import DARK, Look, Scale

if TYPE_CHECKING:
    from crisisdesk.checklists import RunProgress
    from crisisdesk.entries import Entry
    from crisisdesk.facts import FactState

NEUTRAL = "neutral"  # a chip drawn in the look's own colours, not a status colour


# --- the next legal deadline ---------------------------------------------------------------


def deadline_badge(data: WallData | None, now: datetime, tz: tzinfo) -> palette.Badge:
    """The soonest legal deadline, as the header shows it: glyph, words and colour."""
    from crisisdesk.deadlines import ClockStatus

    if data is None:
        return palette.Badge(NEUTRAL, "§", "No incident")
    if not data.regimes:
        return palette.Badge(NEUTRAL, "§", "Legal clocks unavailable")
    if not data.incident.regimes:
        return palette.Badge(NEUTRAL, "§", "No legal regime chosen")
    soonest = data.next_deadline(now, tz)
    if soonest is not None:
        left = soonest.time_left(now) or timedelta(0)
        if left <= timedelta(0):
            return palette.Badge(
                palette.VERMILLION, "▲", f"{soonest.regime_name} · OVERDUE {span(-left)}"
            )
        words = f"{soonest.regime_name} · {span(left)} left"
        if soonest.status is ClockStatus.DUE_SOON:
            return palette.Badge(palette.ORANGE, "◔", words, "#000000")
        return palette.Badge(NEUTRAL, "§", words)
    open_ = [
        c
        for c in data.clocks(now, tz)
        if c.regime_id in data.incident.regimes
        and c.met_by is None
        and c.status in (ClockStatus.NO_FIXED_DEADLINE, ClockStatus.NOT_STARTED)
    ]
    if open_:
        regimes = sorted({c.regime_name for c in open_})
        if len(open_) == 1:
            return palette.Badge(NEUTRAL, "§", f"{regimes[0]} open · no fixed deadline")
        return palette.Badge(NEUTRAL, "§", f"{len(open_)} notices open · no fixed deadline")
    return palette.Badge(palette.GREEN, "✔", "All legal notices sent")


# --- pieces ------------------------------------------------------------------------------


def paint_chip(chip: Chip, badge: palette.Badge, look: Look) -> None:
    chip.set_text(badge.label)
    if badge.colour == NEUTRAL:
        chip.set_look(look.track, look.text)
    else:
        chip.set_look(badge.colour, badge.text_colour)


class Section(QWidget):
    """A heading with a rule under it, an optional page indicator, and its content."""

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = ElidedLabel(parent=self)
        self.heading.setObjectName("sectionHeading")
        self.heading.set_text(title.upper())
        self.indicator = ElidedLabel(natural=True, parent=self)
        self.indicator.setObjectName("pageIndicator")
        self.content = content
        content.setParent(self)
        self._look = DARK
        self._scale = Scale(1080)

    def rescale(self, scale: Scale, look: Look) -> None:
        self._scale, self._look = scale, look
        font = scale.font(scale.small, bold=True, spaced=True)
        self.heading.setFont(font)
        self.indicator.setFont(scale.font(scale.body, bold=True))
        self.heading.set_colour(look.dim)
        self.indicator.set_colour(look.text)
        self._place()

    def set_indicator(self, page: int, pages: int) -> None:
        self.indicator.set_text(f"Page {page + 1} of {pages}" if pages > 1 else "")
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _rule_y(self) -> int:
        return self.heading.height() + self._scale.px(0.004)

    def _place(self) -> None:
        width = self.width()
        hint = min(self.indicator.sizeHint().width(), width // 2)
        self.indicator.setVisible(bool(self.indicator.full_text))
        self.indicator.setGeometry(width - hint, 0, hint, self.indicator.height())
        taken = hint + self._scale.gap if self.indicator.full_text else 0
        self.heading.setGeometry(0, 0, max(width - taken, 0), self.heading.height())
        top = self._rule_y() + self._scale.px(0.008)
        self.content.setGeometry(0, top, width, max(self.height() - top, 0))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QPen(QColor(self._look.edge), max(1, self._scale.px(0.0015))))
        y = self._rule_y()
        painter.drawLine(QPoint(0, y), QPoint(self.width(), y))
        painter.end()


class Rows(QWidget):
    """Rows of one kind, as many as fit; the rest on further pages when ``paged``."""

    def __init__(
        self,
        make: Callable[[QWidget], RowWidget],
        empty: str,
        *,
        paged: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._make = make
        self.rows: list[RowWidget] = []
        self.items: list[object] = []
        self.page = 0
        self.paged = paged
        self.empty = ElidedLabel(parent=self)
        self.empty.setObjectName("emptyRows")
        self.empty.set_text(empty)
        self._now: datetime | None = None
        self._look = DARK
        self._scale = Scale(1080)
        self._height = 40  # of one row
        self.changed: Callable[[], None] = lambda: None  # the page count may have changed

    def rescale(self, scale: Scale, look: Look) -> None:
        self._scale, self._look = scale, look
        self.empty.setFont(scale.font(scale.body))
        self.empty.set_colour(look.dim)
        for row in self.rows:
            row.rescale(scale, look)
        probe = self.rows[0] if self.rows else self._new_row()
        self._height = probe.row_height()
        self._fill()

    @property
    def spacing(self) -> int:
        return self._scale.px(0.008)

    @property
    def capacity(self) -> int:
        return max(0, (self.height() + self.spacing) // (self._height + self.spacing))

    @property
    def pages(self) -> int:
        if not self.paged or not self.capacity:
            return 1
        return max(1, math.ceil(len(self.items) / self.capacity))

    def set_items(self, items: Sequence[object], now: datetime) -> None:
        self.items = list(items)
        self._now = now
        self._fill()

    def rotate(self) -> None:
        if self.pages > 1:
            self.page = (self.page + 1) % self.pages
            self._fill()

    def _new_row(self) -> RowWidget:
        row = self._make(self)
        row.rescale(self._scale, self._look)
        row.hide()
        self.rows.append(row)
        return row

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height() or (
            event.size().width() != event.oldSize().width()
        ):
            self._fill()

    def _fill(self) -> None:
        capacity = self.capacity
        pages_before = self.pages
        self.page %= self.pages
        first = self.page * capacity if self.paged else 0
        shown = self.items[first : first + capacity]
        while len(self.rows) < len(shown):
            self._new_row()
        self.empty.setGeometry(0, 0, self.width(), self.empty.height())
        self.empty.setVisible(not self.items)
        y = 0
        for n, row in enumerate(self.rows):
            if n < len(shown) and self._now is not None:
                row.show_item(shown[n], self._now)
                row.setGeometry(0, y, self.width(), self._height)
                row.show()
                y += self._height + self.spacing
            else:
                row.hide()
        if self.pages != pages_before or self.paged:
            self.changed()


# --- the ticker ----------------------------------------------------------------------------


class EntryRow(QWidget):
    """A timeline entry: its time and category on the left, its text on two lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time = ElidedLabel(parent=self)
        self.time.setObjectName("entryTime")
        self.category = Chip(self)
        self.category.setObjectName("entryCategory")
        self.text = ElidedLabel(2, parent=self)
        self.text.setObjectName("entryText")
        self._left = 100
        self._gap = 10
        self._look = DARK

    def rescale(self, scale: Scale, look: Look) -> None:
        self._look = look
        self.time.setFont(scale.font(scale.body, bold=True))
        self.time.set_colour(look.text)
        self.category.rescale(scale.font(scale.body, bold=True), scale.pad // 2, scale.radius)
        self.text.setFont(scale.font(scale.body))
        self.text.set_colour(look.text)
        self._gap = scale.gap
        bold = QFontMetrics(self.category.font())
        widest = max(bold.horizontalAdvance(b.label) for b in palette.CATEGORY.values())
        self._left = max(widest + scale.pad, QFontMetrics(self.time.font()).horizontalAdvance(
            "Wed 00:00"))  # fmt: skip
        self._place()

    def row_height(self) -> int:
        return max(self.text.height(), self.time.height() + self.category.height())

    def show_item(self, item: object, now: datetime) -> None:
        entry: Entry = item  # type: ignore[assignment]
        self.time.set_text(timefmt.day_clock(entry.occurred_at, now))
        badge = palette.CATEGORY.get(entry.category, palette.CATEGORY["note"])
        self.category.set_text(badge.label)
        self.category.set_look(badge.colour, badge.text_colour)
        self.text.set_text(f"Retracted: {entry.text}" if entry.retracted else entry.text)
        self.text.set_colour(self._look.dim if entry.retracted else self._look.text)
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        self.time.setGeometry(0, 0, self._left, self.time.height())
        chip = min(self.category.sizeHint().width(), self._left)
        self.category.setGeometry(0, self.time.height(), chip, self.category.height())
        x = self._left + self._gap
        self.text.setGeometry(x, 0, max(self.width() - x, 0), self.text.height())


# --- playbook runs -------------------------------------------------------------------------


class RunRow(QWidget):
    """A playbook run: its title, a bar, "4 of 8", and how many steps are late."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ElidedLabel(parent=self)
        self.title.setObjectName("runTitle")
        self.bar = Bar(self)
        self.count = ElidedLabel(parent=self)
        self.count.setObjectName("runCount")
        self.late = Chip(self)
        self.late.setObjectName("runLate")
        self._look = DARK
        self._scale = Scale(1080)
        self._count_width = 100

    def rescale(self, scale: Scale, look: Look) -> None:
        self._scale, self._look = scale, look
        self.title.setFont(scale.font(scale.body, bold=True))
        self.title.set_colour(look.text)
        self.count.setFont(scale.font(scale.body, bold=True))
        self.count.set_colour(look.text)
        self.late.rescale(scale.font(scale.body, bold=True), scale.pad // 2, scale.radius)
        self._count_width = QFontMetrics(self.count.font()).horizontalAdvance("88 of 88") + 2
        self._place()

    def row_height(self) -> int:
        return self.title.height()

    def show_item(self, item: object, now: datetime) -> None:
        run: RunProgress = item  # type: ignore[assignment]
        self.title.set_text(run.title)
        done = run.total_steps and run.finished >= run.total_steps
        self.count.set_text(f"{run.finished} of {run.total_steps}")
        self.bar.set_value(run.fraction, palette.GREEN if done else palette.SKY, self._look.track)
        if run.overdue:
            self.late.set_text(f"▲ {run.overdue} late")
            self.late.set_look(palette.VERMILLION, "#FFFFFF")
        else:
            self.late.set_text("")
        self.late.setVisible(bool(run.overdue))
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        gap = self._scale.gap
        width, height = self.width(), self.height()
        late = min(self.late.sizeHint().width(), width // 4) if self.late.full_text else 0
        right = width - (late + gap if late else 0)
        self.late.setGeometry(right + gap, 0, late, self.late.height())
        count_x = right - self._count_width
        self.count.setGeometry(count_x, 0, self._count_width, self.count.height())
        title_w = int((count_x - gap) * 0.5)
        self.title.setGeometry(0, 0, max(title_w, 0), self.title.height())
        bar_h = max(self._scale.px(0.014), 4)
        bar_x = title_w + gap
        self.bar.setGeometry(
            QRect(bar_x, (height - bar_h) // 2, max(count_x - gap - bar_x, 0), bar_h)
        )


# --- key facts -----------------------------------------------------------------------------


class FactRow(QWidget):
    """A confirmed fact: what it is about, dim, and its value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = ElidedLabel(parent=self)
        self.key.setObjectName("factKey")
        self.value = ElidedLabel(parent=self)
        self.value.setObjectName("factValue")
        self._gap = 10

    def rescale(self, scale: Scale, look: Look) -> None:
        self.key.setFont(scale.font(scale.small))
        self.key.set_colour(look.dim)
        self.value.setFont(scale.font(scale.body, bold=True))
        self.value.set_colour(look.text)
        self._gap = scale.gap
        self._place()

    def row_height(self) -> int:
        return self.value.height()

    def show_item(self, item: object, now: datetime) -> None:
        fact: FactState = item  # type: ignore[assignment]
        label = fact.label
        self.key.set_text(label[:1].upper() + label[1:])
        self.value.set_text(fact.value or fact.statement)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        key = int(self.width() * 0.38)
        self.key.setGeometry(0, 0, key, self.key.height())
        x = key + self._gap
        self.value.setGeometry(x, 0, max(self.width() - x, 0), self.value.height())


RowWidget = EntryRow | RunRow | FactRow


# --- the header band -----------------------------------------------------------------------


class HeaderBand(QWidget):
    """Title, severity, time since the start, the clocks, and the next legal deadline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severity = Chip(self)
        self.severity.setObjectName("severity")
        self.status = Chip(self)
        self.status.setObjectName("incidentStatus")
        self.title = ElidedLabel(parent=self)
        self.title.setObjectName("title")
        self.elapsed = ElidedLabel(natural=True, parent=self)
        self.elapsed.setObjectName("elapsed")
        self.local = ElidedLabel(natural=True, parent=self)
        self.local.setObjectName("localClock")
        self.utc = ElidedLabel(natural=True, parent=self)
        self.utc.setObjectName("utcClock")
        self.deadline_heading = ElidedLabel(natural=True, parent=self)
        self.deadline_heading.setObjectName("deadlineHeading")
        self.deadline_heading.set_text("Next legal deadline")
        self.deadline = Chip(self)
        self.deadline.setObjectName("deadline")
        self.badge: palette.Badge | None = None
        top = QHBoxLayout()
        top.addWidget(self.severity)
        top.addWidget(self.status)
        top.addWidget(self.title, 1)
        top.addWidget(self.elapsed)
        bottom = QHBoxLayout()
        bottom.addWidget(self.local)
        bottom.addWidget(self.utc)
        bottom.addStretch(1)
        bottom.addWidget(self.deadline_heading)
        bottom.addWidget(self.deadline)
        self._rows = (top, bottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self._layout = layout
        self._look = DARK
        self._scale = Scale(1080)

    def rescale(self, scale: Scale, look: Look) -> None:
        self._scale, self._look = scale, look
        chip_font = scale.font(scale.clock, bold=True)
        for chip in (self.severity, self.status):
            chip.rescale(chip_font, scale.pad, scale.radius)
        self.deadline.rescale(scale.font(scale.clock, bold=True), scale.pad, scale.radius)
        self.title.setFont(scale.font(scale.title, bold=True))
        self.elapsed.setFont(scale.font(scale.elapsed, bold=True))
        self.local.setFont(scale.font(scale.clock, bold=True))
        self.utc.setFont(scale.font(scale.clock))
        self.deadline_heading.setFont(scale.font(scale.body))
        for label in (self.title, self.elapsed, self.local):
            label.set_colour(look.text)
        for label in (self.utc, self.deadline_heading):
            label.set_colour(look.dim)
        self._layout.setContentsMargins(scale.pad * 2, scale.pad, scale.pad * 2, scale.pad)
        self._layout.setSpacing(scale.px(0.006))
        for row in self._rows:
            row.setSpacing(scale.gap * 2)
        if self.badge is not None:
            paint_chip(self.deadline, self.badge, look)
        self.update()

    def show_incident(self, data: WallData | None) -> None:
        if data is None:
            self.title.set_text("No incident recorded yet")
            self.severity.hide()
            self.status.hide()
            self.elapsed.set_text("")
            return
        incident = data.incident
        self.title.set_text(incident.title)
        paint_chip(self.severity, palette.SEVERITY[incident.severity], self._look)
        self.severity.show()
        if incident.status != "active":
            paint_chip(self.status, palette.INCIDENT_STATUS[incident.status], self._look)
        self.status.setVisible(incident.status != "active")

    def tick(self, data: WallData | None, now: datetime, tz: tzinfo) -> None:
        if data is not None:
            self.elapsed.set_text(f"T+{timefmt.elapsed(now - data.incident.started_at)}")
        local = now.astimezone(tz)
        zone = local.strftime("%Z") or local.strftime("%z")
        self.local.set_text(f"{local:%H:%M:%S} {zone}")
        if local.utcoffset() == timedelta(0):  # one clock says both
            self.utc.set_text("" if zone == "UTC" else "= UTC")
        else:
            self.utc.set_text(f"{now.astimezone(UTC):%H:%M:%S} UTC")
        self.utc.setVisible(bool(self.utc.full_text))
        self.badge = deadline_badge(data, now, tz)
        paint_chip(self.deadline, self.badge, self._look)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self._look.panel))
        radius = self._scale.radius
        painter.drawRoundedRect(self.rect(), radius, radius)
        painter.end()
