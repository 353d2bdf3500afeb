"""The stakeholder tiles: one per group, most urgent first, nine to a page.

Each tile says its status three ways (colour, glyph, word), how long since the last
update and when the next is due. Overdue tiles pulse gently: one shared animation moves
their border between a dim and a full alarm colour, and only the border is repainted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QRect, QTimer, QVariantAnimation
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from crisisdesk.cadence import Freshness
from crisisdesk.wall import Tile
from ui import palette
from ui.wall.labels import Chip, ElidedLabel
from ui.wall.look import DARK, Look, Scale, mix

COLUMNS = 3
ROWS = 3
PER_PAGE = COLUMNS * ROWS
PULSE_MS = 2400  # one slow breath
PULSE_STEPS = 8  # repaints per half-breath: smooth enough across a room, cheap
PULSE_KEYS = 16  # key values tracing the breath's curve
ALARMS = frozenset({Freshness.OVERDUE, Freshness.NEVER})
WARNINGS = frozenset({Freshness.DUE_SOON})


class TileView(QWidget):
    """One group's tile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ElidedLabel(parent=self)
        self.name.setObjectName("tileName")
        self.chip = Chip(self)
        self.chip.setObjectName("tileStatus")
        self.due = ElidedLabel(parent=self)
        self.due.setObjectName("tileDue")
        self.since = ElidedLabel(parent=self)
        self.since.setObjectName("tileSince")
        self.tile: Tile | None = None
        self.status: Freshness | None = None
        self.level = PULSE_STEPS  # how far the alarm border is lit, 0..PULSE_STEPS
        self._look = DARK
        self._scale = Scale(1080)

    @property
    def alarm(self) -> bool:
        return self.status in ALARMS

    def rescale(self, scale: Scale, look: Look) -> None:
        self._scale, self._look = scale, look
        self.name.setFont(scale.font(scale.name, bold=True))
        self.chip.rescale(scale.font(scale.body, bold=True), scale.pad // 2, scale.radius)
        self.due.setFont(scale.font(scale.name, bold=True))
        self.since.setFont(scale.font(scale.small))
        for label in (self.name, self.due):
            label.set_colour(look.text)
        self.since.set_colour(look.dim)
        self._place()
        self.update()

    def show_tile(self, tile: Tile | None, now: datetime) -> None:
        self.tile = tile
        if tile is None:
            self.setVisible(False)
            self.status = None
            return
        self.name.set_text(tile.name)
        self.due.set_text(tile.due_text(now))
        self.since.set_text(tile.since_text(now))
        if tile.status is not self.status:
            self.status = tile.status
            badge = palette.FRESHNESS[tile.status]
            self.chip.set_text(badge.label)
            self.chip.set_look(badge.colour, badge.text_colour)
            self.level = PULSE_STEPS
            self._place()
            self.update()
        self.setVisible(True)

    def set_level(self, level: int) -> None:
        """The pulse's brightness; repaints the border ring only."""
        if level == self.level:
            return
        self.level = level
        width = self._edge_width()
        ring = width + math.ceil(0.3 * self._scale.radius) + 2
        inner = self.rect().adjusted(ring, ring, -ring, -ring)
        self.update(QRegion(self.rect()).subtracted(QRegion(inner)))

    def _edge_width(self) -> int:
        scale = self._scale
        if self.status in ALARMS:
            return scale.alarm_border
        if self.status in WARNINGS:
            return scale.alarm_border // 2 + 1
        return scale.border

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        scale = self._scale
        inset = scale.alarm_border + scale.px(0.009)
        width = max(self.width() - 2 * inset, 0)
        gap = scale.px(0.005)
        rows: list[QWidget] = [self.name, self.chip, self.due, self.since]
        total = sum(w.height() for w in rows) + gap * (len(rows) - 1)
        if total > self.height() - 2 * scale.alarm_border:  # too short: the least needed goes
            rows.remove(self.since)
            self.since.hide()
            total -= self.since.height() + gap
        else:
            self.since.show()
        y = max((self.height() - total) // 2, scale.alarm_border)
        for widget in rows:
            hint = widget.sizeHint().width() if widget is self.chip else width
            widget.setGeometry(QRect(inset, y, min(hint, width), widget.height()))
            y += widget.height() + gap

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.status is None:
            return
        look = self._look
        badge = palette.FRESHNESS[self.status]
        fill = QColor(look.panel)
        edge = QColor(look.edge)
        if self.status in ALARMS:
            fill = mix(look.panel, badge.colour, look.alarm_tint)
            edge = mix(fill.name(), badge.colour, 0.45 + 0.55 * self.level / PULSE_STEPS)
        elif self.status in WARNINGS:
            edge = QColor(badge.colour)
        width = self._edge_width()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, width))
        painter.setBrush(fill)
        half = width / 2
        rect = self.rect().toRectF().adjusted(half, half, -half, -half)
        painter.drawRoundedRect(rect, self._scale.radius, self._scale.radius)
        painter.end()


