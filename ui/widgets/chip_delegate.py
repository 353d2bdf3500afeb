"""Paints a status cell as a rounded chip (colour + glyph + word) instead of a filled cell."""

from __future__ import annotations

# QStyle is reached through its module at paint time: building its Python class costs
# about 10 ms, which would otherwise be paid before the window's first paint.
from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

PAD_X, PAD_Y, MARGIN = 8, 3, 4
CACHED = 256  # chips kept drawn; tables show a handful of kinds, in a few widths

ChipKey = tuple[str, int, int, str, int, float]

# Each kind of chip is drawn once and then copied: tables repaint the same few chips on
# every scroll and tick, and drawing each afresh in Python costs three times as much.
_drawn: dict[ChipKey, QPixmap] = {}


def chip(
    text: str, background: QColor, ink: QColor | None, font: QFont, width: int, ratio: float
) -> QPixmap:
    """The chip for ``text``, at most ``width`` wide, for a screen of pixel ratio ``ratio``."""
    key = (text, background.rgba(), ink.rgba() if ink else -1, font.key(), width, ratio)
    drawn = _drawn.get(key)
    if drawn is None:
        drawn = _draw(text, background, ink, font, width, ratio)
        if len(_drawn) >= CACHED:
            _drawn.clear()
        _drawn[key] = drawn
    return drawn


def _draw(
    text: str, background: QColor, ink: QColor | None, font: QFont, width: int, ratio: float
) -> QPixmap:
    metrics = QFontMetrics(font)
    wide = max(1, min(metrics.horizontalAdvance(text) + 2 * PAD_X, width))
    high = metrics.height() + 2 * PAD_Y
    drawn = QPixmap(round(wide * ratio), round(high * ratio))
    drawn.setDevicePixelRatio(ratio)
    drawn.fill(Qt.GlobalColor.transparent)
    painter = QPainter(drawn)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(QRect(0, 0, wide, high), 5, 5)
    if ink is not None:
        painter.setPen(ink)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.drawText(QRect(0, 0, wide, high), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return drawn


class ChipDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if not isinstance(background, QBrush):
            super().paint(painter, option, index)
            return
        # Selection highlight and focus as usual, but without the cell's own fill: the
        # view's option (state, palette) is all that needs, so the model is not asked for
        # every role.
        widget = option.widget
        if widget is not None:
            widget.style().drawControl(
                QtWidgets.QStyle.ControlElement.CE_ItemViewItem, option, painter, widget
            )
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        ink = foreground.color() if isinstance(foreground, QBrush) else None
        rect = option.rect
        ratio = painter.device().devicePixelRatioF()
        drawn = chip(text, background.color(), ink, option.font, rect.width() - 2 * MARGIN, ratio)
        top = rect.top() + max(MARGIN, (rect.height() - round(drawn.height() / ratio)) // 2)
        painter.drawPixmap(rect.left() + MARGIN, top, drawn)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = metrics.horizontalAdvance(text) + 2 * (PAD_X + MARGIN) + 8
        return QSize(
            max(base.width(), width), max(base.height(), metrics.height() + 2 * (PAD_Y + MARGIN))
        )
