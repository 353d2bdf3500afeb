"""Labels that never clip: text too long for its room is cut with an ellipsis.

``ElidedLabel`` keeps the full text and shows as much as fits its width, on one line or
wrapped onto a few, the last one ending in "…". Its height is fixed by its font and its
number of lines, so a layout can never squeeze a line half away.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

ELLIPSIS = "…"


def wrap(text: str, font: QFont, width: int, lines: int) -> list[str]:
    """``text`` broken into at most ``lines`` lines of ``width`` pixels, the last one
    elided when the text goes on."""
    metrics = QFontMetrics(font)
    if lines <= 1 or width <= 0:
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0))]
    units = text.encode("utf-16-le")  # QTextLayout counts in UTF-16 code units

    def part(start: int, end: int | None = None) -> str:
        return units[2 * start : None if end is None else 2 * end].decode("utf-16-le", "replace")

    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    out: list[str] = []
    try:
        while len(out) < lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start = line.textStart()
            if len(out) == lines - 1:
                rest = part(start).strip()
                out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                break
            out.append(part(start, start + line.textLength()).rstrip())
    finally:
        layout.endLayout()
    # Shaping can differ by a pixel between the layout and the metrics: never overflow.
    return [
        t if metrics.horizontalAdvance(t) <= width
        else metrics.elidedText(t, Qt.TextElideMode.ElideRight, width)
        for t in out
    ]  # fmt: skip


class ElidedLabel(QLabel):
    """A label showing as much of its text as fits, cut with "…".

    ``natural``: the label asks for the width of its whole text (and gives way, eliding,
    when the row is too narrow); otherwise it takes the width the layout gives it.
    """

    def __init__(
        self, lines: int = 1, *, natural: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._lines = lines
        self._natural = natural
        self._hint = 0
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        horizontal = QSizePolicy.Policy.Maximum if natural else QSizePolicy.Policy.Ignored
        self.setSizePolicy(horizontal, QSizePolicy.Policy.Fixed)
        self._fit_height()

    @property
    def full_text(self) -> str:
        return self._full

    @property
    def lines(self) -> int:
        return self._lines

    @property
    def elided(self) -> bool:
        return self.text().replace("\n", " ") != self._full

    def set_text(self, text: str) -> None:
        text = " ".join(text.split())
        if text == self._full:
            return
        self._full = text
        if self._natural:
            hint = self._natural_width()
            if hint != self._hint:
                self._hint = hint
                self.updateGeometry()
        self._fit()

    def set_colour(self, colour: QColor | str) -> None:
        colour = QColor(colour)
        palette = self.palette()
        if palette.color(QPalette.ColorRole.WindowText) != colour:
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            self.setPalette(palette)

    def line_height(self) -> int:
        return QFontMetrics(self.font()).lineSpacing()

    def _natural_width(self) -> int:
        margins = self.contentsMargins()
        text = QFontMetrics(self.font()).horizontalAdvance(self._full)
        return text + margins.left() + margins.right() + 1

    def sizeHint(self) -> QSize:
        return QSize(self._hint if self._natural else 0, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def _fit_height(self) -> None:
        margins = self.contentsMargins()
        metrics = QFontMetrics(self.font())
        text = metrics.lineSpacing() * (self._lines - 1) + metrics.height()
        self.setFixedHeight(text + margins.top() + margins.bottom())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.renew()

    def renew(self) -> None:
        """Sizes again, after the font or the margins changed."""
        self._fit_height()
        if self._natural:
            self._hint = self._natural_width()
            self.updateGeometry()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        shown = "\n".join(wrap(self._full, self.font(), self.contentsRect().width(), self._lines))
        if not self._full:
            shown = ""
        if shown != self.text():
            self.setText(shown)


class Chip(ElidedLabel):
    """A status word on a coloured, rounded background: glyph and word, never colour alone."""

    def __init__(self, parent: QWidget | None = None, *, stretch: bool = False) -> None:
        super().__init__(1, natural=not stretch, parent=parent)
        self._background = QColor(0, 0, 0, 0)
        self._radius = 4

    @property
    def background(self) -> QColor:
        return QColor(self._background)

    def set_look(self, background: QColor | str, text: QColor | str) -> None:
        background = QColor(background)
        if background != self._background:
            self._background = background
            self.update()
        self.set_colour(text)

    def rescale(self, font: QFont, pad: int, radius: int, vpad: int = 0) -> None:
        self._radius = radius
        self.setContentsMargins(pad, vpad, pad, vpad)
        self.setFont(font)
        self.renew()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._full and self._background.alpha():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._background)
            painter.drawRoundedRect(self.rect(), self._radius, self._radius)
            painter.end()
        super().paintEvent(event)


class Bar(QWidget):
    """A progress bar drawn flat: a track, and the done part in a colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fraction = 0.0
        self._fill = QColor()
        self._track = QColor()

    def set_value(self, fraction: float, fill: QColor | str, track: QColor | str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        fill, track = QColor(fill), QColor(track)
        if (fraction, fill, track) != (self._fraction, self._fill, self._track):
            self._fraction, self._fill, self._track = fraction, fill, track
            self.update()

    @property
    def fraction(self) -> float:
        return self._fraction

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = self.height() / 2
        painter.setBrush(self._track)
        painter.drawRoundedRect(self.rect(), radius, radius)
        done = round(self.width() * self._fraction)
        if done > 0:
            painter.setBrush(self._fill)
            painter.drawRoundedRect(
                QRect(0, 0, max(done, self.height()), self.height()), radius, radius
            )
        painter.end()
