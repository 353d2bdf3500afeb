"""The draft's text editor: findings underlined where they stand, with their advice on hover.

Errors get a wavy underline, warnings a dashed one and notes a dotted one, each in its
severity's colour, so the kind shows without relying on colour. Where a finding has a
replacement (jargon → plain word), the right-click menu offers it as a one-click fix.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QFont, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from crisisdesk.tone.findings import SEVERITY_ORDER, Finding
from ui import palette

UNDERLINES = {
    "error": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "warning": QTextCharFormat.UnderlineStyle.DashUnderline,
    "info": QTextCharFormat.UnderlineStyle.DotLine,
}
EDITOR_PIXELS = 17


class DraftEditor(QPlainTextEdit):
    fix_applied = Signal(str)  # the rule that was fixed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftEditor")
        font = QFont(self.font())
        font.setPixelSize(EDITOR_PIXELS)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText(
            "Write the message here, or start from a template. Advice appears as you type."
        )
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        """Underline the findings that point at words; whole-message ones are listed elsewhere."""
        self.findings = [f for f in findings if not f.whole_message]
        length = len(self.toPlainText())
        selections = []
        # Notes first, errors last: where spans overlap, the most serious is drawn on top.
        for finding in sorted(self.findings, key=lambda f: -SEVERITY_ORDER[f.severity]):
            if finding.end > length:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(finding.start)
            cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            char = QTextCharFormat()
            char.setUnderlineStyle(UNDERLINES[finding.severity])
            char.setUnderlineColor(QColor(palette.FINDING[finding.severity].colour))
            if finding.severity == "error":
                char.setBackground(QColor(255, 228, 214))
            selection.format = char
            selections.append(selection)
        self.setExtraSelections(selections)

    def findings_at(self, position: int) -> list[Finding]:
        return [f for f in self.findings if f.start <= position < f.end]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(event.pos())
            found = self.findings_at(cursor.position())
            if found:
                QToolTip.showText(event.globalPos(), tooltip(found), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        standard = self.createStandardContextMenu()
        cursor = self.cursorForPosition(event.pos())
        fixes = [f for f in self.findings_at(cursor.position()) if f.replacement is not None]
        menu = QMenu(self)
        for finding in fixes:
            action = menu.addAction(f"Replace with “{finding.replacement}”")
            action.triggered.connect(lambda _=False, f=finding: self.apply_fix(f))
        if fixes:
            menu.addSeparator()
        menu.addActions(standard.actions())
        menu.exec(event.globalPos())
        standard.deleteLater()

    def apply_fix(self, finding: Finding) -> bool:
        """Replace the finding's span with its replacement, as one undoable edit."""
        if finding.replacement is None or finding.end > len(self.toPlainText()):
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(finding.start)
        cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
        replacement = finding.replacement
        original = cursor.selectedText()
        if original[:1].isupper() and replacement[:1].islower():
            replacement = replacement[:1].upper() + replacement[1:]
        cursor.insertText(replacement)
        self.fix_applied.emit(finding.rule)
        return True

    def select_span(self, finding: Finding) -> None:
        if finding.whole_message or finding.end > len(self.toPlainText()):
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(finding.start)
        cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)


def tooltip(findings: list[Finding]) -> str:
    parts = []
    for f in findings:
        badge = palette.FINDING[f.severity]
        advice = f"<br>→ {escape(f.suggestion)}" if f.suggestion else ""
        parts.append(f"<b>{badge.glyph} {badge.word}:</b> {escape(f.message)}{advice}")
    return "<br><br>".join(parts)
