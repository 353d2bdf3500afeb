"""Paints a status cell as a rounded chip (colour + glyph + word) instead of a filled cell."""

from __future__ import annotations

# QStyle is reached through its module at paint time: building its Python class costs
# about 10 ms, which would otherwise be paid before the window's first paint.
from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

PAD_X, PAD_Y, MARGIN = 8, 3, 4


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
        # Selection highlight and focus as usual, but without the cell's own fill.
        # The view's option (state, palette) is enough: no need to ask the model for every role.
        opt = QStyleOptionViewItem(option)
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(
                QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget
            )
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        metrics = QFontMetrics(option.font)
        width = min(metrics.horizontalAdvance(text) + 2 * PAD_X, option.rect.width() - 2 * MARGIN)
        height = metrics.height() + 2 * PAD_Y
        chip = QRect(option.rect.left() + MARGIN, option.rect.top() + MARGIN, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(chip, 5, 5)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QBrush):
            painter.setPen(foreground.color())
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

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
