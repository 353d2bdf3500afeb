"""Paints long text wrapped to a fixed number of lines, the last one ending in "…".

Rows keep one height (cheap at any length of timeline); the whole text is in the tooltip.
"""

from __future__ import annotations

# QStyle is reached through its module at paint time: building its Python class costs
# about 10 ms, which would otherwise be paid before the window's first paint.
from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

PAD_X, PAD_Y = 6, 5


class WrapDelegate(QStyledItemDelegate):
    def __init__(self, lines: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines = lines

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # The view's option already holds the state, palette and font; asking the model
        # for every role (initStyleOption) would cost more than the painting itself.
        opt = QStyleOptionViewItem(option)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        font = index.data(Qt.ItemDataRole.FontRole)
        if isinstance(font, QFont):
            opt.font = font.resolve(option.font)
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(
                QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget
            )
        rect = option.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        metrics = QFontMetrics(opt.font)
        shown = self._lines(text, opt, rect.width(), metrics)
        selected = bool(opt.state & QtWidgets.QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(role))
        y = rect.top()
        for n, (start, length) in enumerate(shown):
            piece = text[start : start + length].rstrip("\n")
            last = n == len(shown) - 1
            if last and start + length < len(text):
                piece = metrics.elidedText(
                    text[start:].replace("\n", " "), Qt.TextElideMode.ElideRight, rect.width()
                )
            painter.drawText(QPointF(rect.left(), y + metrics.ascent()), piece)
            y += metrics.lineSpacing()
        painter.restore()

    def _lines(
        self, text: str, opt: QStyleOptionViewItem, width: int, metrics: QFontMetrics
    ) -> list[tuple[int, int]]:
        """(start, length) of each line to show, at most ``self.lines`` of them."""
        if "\n" not in text and metrics.horizontalAdvance(text) <= width:
            return [(0, len(text))]  # the common short cell: no layout needed
        layout = QTextLayout(text, opt.font)
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(wrap)
        layout.beginLayout()
        shown: list[tuple[int, int]] = []
        while len(shown) < self.lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            shown.append((line.textStart(), line.textLength()))
        layout.endLayout()
        return shown

    def row_height(self, metrics: QFontMetrics) -> int:
        return self.lines * metrics.lineSpacing() + 2 * PAD_Y
