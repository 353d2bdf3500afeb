"""Pages as lists of drawing operations, and the flow that fills them top to bottom.

Layout runs first and only measures: every page becomes a list of small tuples (text at a
point, a line, a box, a drawing function). Painting then replays them, which is when the
page count, and so "Page 3 of 41", is known. Coordinates are points from the page's top
left corner.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPageSize, QPainter, QPen

from ui.render.text import LABEL, Face, Fonts, Style
from ui.render.text import SMALL_ITALIC as CONTINUED

INK = "#1B1F24"
MUTED = "#5A6470"
RULE = "#C9D0D8"
HEADER_FILL = "#E6EBF0"
ZEBRA = "#F5F7F9"
BOX_FILL = "#EEF3F8"
ACCENT = "#0072B2"

TEXT, LINE, RECT, DRAW, LATE = range(5)
Op = tuple[Any, ...]
# A cell is its lines, each (face, colour, text).
Line = tuple[Face, str, str]
Cell = list[Line]

PAD_X = 3.0
PAD_Y = 2.5


@dataclass(frozen=True)
class Geometry:
    """A page in points: its size and the frame the body flows in."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def content_width(self) -> float:
        return self.right - self.left

    @classmethod
    def for_page(cls, name: Literal["A4", "Letter"]) -> Geometry:
        size = page_size(name).size(QPageSize.Unit.Point)
        margin = 45.0  # about 16 mm, inside what any office printer reaches
        return cls(
            width=size.width(),
            height=size.height(),
            left=margin,
            right=size.width() - margin,
            top=60.0,  # the running header sits above this
            bottom=size.height() - 52.0,  # and the footer below this
        )


def page_size(name: str) -> QPageSize:
    ident = QPageSize.PageSizeId.Letter if name == "Letter" else QPageSize.PageSizeId.A4
    return QPageSize(ident)


@dataclass
class Column:
    title: str
    width: float


