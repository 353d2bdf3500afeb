"""Fonts and line breaking for the printed report.

The writer runs at 72 dots per inch, so a device unit is a point and a 9 pt font is 9
units high. Every style has one ``Face``: its QFont, its metrics, and caches of the lines
each text breaks into at a given width and of each word's width, so a name that appears
on every row, or a word in every other entry, is measured once. Text that breaks at spaces
is broken greedily from those word widths; other scripts (CJK breaks between characters),
and words wider than the line, go to QTextLayout. The lines are kept as plain strings and
painted one ``drawText`` each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice, QTextLayout, QTextOption

from ui import fonts

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Scripts that break between characters rather than at spaces (Thai, CJK, Hangul, …), and
# soft hyphens and zero-width spaces: Qt's line breaker takes those paragraphs.
_COMPLEX = re.compile(
    "[\u00ad\u0e00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u200b\u2e80-\ua4cf"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)


@dataclass(frozen=True)
class Style:
    size: float  # points
    bold: bool = False
    italic: bool = False
    strike: bool = False
    mono: bool = False


BODY = Style(9)
BODY_BOLD = Style(9, bold=True)
SMALL = Style(8)
SMALL_BOLD = Style(8, bold=True)
SMALL_ITALIC = Style(8, italic=True)
STRUCK = Style(8, strike=True)
TINY = Style(7)
TINY_BOLD = Style(7, bold=True)
MONO = Style(6.5, mono=True)
MONO_BODY = Style(8.5, mono=True)
MONO_CELL = Style(7.5, mono=True)
TITLE = Style(20, bold=True)
H1 = Style(15, bold=True)
H2 = Style(11.5, bold=True)
LABEL = Style(7.5, bold=True)


def clean(text: str) -> str:
    """Text as it prints: CR LF and CR as LF, tabs as spaces, other control characters gone."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


class Face:
    """One style's font on the writer, with its metrics and measured lines."""

    def __init__(self, style: Style, device: QPaintDevice) -> None:
        font = QFont()
        font.setFamilies(fonts.MONO_FAMILIES if style.mono else fonts.TEXT_FAMILIES)
        if style.mono:
            font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(style.size)
        font.setBold(style.bold)
        font.setItalic(style.italic)
        font.setStrikeOut(style.strike)
        font.setKerning(True)
        # Design metrics, never hinted ones: hinting follows the machine's font settings,
        # and would move line breaks and page breaks from one machine to the next.
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        # No ligatures: "fi" drawn as one glyph would be extracted and searched as "ﬁ".
        if hasattr(QFont, "setFeature"):  # Qt 6.7 and later
            for tag in ("liga", "clig", "dlig"):
                font.setFeature(QFont.Tag(tag), 0)
        else:
            font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.001)
        self.style = style
        self.font = font
        self.device = device
        self.metrics = QFontMetricsF(font, device)
        self.ascent = self.metrics.ascent()
        self.height = self.metrics.lineSpacing()
        self._advance = self.metrics.horizontalAdvance
        self._lines: dict[tuple[str, float], list[str]] = {}
        self._word_widths: dict[str, float] = {}
        self._space = self._advance(" ")
        self._option = QTextOption()
        self._option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def width(self, text: str) -> float:
        return self._advance(text)

    def elide(self, text: str, width: float) -> str:
        return self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width``; a line feed always breaks.

        The list is shared with later calls for the same text and width: do not change it.
        """
        key = (text, width)
        found = self._lines.get(key)
        if found is not None:
            return found
        found = []
        for paragraph in (text if text.isprintable() else clean(text)).split("\n"):
            words = None if _COMPLEX.search(paragraph) else self._words(paragraph, width)
            found.extend(words if words is not None else self._break(paragraph, width))
        self._lines[key] = found
        return found

    def _words(self, text: str, width: float) -> list[str] | None:
        """Greedy breaking at spaces, each word measured once per face; None when a word is
        wider than the line (Qt then breaks inside it)."""
        advance, known, space = self._advance, self._word_widths, self._space
        out: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in text.split(" "):
            w = known.get(word)
            if w is None:
                w = known[word] = advance(word)
            if w > width:
                return None
            if line and used + space + w <= width:
                line.append(word)
                used += space + w
            else:
                if line:
                    out.append(" ".join(line).rstrip())
                line, used = [word], w
        out.append(" ".join(line).rstrip())
        return out

    def _break(self, text: str, width: float) -> list[str]:
        layout = QTextLayout(text, self.font, self.device)
        layout.setTextOption(self._option)
        # Qt counts in UTF-16 units; outside the BMP a Python index is not a Qt index.
        wide = not text.isascii() and any(ord(c) > 0xFFFF for c in text)
        units = text.encode("utf-16-le") if wide else b""
        out: list[str] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            if wide:
                piece = units[2 * start : 2 * (start + length)].decode("utf-16-le", "replace")
            else:
                piece = text[start : start + length]
            out.append(piece.rstrip())
        layout.endLayout()
        return out or [""]


class Fonts:
    """The faces of one render, made on first use. Only the bundled fonts are used: made
    without them (FontsMissing), a report could come out with no text at all."""

    def __init__(self, device: QPaintDevice) -> None:
        self.device = device
        self._faces: dict[Style, Face] = {}
        fonts.require(self[BODY].font)
        fonts.require(self[MONO].font)

    def __getitem__(self, style: Style) -> Face:
        face = self._faces.get(style)
        if face is None:
            face = self._faces[style] = Face(style, self.device)
        return face
