"""The drafting pane: write a message for one audience, with a seasoned comms lead's advice
as you type, then review, approve and mark it as sent.

Linting runs 150 ms after the last keystroke. The text is copied to the draft's scratch
record every few seconds while it differs from what is saved, so a crash loses at most
that much typing; the copy comes back, with a notice, the next time the draft is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.store import Store
from crisisdesk.tone import channels, lint, readability, rules
from crisisdesk.tone.facts_check import inconsistencies
from crisisdesk.tone.findings import Finding, without_overlaps
from crisisdesk.tone.profiles import GENERAL, Profile, load_profiles
from crisisdesk.tone.templates import Template, load_templates
from crisisdesk.vocabulary import CHANNEL_LABELS, CHANNELS
from ui import palette, theme, timefmt
from ui.drafting.editor import DraftEditor
from ui.drafting.guidance import GuidancePanel
from ui.errors import reported, write
from ui.host import Host

if TYPE_CHECKING:
    from sqlmodel import Session

    from crisisdesk.drafts import DraftState
    from crisisdesk.facts import FactState
    from crisisdesk.stakeholders import StakeholderState

LINT_DELAY_MS = 150
AUTOSAVE_MS = 3000
AUDIENCE_ORDER = ("customers", "press", "regulators", "employees", "soc", "vendors", "board")


class DraftingPane(QWidget):
    draft_opened = Signal(str)

    def __init__(self, host: Host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftingPane")
        self.host = host
        loaded = load_profiles()
        self.profiles = loaded.by_id
        templates = load_templates()
        self.templates = templates.all
        problems = [*loaded.problems, *templates.problems]
        self.drafts: list[DraftState] = []
        self.facts: list[FactState] = []
        self.groups: list[StakeholderState] = []
        self.current: DraftState | None = None
        self.findings: list[Finding] = []
        self._saved_body = ""
        self._autosaved_body = ""
        self._loading = False

        # --- new draft row: audience, channel, template (combos may shrink on a laptop) ---
        self.audience = QComboBox()
        self.audience.setObjectName("newAudience")
        for profile_id in self._audience_ids():
            profile = self.profiles[profile_id]
            self.audience.addItem(profile.name, profile_id)
        self.channel = QComboBox()
        self.channel.setObjectName("newChannel")
        self.template = QComboBox()
        self.template.setObjectName("newTemplate")
        for combo in (self.audience, self.channel, self.template):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.new_title = QLineEdit()
        self.new_title.setObjectName("newTitle")
        self.new_title.setPlaceholderText("Title, e.g. Customer notice #2")
        self.new_button = QPushButton("Start draft")
        self.new_button.setObjectName("newDraftButton")
        self.new_button.setToolTip("Start a new draft for this audience and channel")
        self.new_button.clicked.connect(self.new_draft)
        self.audience.currentIndexChanged.connect(self._audience_changed)
        self.template.currentIndexChanged.connect(self._template_changed)
        new_row = QHBoxLayout()
        new_row.addWidget(QLabel("New:"))
        new_row.addWidget(self.audience)
        new_row.addWidget(self.channel)
        new_row.addWidget(self.template, 1)
        new_row.addWidget(self.new_title, 1)
        new_row.addWidget(self.new_button)

        # --- open draft row: picker, status, workflow ---
        self.picker = QComboBox()
        self.picker.setObjectName("draftPicker")
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(20)
        self.picker.activated.connect(lambda _i: self._picked())
        self.status = QLabel()
        self.status.setObjectName("draftStatus")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveDraftButton")
        self.save_button.setToolTip("Keep this text as a new version (Ctrl+S)")
        self.review_button = QPushButton("Send for review")
        self.review_button.setObjectName("reviewButton")
        self.approve_button = QPushButton("Approve…")
        self.approve_button.setObjectName("approveButton")
        self.sent_button = QPushButton("Mark as sent…")
        self.sent_button.setObjectName("markSentButton")
        self.sent_button.setToolTip("Record that this approved text went out (Ctrl+Shift+S)")
        for button in (self.save_button, self.review_button, self.approve_button):
            button.setMinimumHeight(34)
        self.sent_button.setMinimumHeight(34)
        open_row = QHBoxLayout()
        open_row.addWidget(QLabel("Draft:"))
        open_row.addWidget(self.picker, 1)
        open_row.addWidget(self.status)
        open_row.addStretch(0)
        for button in (self.save_button, self.review_button, self.approve_button, self.sent_button):
            open_row.addWidget(button)

        self.notice = QLabel()
        self.notice.setObjectName("draftNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.discard_button = QPushButton("Discard the recovered text")
        self.discard_button.setObjectName("discardRecoveredButton")
        self.discard_button.hide()
        self.discard_button.clicked.connect(self.discard_recovered)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.discard_button)
        self.problems = QLabel("\n".join(f"▲ {p}" for p in problems))
        self.problems.setObjectName("paneHint")
        self.problems.setWordWrap(True)
        self.problems.setVisible(bool(problems))

        self.editor = DraftEditor()
        self.editor.textChanged.connect(self._text_changed)
        self.guidance = GuidancePanel()
        self.guidance.finding_chosen.connect(self.editor.select_span)
        self.guidance.fix_requested.connect(self.apply_fix)
        self.autosaved = QLabel()
        self.autosaved.setObjectName("autosaveLabel")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(self.autosaved)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("draftSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.guidance)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(new_row)
        layout.addLayout(open_row)
        layout.addLayout(notice_row)
        layout.addWidget(self.problems)
        layout.addWidget(self.splitter, 1)
        theme.styled(self.notice, self.problems)

        self.lint_timer = QTimer(self)
        self.lint_timer.setSingleShot(True)
        self.lint_timer.setInterval(LINT_DELAY_MS)
        self.lint_timer.timeout.connect(self.run_lint)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self._audience_changed()
        self._show_current()

    # --- choices for a new draft --------------------------------------------------------------
    def _audience_ids(self) -> list[str]:
        known = [a for a in AUDIENCE_ORDER if a in self.profiles]
        return known + sorted(p for p in self.profiles if p not in AUDIENCE_ORDER)

    def _audience_changed(self) -> None:
        audience = str(self.audience.currentData() or "")
        profile = self.profiles.get(audience)
        self.channel.clear()
        preferred = list(profile.channels) if profile else []
        for channel in [*preferred, *(c for c in CHANNELS if c not in preferred)]:
            self.channel.addItem(CHANNEL_LABELS[channel], channel)
        self.template.clear()
        self.template.addItem("Blank page", "")
        for template in self.templates:
            if template.audience == audience:
                self.template.addItem(template.title, template.id)
        if self.template.count() > 1:
            self.template.setCurrentIndex(1)

    def _template_changed(self) -> None:
        template = self._template()
        if template is not None:
            index = self.channel.findData(template.channel)
            if index >= 0:
                self.channel.setCurrentIndex(index)

    def _template(self) -> Template | None:
        chosen = str(self.template.currentData() or "")
        return next((t for t in self.templates if t.id == chosen), None)

    def prepare_template(self, template_id: str) -> None:
        """Set the new-draft row to this template (and its audience), ready to start."""
        template = next((t for t in self.templates if t.id == template_id), None)
        if template is None:
            self.host.show_error(f"There is no template called {template_id!r}.")
            return
        self.audience.setCurrentIndex(max(0, self.audience.findData(template.audience)))
        self.template.setCurrentIndex(max(0, self.template.findData(template.id)))
        self.new_title.setFocus()

    # --- data ---------------------------------------------------------------------------------
    def load(self, session: Session) -> None:
        """Take in the incident's drafts, facts and groups; keep the text being typed."""
        from crisisdesk import drafts, facts, stakeholders

        incident = self.host.incident
        if incident is None:
            return
        self.drafts = drafts.current(session, incident.id)
        self.facts = facts.current(session, incident.id)
        self.groups = stakeholders.current(session, incident.id)
        self.guidance.set_facts(self.facts)
        self._fill_picker()
        if self.current is not None:
            fresh = next((d for d in self.drafts if d.id == self.current.id), None)
            if fresh is None:
                self.current = None
                self._show_current()
            elif fresh.revision_id != self.current.revision_id:
                # Someone (maybe at another desk) saved a newer version.
                typed = self.editor.toPlainText()
                self.current = fresh
                if typed == self._saved_body:
                    self._open(fresh, session)
                else:
                    self._saved_body = fresh.body
                    self._show_status()
        self.run_lint()

    def _fill_picker(self) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        for d in self.drafts:
            badge = palette.DRAFT_STATUS[d.status]
            audience = self.profiles.get(d.audience, GENERAL).name
            self.picker.addItem(
                f"{badge.glyph} {d.title} — {audience}, "
                f"{CHANNEL_LABELS.get(d.channel, d.channel)} ({badge.word.lower()})",
                d.id,
            )
        if self.current is not None:
            self.picker.setCurrentIndex(self.picker.findData(self.current.id))
        else:
            self.picker.setCurrentIndex(-1)
            self.picker.setPlaceholderText("Choose a draft, or start one above")
        self.picker.blockSignals(False)

    def _picked(self) -> None:
        draft_id = str(self.picker.currentData() or "")
        if draft_id:
            self.open_draft(draft_id)

    @reported
    def open_draft(self, draft_id: str) -> None:
        draft = next((d for d in self.drafts if d.id == draft_id), None)
        if draft is None:
            return
        if self.current is not None and self.current.id != draft_id:
            self.autosave()
        with self.host.store.read() as session:
            self._open(draft, session)
        self.draft_opened.emit(draft_id)

    def _open(self, draft: DraftState, session: Session) -> None:
        from crisisdesk import drafts

        self.current = draft
        self._saved_body = draft.body
        recovered = drafts.recovered(session, draft.id)
        body = recovered.body if recovered else draft.body
        self._autosaved_body = body
        self._loading = True
        self.editor.setPlainText(body)
        self._loading = False
        if recovered:
            self.notice.setText(
                f"▲ Recovered text typed at {timefmt.clock(recovered.saved_at)} by "
                f"{recovered.author} that was never saved (the app closed first). "
                "Save it (Ctrl+S) to keep it, or discard it."
            )
        self.notice.setVisible(bool(recovered))
        self.discard_button.setVisible(bool(recovered))
        self._fill_picker()
        self._show_current()
        self.run_lint()

    def _show_current(self) -> None:
        has = self.current is not None
        self.editor.setEnabled(has)
        if not has:
            self.editor.clear()
            self.guidance.set_profile(None)
        else:
            assert self.current is not None
            self.guidance.set_profile(self.profile())
        self._show_status()

    def _show_status(self) -> None:
        draft = self.current
        closed = self.host.incident is None or self.host.incident.is_closed
        if draft is None:
            self.status.setText("")
            for b in (self.save_button, self.review_button, self.approve_button, self.sent_button):
                b.setEnabled(False)
            return
        badge = palette.DRAFT_STATUS[draft.status]
        self.status.setText(badge.label)
        self.status.setStyleSheet(palette.chip_style(badge, size_px=14))
        self.status.setToolTip(
            f"Last saved {timefmt.clock(draft.revised_at)} by {draft.revised_by}"
        )
        dirty = self.is_dirty()
        sent = draft.status == "sent"
        self.editor.setReadOnly(sent or closed)
        self.save_button.setEnabled(dirty and not sent and not closed)
        self.review_button.setEnabled(not closed and (dirty or draft.status == "draft"))
        self.approve_button.setEnabled(not closed and draft.status in ("draft", "review"))
        self.sent_button.setEnabled(not closed and draft.status == "approved" and not dirty)
        self.new_button.setEnabled(not closed)

    def profile(self) -> Profile:
        if self.current is None:
            return GENERAL
        return self.profiles.get(self.current.audience, GENERAL)

    @property
    def store(self) -> Store:
        return self.host.store

    def show_error(self, message: str) -> None:
        self.host.show_error(message)

    def is_dirty(self) -> bool:
        return self.current is not None and self.editor.toPlainText() != self._saved_body

    # --- linting ------------------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self._loading:
            return
        self.lint_timer.start()
        self._show_status()

    def run_lint(self) -> None:
        self.lint_timer.stop()
        if self.current is None:
            self.findings = []
            self.editor.set_findings([])
            self.guidance.show_findings([])
            return
        text = self.editor.toPlainText()
        profile = self.profile()
        channel = self.current.channel
        found = lint(text, profile, channel, self.facts)
        bodies = {
            d.id: d.body for d in self.drafts if d.status != "sent" or d.id == self.current.id
        }
        bodies[self.current.id] = text
        titles = {d.id: d.title for d in self.drafts}
        across = inconsistencies(bodies, self.facts, titles).get(self.current.id, [])
        self.findings = without_overlaps([*found, *across])
        self.editor.set_findings(self.findings)
        self.guidance.show_findings(self.findings)
        self.guidance.show_elements(rules.elements_present(text, profile))
        self.guidance.show_readability(readability.score(text), profile)
        limit = channels.limit_for(channel, profile.channels)
        self.guidance.show_measure(channels.measure(text, channel, limit))

    def open_errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def apply_fix(self, finding: Finding) -> None:
        if self.editor.apply_fix(finding):
            self.run_lint()

    # --- writing ------------------------------------------------------------------------------
    def new_draft(self) -> None:
        from crisisdesk import drafts
        from crisisdesk.tone.facts_check import fill

        incident = self.host.incident
        if incident is None:
            return
        audience = str(self.audience.currentData() or "")
        channel = str(self.channel.currentData() or "email")
        template = self._template()
        title = self.new_title.text().strip() or (
            template.title if template else f"{self.audience.currentText()} message"
        )
        body = fill(template.body, self.facts) if template else ""
        created: list[str] = []

        def work(session: Session) -> None:
            created.append(
                drafts.create(
                    session,
                    self.host.desk.author(),
                    self.host.clock,
                    incident.id,
                    title=title,
                    audience=audience,
                    channel=channel,
                    body=body,
                )
            )

        if write(self.host, "The draft was not started", work):
            self.new_title.clear()
            self.host.on_data_changed()
            self.open_draft(created[0])
            self.editor.setFocus()

    def save(self) -> bool:
        """Keep the text as a new version; True when nothing is left unsaved."""
        from crisisdesk import drafts

        draft, incident = self.current, self.host.incident
        if draft is None or incident is None or not self.is_dirty():
            return True
        text = self.editor.toPlainText()
        if write(
            self.host,
            "The draft was not saved",
            lambda s: drafts.save(s, self.host.desk.author(), self.host.clock, draft.id,
                                  incident.id, text),
        ):  # fmt: skip
            self._saved_body = text
            self._autosaved_body = text
            self.notice.hide()
            self.discard_button.hide()
            self.host.on_data_changed()
            return True
        return False

    def autosave(self) -> None:
        """Copy unsaved typing to the scratch record (at most every few seconds)."""
        from crisisdesk import drafts

        draft, incident = self.current, self.host.incident
        if draft is None or incident is None or self.host.store.closed:
            return
        text = self.editor.toPlainText()
        if text in (self._autosaved_body, self._saved_body) or draft.status == "sent":
            return
        ok = write(
            self.host,
            "Unsaved typing could not be backed up",
            lambda s: drafts.autosave(s, self.host.desk.author(), self.host.clock, draft.id,
                                      incident.id, text),
        )  # fmt: skip
        if ok:
            self._autosaved_body = text
            self.autosaved.setText(
                f"Backed up at {timefmt.clock(self.host.clock.now(), seconds=True)} "
                "(not yet saved as a version)"
            )

    def discard_recovered(self) -> None:
        from crisisdesk import drafts

        draft = self.current
        if draft is None:
            return
        write(self.host, "Not discarded", lambda s: drafts.discard_autosave(s, draft.id))
        self._loading = True
        self.editor.setPlainText(self._saved_body)
        self._loading = False
        self._autosaved_body = self._saved_body
        self.notice.hide()
        self.discard_button.hide()
        self._show_status()
        self.run_lint()
