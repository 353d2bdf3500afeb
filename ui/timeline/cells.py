"""Fills a timeline cell's style option in one call, then lets Qt paint it in C++.

Qt's own delegate asks the model for seven roles per cell, each a call into Python;
on a full screen of rows that was most of the cost of a repaint. Here each cell costs
one call, and the wrapping, eliding and selection colours stay Qt's. The category is
a chip: a drawn-once picture that Qt paints as the cell's icon.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QIcon
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from ui.timeline.model import CATEGORY, CENTRED, CENTRED_COLUMNS, LEFT, TimelineModel
from ui.widgets.chip_delegate import CACHED, MARGIN, chip

HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
HAS_DECORATION = QStyleOptionViewItem.ViewItemFeature.HasDecoration
CHIP_PLACE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class CellDelegate(QStyledItemDelegate):
    def __init__(self, model: TimelineModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._icons: dict[int, tuple[QIcon, QSize]] = {}  # chip picture -> icon, size

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        r, col = index.row(), index.column()
        if not (0 <= r < self.model.held and isinstance(index, QModelIndex)):
            super().initStyleOption(option, index)
            return
        option.index = index
        text = self.model.shown(r)[col]
        if col == CATEGORY:
            colours = self.model.chip_colours(r)
            if colours is not None:
                self._chip(option, text, *colours)
                return
        option.text = text
        option.features = option.features | HAS_DISPLAY
        option.displayAlignment = CENTRED if col in CENTRED_COLUMNS else LEFT
        font = self.model.font(r, col)
        if font is not None:
            option.font = font.resolve(option.font)
            option.fontMetrics = QFontMetrics(option.font)

    def _chip(
        self, option: QStyleOptionViewItem, text: str, background: QColor, ink: QColor
    ) -> None:
        widget = option.widget
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        width = option.rect.width() - 2 * MARGIN
        drawn = chip(text, background, ink, option.font, width, ratio)
        held = self._icons.get(drawn.cacheKey())
        if held is None:
            if len(self._icons) >= CACHED:
                self._icons.clear()  # dragging the column wider draws a chip per width
            icon = QIcon(drawn)
            # The same picture when selected: Qt would otherwise tint it with the
            # selection colour, and a chip's colour is its meaning.
            icon.addPixmap(drawn, QIcon.Mode.Selected)
            held = self._icons[drawn.cacheKey()] = (icon, drawn.deviceIndependentSize().toSize())
        option.icon, option.decorationSize = held
        option.decorationAlignment = CHIP_PLACE
        option.features = option.features | HAS_DECORATION