class TileGrid(QWidget):
    """Nine tiles on a 3x3 grid; more groups make more pages, turned by ``rotate``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views = [TileView(self) for _ in range(PER_PAGE)]
        for view in self.views:
            view.hide()
        self.tiles: list[Tile] = []
        self.page = 0
        self.pulsing = True
        self._now: datetime | None = None
        self._gap = 12
        # The breath (dim, lit, dim) is a QVariantAnimation, stepped by a slow timer
        # rather than run on Qt's 60 Hz animation clock: a border that changes a few
        # times a second reads as smooth across a room, at a fraction of the CPU.
        self._pulse = QVariantAnimation(self)
        self._pulse.setDuration(PULSE_MS)
        for n in range(PULSE_KEYS + 1):
            at = n / PULSE_KEYS
            self._pulse.setKeyValueAt(at, (1 - math.cos(2 * math.pi * at)) / 2)
        self._pulse.valueChanged.connect(self._pulsed)
        self._stepper = QTimer(self)
        self._stepper.setInterval(PULSE_MS // (2 * PULSE_STEPS))
        self._stepper.timeout.connect(self._step)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.tiles) / PER_PAGE))

    @property
    def animation(self) -> QVariantAnimation:
        return self._pulse

    @property
    def pulsing_now(self) -> bool:
        return self._stepper.isActive()

    def rescale(self, scale: Scale, look: Look) -> None:
        self._gap = scale.gap
        for view in self.views:
            view.rescale(scale, look)
        self._place()

    def show_tiles(self, tiles: Sequence[Tile], now: datetime) -> None:
        self.tiles = list(tiles)
        self._now = now
        self.page %= self.pages
        first = self.page * PER_PAGE
        shown = self.tiles[first : first + PER_PAGE]
        for n, view in enumerate(self.views):
            view.show_tile(shown[n] if n < len(shown) else None, now)
        self._sync_pulse()

    def rotate(self) -> None:
        if self.pages > 1 and self._now is not None:
            self.page = (self.page + 1) % self.pages
            self.show_tiles(self.tiles, self._now)

    def set_pulsing(self, on: bool) -> None:
        self.pulsing = on
        self._sync_pulse()

    def _sync_pulse(self) -> None:
        wanted = self.pulsing and self.isVisible() and any(v.alarm for v in self.views)
        if wanted and not self._stepper.isActive():
            self._stepper.start()
        elif not wanted and self._stepper.isActive():
            self._stepper.stop()
        if not wanted:
            for view in self.views:
                view.set_level(PULSE_STEPS)

    def _step(self) -> None:
        self._pulse.setCurrentTime(int(time.monotonic() * 1000) % PULSE_MS)

    def _pulsed(self, value: object) -> None:
        lit = float(value) if isinstance(value, (float, int)) else 1.0
        level = round(PULSE_STEPS * lit)
        for view in self.views:
            if view.alarm and view.isVisible():
                view.set_level(level)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_pulse()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._sync_pulse()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        gap = self._gap
        width = (self.width() - gap * (COLUMNS - 1)) // COLUMNS
        height = (self.height() - gap * (ROWS - 1)) // ROWS
        for n, view in enumerate(self.views):
            row, col = divmod(n, COLUMNS)
            view.setGeometry(col * (width + gap), row * (height + gap), width, height)
