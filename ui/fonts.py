"""The fonts crisisdesk ships in ``resources/fonts``, registered with Qt before anything is
drawn: the window, the wall and the PDF report then look the same and break their lines
the same on every machine, one with no fonts at all included.

Qt picks a registered application font over a system font of the same family, so a
report's pages do not change with the fonts a machine happens to have. Qt still falls
back to a system font for a character none of these has (Thai or Devanagari, say).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from crisisdesk import resources

SANS = "DejaVu Sans"  # Latin with every accent, Greek, Cyrillic, Hebrew, Arabic, symbols
MONO = "DejaVu Sans Mono"
CJK = "Droid Sans Fallback"  # Chinese and Japanese
HANGUL = "NanumGothic"  # Korean
# Qt looks for each character along the list.
TEXT_FAMILIES = [SANS, CJK, HANGUL]
MONO_FAMILIES = [MONO, SANS, CJK, HANGUL]

# Each file and the family it must register.
FILES = {
    "DejaVuSans.ttf": SANS,
    "DejaVuSans-Bold.ttf": SANS,
    "DejaVuSans-Oblique.ttf": SANS,
    "DejaVuSans-BoldOblique.ttf": SANS,
    "DejaVuSansMono.ttf": MONO,
    "DejaVuSansMono-Bold.ttf": MONO,
    "DroidSansFallbackFull.ttf": CJK,
    "NanumGothic.ttf": HANGUL,
}

log = logging.getLogger("crisisdesk.fonts")
_installed: set[Path] = set()


class FontsMissing(RuntimeError):
    """A bundled font could not be loaded; nothing is drawn without it."""


def folder() -> Path:
    return resources.shipped_dir() / "fonts"


def install(app: QGuiApplication, where: Path | None = None) -> None:
    """Register every bundled font and make them the application's default font.

    Call it on the GUI thread once the application exists, before any window is built.
    Raises FontsMissing naming each file that is missing or could not be read.
    """
    where = folder() if where is None else where
    problems: list[str] = []
    for name, family in FILES.items():
        path = where / name
        if path in _installed:
            continue
        if not path.is_file():
            problems.append(f"{name} is missing")
            continue
        ident = QFontDatabase.addApplicationFont(str(path))
        if ident < 0 or family not in QFontDatabase.applicationFontFamilies(ident):
            problems.append(f"{name} could not be read (the file is damaged)")
            continue
        _installed.add(path)
    if problems:
        message = (
            f"crisisdesk cannot load its fonts from {where}: {'; '.join(problems)}. "
            "Without them it could draw screens and reports with no text. "
            "Reinstall crisisdesk to restore the files."
        )
        log.error(message)
        raise FontsMissing(message)
    font = QFont(app.font())
    font.setFamilies(TEXT_FAMILIES)
    app.setFont(font)


def require(font: QFont) -> None:
    """Raise FontsMissing unless ``font`` is drawn with a bundled face: a report is never
    written in whatever the system substitutes (or in no font at all)."""
    family = QRawFont.fromFont(font).familyName()
    wanted = font.families()[0] if font.families() else font.family()
    if not _installed or family != wanted:
        message = (
            f"the font {wanted!r} is not loaded (Qt offers {family or 'no font'!r}); "
            "crisisdesk must be started through its own command, which loads the fonts it "
            "ships. Reinstall crisisdesk if this persists."
        )
        log.error(message)
        raise FontsMissing(message)
