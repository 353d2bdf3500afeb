"""The desk's look: a palette and fonts for the whole application, and the QSS file
(resources/styles/desk.qss) for the few parts that need more than a palette.

The style sheet is set on those parts only, not on the application: an application-wide
sheet makes Qt restyle every widget, which cost more at start-up than all of the
window's own work.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QTabWidget, QWidget

from crisisdesk import resources

BASE_POINT_SIZE = 11.0
TABLE_PIXELS = 14

COLOURS = {
    QPalette.ColorRole.Window: "#F4F5F7",
    QPalette.ColorRole.WindowText: "#1B1F24",
    QPalette.ColorRole.Base: "#FFFFFF",
    QPalette.ColorRole.AlternateBase: "#F7F9FB",
    QPalette.ColorRole.Text: "#1B1F24",
    QPalette.ColorRole.Button: "#E4E7EB",
    QPalette.ColorRole.ButtonText: "#1B1F24",
    QPalette.ColorRole.Highlight: "#CFE3F5",
    QPalette.ColorRole.HighlightedText: "#1B1F24",
    QPalette.ColorRole.ToolTipBase: "#1F2933",
    QPalette.ColorRole.ToolTipText: "#F5F7FA",
    QPalette.ColorRole.PlaceholderText: "#616E7C",
}


@cache
def style_sheet() -> str:
    try:
        return resources.resource("styles", "desk.qss").read_text(encoding="utf-8")
    except (OSError, resources.ResourcesMissing):
        return ""  # plainer, but fully usable


# Greyed text for what cannot be used right now, so a disabled button looks it.
DISABLED = {
    QPalette.ColorRole.WindowText: "#8A949E",
    QPalette.ColorRole.Text: "#8A949E",
    QPalette.ColorRole.ButtonText: "#8A949E",
    QPalette.ColorRole.Button: "#EDEFF2",
}


def apply(app: QApplication) -> None:
    """Colours and fonts; the style itself (Fusion) is chosen when the app is made."""
    palette = app.palette()
    for role, colour in COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role, colour in DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(font)


def styled(*widgets: QWidget) -> None:
    """Give these widgets (and their children) the desk's style sheet."""
    sheet = style_sheet()
    for widget in widgets:
        widget.setStyleSheet(sheet)


def table(view: QTableView) -> None:
    font = QFont(view.font())
    font.setPixelSize(TABLE_PIXELS)
    view.setFont(font)
    header: QHeaderView = view.horizontalHeader()
    bold = QFont(font)
    bold.setBold(True)
    header.setFont(bold)


def tabs(widget: QTabWidget) -> None:
    font = QFont(widget.font())
    font.setPixelSize(TABLE_PIXELS)
    widget.tabBar().setFont(font)