class Flow:
    """Fills pages from the top down; ``tick`` is called once per row or block laid out."""

    def __init__(self, fonts: Fonts, geometry: Geometry, tick: Callable[[], None]) -> None:
        self.fonts = fonts
        self.g = geometry
        self.tick = tick
        self.pages: list[list[Op]] = []
        self.ops: list[Op] = []
        self.y = geometry.top
        self.on_new_page: Callable[[], None] | None = None
        self.anchors: dict[str, int] = {}  # section title -> page index
        self.new_page()

    # --- pages --------------------------------------------------------------------------
    def new_page(self) -> None:
        self.ops = []
        self.pages.append(self.ops)
        self.y = self.g.top
        if self.on_new_page is not None:
            self.on_new_page()

    @property
    def room(self) -> float:
        return self.g.bottom - self.y

    @property
    def at_top(self) -> bool:
        return self.y <= self.g.top + 0.01

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (or this page is empty)."""
        if height > self.room + 0.01 and not self.at_top:
            self.new_page()

    def break_page(self) -> None:
        if not self.at_top:
            self.new_page()

    def space(self, height: float) -> None:
        if not self.at_top:
            self.y = min(self.y + height, self.g.bottom)

    def anchor(self, title: str) -> None:
        self.anchors[title] = len(self.pages) - 1

    # --- drawing ------------------------------------------------------------------------
    def text(self, face: Face, colour: str, x: float, baseline: float, text: str) -> None:
        self.ops.append((TEXT, face, colour, x, baseline, text))

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        colour: str = RULE,
        width: float = 0.5,
        dashed: bool = False,
    ) -> None:
        self.ops.append((LINE, colour, width, x1, y1, x2, y2, dashed))

    def rect(
        self, x: float, y: float, w: float, h: float, fill: str | None, stroke: str | None = None
    ) -> None:
        self.ops.append((RECT, fill, stroke, x, y, w, h))

    def draw(self, paint: Callable[[QPainter], None]) -> None:
        self.ops.append((DRAW, paint))

    def late(
        self, face: Face, colour: str, x: float, baseline: float, text: Callable[[], str]
    ) -> None:
        """Text known only once every page is laid out, right-aligned at ``x``."""
        self.ops.append((LATE, face, colour, x, baseline, text))

    # --- blocks -------------------------------------------------------------------------
    def paragraph(
        self,
        text: str,
        style: Style,
        colour: str = INK,
        *,
        indent: float = 0.0,
        after: float = 0.0,
    ) -> None:
        face = self.fonts[style]
        x = self.g.left + indent
        for line in face.lines(text, self.g.right - x):
            self.need(face.height)
            self.ops.append((TEXT, face, colour, x, self.y + face.ascent, line))
            self.y += face.height
        self.y += after
        self.tick()

    def heading(self, text: str, style: Style, *, keep: float = 40.0, anchor: bool = False) -> None:
        """A heading kept on the page with at least ``keep`` points of what follows."""
        face = self.fonts[style]
        lines = face.lines(text, self.g.content_width)
        self.need(face.height * len(lines) + keep)
        if anchor:
            self.anchor(text)
        for line in lines:
            self.ops.append((TEXT, face, INK, self.g.left, self.y + face.ascent, line))
            self.y += face.height
        self.y += face.height * 0.35

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        *,
        header: bool = True,
        zebra: bool = True,
        fill: str | None = None,
        rules: bool = True,
        caption: str = "",
    ) -> None:
        """Rows under a header that repeats on every page the table reaches, below
        "``caption`` (continued)" when there is a caption.

        A row moves whole to the next page when it does not fit; only a row taller than a
        page is split, between lines.
        """
        g = self.g
        xs: list[float] = []
        x = g.left
        for column in columns:
            xs.append(x + PAD_X)
            x += column.width
        right = x
        width = right - g.left
        label = self.fonts[LABEL]
        head: list[Cell] = [
            [(label, INK, line) for line in label.lines(c.title, c.width - 2 * PAD_X)]
            for c in columns
        ]
        head_height = max(sum(f.height for f, _, _ in cell) for cell in head) + 2 * PAD_Y

        note = self.fonts[CONTINUED]

        def continued() -> None:
            if caption:
                text = note.elide(f"{caption} (continued)", width)
                self.ops.append((TEXT, note, MUTED, g.left, self.y + note.ascent, text))
                self.y += note.height + 2.0
            draw_header()

        def draw_header() -> None:
            top = self.y
            self.ops.append((RECT, HEADER_FILL, None, g.left, top, width, head_height))
            self._cells(head, xs, top + PAD_Y)
            self.y = top + head_height

        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        if header:
            # The header goes where its first row fits (or at least a few lines of it).
            height = max(sum(f.height for f, _, _ in cell) for cell in first) + 2 * PAD_Y
            self.need(head_height + min(height, 4 * label.height))
            draw_header()
            previous = self.on_new_page
            self.on_new_page = continued
        shade = False
        ops = self.ops
        for row in itertools.chain((first,), rows):
            height = max(sum(f.height for f, _, _ in cell) for cell in row) + 2 * PAD_Y
            if height > g.bottom - self.y + 0.01:
                if height <= g.bottom - g.top - (head_height + note.height + 2.0 if header else 0):
                    self.new_page()
                    shade = False
                else:
                    self._split(row, xs, g.left, width, fill, rules)
                    ops = self.ops
                    shade = not shade
                    self.tick()
                    continue
                ops = self.ops
            top = self.y
            background = fill or (ZEBRA if zebra and shade else None)
            if background is not None:
                ops.append((RECT, background, None, g.left, top, width, height))
            self._cells(row, xs, top + PAD_Y)
            self.y = top + height
            if rules:
                ops.append((LINE, RULE, 0.4, g.left, self.y, right, self.y, False))
            shade = not shade
            self.tick()
        if header:
            self.on_new_page = previous

    def _cells(self, row: Sequence[Cell], xs: Sequence[float], top: float) -> None:
        ops = self.ops
        for x, cell in zip(xs, row, strict=True):
            y = top
            for face, colour, text in cell:
                if text:
                    ops.append((TEXT, face, colour, x, y + face.ascent, text))
                y += face.height

    def _split(
        self,
        row: Sequence[Cell],
        xs: Sequence[float],
        left: float,
        width: float,
        fill: str | None,
        rules: bool,
    ) -> None:
        """A row taller than a page, in as many pieces as it takes, cut between lines."""
        rest = [list(cell) for cell in row]
        while any(rest):
            room = self.room - 2 * PAD_Y
            pieces: list[Cell] = []
            for cell in rest:
                used, taken = 0.0, 0
                while taken < len(cell) and used + cell[taken][0].height <= room:
                    used += cell[taken][0].height
                    taken += 1
                pieces.append(cell[:taken])
            if not any(pieces):
                if self.at_top:  # one line taller than a page: print it anyway
                    pieces = [cell[:1] for cell in rest]
                else:
                    self.new_page()
                    continue
            height = max(sum(f.height for f, _, _ in cell) for cell in pieces) + 2 * PAD_Y
            top = self.y
            if fill is not None:
                self.ops.append((RECT, fill, None, left, top, width, height))
            self._cells(pieces, xs, top + PAD_Y)
            self.y = top + height
            if rules:
                self.ops.append((LINE, RULE, 0.4, left, self.y, left + width, self.y, False))
            rest = [cell[len(piece) :] for cell, piece in zip(rest, pieces, strict=True)]
            if any(rest):
                self.new_page()


class Painter:
    """Replays a page's operations on a QPainter, setting font and pen only on change."""

    def __init__(self, painter: QPainter) -> None:
        self.p = painter
        self._colours: dict[str, QColor] = {}

    def colour(self, name: str) -> QColor:
        found = self._colours.get(name)
        if found is None:
            found = self._colours[name] = QColor(name)
        return found

    def page(self, ops: Iterable[Op]) -> None:
        p = self.p
        colour_of = self.colour
        face: Face | None = None
        pen: str | None = None
        for op in ops:
            kind = op[0]
            if kind == TEXT:
                _, f, c, x, y, text = op
                if f is not face:
                    p.setFont(f.font)
                    face = f
                if c != pen:
                    p.setPen(colour_of(c))
                    pen = c
                p.drawText(QPointF(x, y), text)
            elif kind == LINE:
                _, c, w, x1, y1, x2, y2, dashed = op
                line_pen = QPen(colour_of(c), w)
                line_pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                if dashed:
                    line_pen.setDashPattern([4.0, 3.0])
                p.setPen(line_pen)
                p.drawLine(QLineF(x1, y1, x2, y2))
                pen = None
            elif kind == RECT:
                _, fill, stroke, x, y, w, h = op
                if stroke is None:
                    p.setPen(Qt.PenStyle.NoPen)
                else:
                    p.setPen(QPen(colour_of(stroke), 0.6))
                if fill is None:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                else:
                    p.setBrush(colour_of(fill))
                p.drawRect(QRectF(x, y, w, h))
                pen = None
            elif kind == DRAW:
                p.save()
                op[1](p)
                p.restore()
                face, pen = None, None
            elif kind == LATE:
                _, f, c, x, y, make = op
                text = make()
                if f is not face:
                    p.setFont(f.font)
                    face = f
                if c != pen:
                    p.setPen(colour_of(c))
                    pen = c
                p.drawText(QPointF(x - f.width(text), y), text)
