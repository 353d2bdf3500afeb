"""crisisdesk speaks English, whatever the desktop's language (see crisisdesk.timewords):
Qt's own widgets are told so too, so a date editor does not show "So., 29. Nov." beside
"Sun 29 Nov" in the timeline, nor a comma for a decimal point."""

from __future__ import annotations

from PySide6.QtCore import QLocale

# British English: day before month, a 24-hour clock and weeks that start on Monday, as
# the rest of the app writes dates.
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def use_english() -> None:
    """Before any widget is made: widgets take the default locale when they are built."""
    QLocale.setDefault(ENGLISH)
