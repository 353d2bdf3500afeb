"""The guidance beside the editor: the audience's tone, the required elements ticking live,
reading grade against the target, the channel meter, every finding, and the fact sheet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.facts import FactState
from crisisdesk.tone.channels import ChannelMeasure
from crisisdesk.tone.findings import Finding
from crisisdesk.tone.profiles import Profile
from crisisdesk.tone.readability import Readability
from crisisdesk.vocabulary import CHANNEL_LABELS
from ui import palette, theme
from ui.widgets.status_table import status_table
from ui.widgets.table_model import Column, RecordTableModel

OK = palette.Badge(palette.GREEN, "✔", "")
MISSING = palette.Badge(palette.VERMILLION, "✖", "")


def _mark(label: QLabel, good: bool, text: str) -> None:
    badge = OK if good else MISSING
    label.setText(f"{badge.glyph}  {text}")
    label.setStyleSheet(f"color: {'#00704F' if good else '#A33F00'}; font-weight: 600;")


class GuidancePanel(QWidget):
    finding_chosen = Signal(object)  # Finding: show it in the editor
    fix_requested = Signal(object)  # Finding with a replacement

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidancePanel")
        self.tone = QLabel()
        self.tone.setObjectName("toneLine")
        self.tone.setWordWrap(True)
        self.elements_box = QGroupBox("Must say")
        self.elements_layout = QGridLayout(self.elements_box)
        self.elements_layout.setVerticalSpacing(2)
        self.element_labels: dict[str, QLabel] = {}
        self.element_names: dict[str, str] = {}

        self.grade = QLabel()
        self.grade.setObjectName("gradeLabel")
        self.grade.setWordWrap(True)
        self.grade_bar = QProgressBar()
        self.grade_bar.setObjectName("gradeBar")
        self.grade_bar.setTextVisible(False)
        self.grade_bar.setMaximumHeight(10)
        self.meter = QLabel()
        self.meter.setObjectName("channelMeter")
        self.meter.setWordWrap(True)
        measures = QGroupBox("Reading and length")
        measures_layout = QVBoxLayout(measures)
        measures_layout.addWidget(self.grade)
        measures_layout.addWidget(self.grade_bar)
        measures_layout.addWidget(self.meter)

        self.findings_model: RecordTableModel[Finding] = RecordTableModel(
            [
                Column(
                    "Kind",
                    lambda f: palette.FINDING[f.severity].label,
                    badge=lambda f: palette.FINDING[f.severity],
                ),
                Column(
                    "Advice",
                    lambda f: f"{f.message}" + (f" — {f.suggestion}" if f.suggestion else ""),
                    tooltip=lambda f: f.suggestion or f.message,
                ),
            ],
            self,
        )
        self.findings = status_table("findingTable", self.findings_model)
        self.findings.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.findings.clicked.connect(lambda index: self._choose(index.row()))
        self.findings.activated.connect(lambda index: self._choose(index.row()))
        self.findings.doubleClicked.connect(lambda index: self._fix(index.row()))
        self.fix_button = QPushButton("Apply fix")
        self.fix_button.setObjectName("applyFixButton")
        self.fix_button.setToolTip("Replace the marked words with the suggestion (double-click)")
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self._fix_selected)
        self.findings.selectionModel().selectionChanged.connect(self._selection_changed)
        self.summary = QLabel()
        self.summary.setObjectName("findingSummary")
        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.fix_button)
        findings_layout.addLayout(row)
        findings_layout.addWidget(self.findings, 1)

        self.facts_model: RecordTableModel[FactState] = RecordTableModel(
            [
                Column(
                    "Status",
                    lambda f: palette.FACT_STATUS[f.status].label,
                    badge=lambda f: palette.FACT_STATUS[f.status],
                ),
                Column("Fact", lambda f: f"{{{f.key}}}", tooltip=lambda f: f.statement),
                Column("Value", lambda f: f.value or f.statement, tooltip=lambda f: f.statement),
            ],
            self,
        )
        self.facts = status_table("draftFactTable", self.facts_model)
        facts_box = QWidget()
        facts_layout = QVBoxLayout(facts_box)
        facts_layout.setContentsMargins(4, 4, 4, 4)
        facts_hint = QLabel("Type {key} in the text to insert a fact's confirmed value.")
        facts_hint.setObjectName("paneHint")
        facts_layout.addWidget(self.facts, 1)
        facts_layout.addWidget(facts_hint)
        theme.styled(facts_hint)
        # Advice and facts share the room left on a laptop screen, one tab each.
        self.sections = QTabWidget()
        self.sections.setObjectName("guidanceTabs")
        self.sections.addTab(findings_box, "Advice")
        self.sections.addTab(facts_box, "Fact sheet")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tone)
        layout.addWidget(self.elements_box)
        layout.addWidget(measures)
        layout.addWidget(self.sections, 1)
        self.findings.setMinimumHeight(120)
        theme.styled(self.tone)

    # --- filling in -------------------------------------------------------------------------
    def set_profile(self, profile: Profile | None) -> None:
        for label in self.element_labels.values():
            label.deleteLater()
        self.element_labels = {}
        self.element_names = {}
        if profile is None:
            self.tone.setText("Open a draft, or start one above.")
            self.elements_box.hide()
            return
        self.tone.setText(f"<b>{profile.name}:</b> {profile.tone}")
        for n, element in enumerate(profile.elements):
            label = QLabel()
            label.setWordWrap(True)
            label.setObjectName(f"element_{element.id}")
            label.setToolTip(element.hint)
            self.elements_layout.addWidget(label, n // 2, n % 2)
            self.element_labels[element.id] = label
            self.element_names[element.id] = element.label
        self.elements_box.setVisible(bool(profile.elements))

    def show_elements(self, present: dict[str, bool]) -> None:
        for element_id, label in self.element_labels.items():
            _mark(label, present.get(element_id, False), self.element_names[element_id])

    def show_readability(self, scored: Readability, profile: Profile | None) -> None:
        if not scored.words:
            self.grade.setText("Reading grade: write something first")
            self.grade_bar.setValue(0)
            return
        target = profile.readability.max_grade if profile else 10.0
        good = scored.grade <= target
        _mark(
            self.grade,
            good,
            f"Reading grade {scored.grade:.1f} (aim for {target:g} or below) · "
            f"{scored.average_sentence_words:.0f} words a sentence",
        )
        self.grade_bar.setRange(0, int(target * 20))
        self.grade_bar.setValue(int(max(0.0, min(scored.grade, target * 2)) * 10))
        colour = palette.GREEN if good else palette.VERMILLION
        self.grade_bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")

    def show_measure(self, measured: ChannelMeasure) -> None:
        label = CHANNEL_LABELS.get(measured.channel, measured.channel)
        parts = [f"{measured.words} words", f"{measured.chars} characters"]
        if measured.sms:
            sms = measured.sms
            parts.append(
                f"{sms.segments} SMS part{'s' if sms.segments != 1 else ''} ({sms.encoding}, "
                f"{sms.left_in_segment} left in this part)"
            )
        over = measured.over()
        _mark(
            self.meter, not over, f"{label}: " + " · ".join(parts) + (f" — {over}" if over else "")
        )

    def show_findings(self, findings: Sequence[Finding]) -> None:
        self.findings_model.set_rows(findings)
        self.findings.resizeRowsToContents()
        counts = {s: sum(1 for f in findings if f.severity == s) for s in palette.FINDING}
        errors = counts["error"]
        self.sections.setTabText(
            0,
            f"Advice ({len(findings)})"
            + (f" · ✖ {errors} error{'s' if errors != 1 else ''}" if errors else ""),
        )
        if not findings:
            self.summary.setText("✔  Nothing to fix")
        else:
            self.summary.setText(
                "   ".join(
                    f"{palette.FINDING[s].glyph} {n} {palette.FINDING[s].word.lower()}"
                    f"{'s' if n != 1 else ''}"
                    for s, n in counts.items()
                    if n
                )
            )
        self.fix_button.setEnabled(False)

    def set_facts(self, facts: Sequence[FactState]) -> None:
        self.facts_model.set_rows(facts)
        self.facts.resizeRowsToContents()

    # --- choosing ---------------------------------------------------------------------------
    def _choose(self, row: int) -> None:
        self.finding_chosen.emit(self.findings_model.row(row))

    def _fix(self, row: int) -> None:
        finding = self.findings_model.row(row)
        if finding.replacement is not None:
            self.fix_requested.emit(finding)

    def _selected_row(self) -> int | None:
        rows = self.findings.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selection_changed(self) -> None:
        row = self._selected_row()
        self.fix_button.setEnabled(
            row is not None and self.findings_model.row(row).replacement is not None
        )

    def _fix_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._fix(row)
