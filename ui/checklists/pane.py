"""The checklists tab: start a playbook run, see every step by phase, or walk through it
one step at a time (Ctrl+W). Every answer is a step event and a timeline entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk import timewords
from crisisdesk.checklists import FINISHED, RunView
from crisisdesk.playbooks import Playbook, load_playbooks
from ui import palette, theme, timefmt
from ui.checklists.steps_model import StepsModel
from ui.checklists.walkthrough import Walkthrough
from ui.errors import write
from ui.host import Host
from ui.widgets.status_table import status_table

if TYPE_CHECKING:
    from sqlmodel import Session


class ChecklistsPane(QWidget):
    def __init__(
        self,
        host: Host,
        follow: Callable[[str, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checklistsPane")
        self.host = host
        self.follow = follow
        self.playbooks: dict[str, Playbook] = {}
        self.views: list[RunView] = []
        self.view: RunView | None = None

        self.runs = QComboBox()
        self.runs.setObjectName("runPicker")
        self.runs.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.runs.setMinimumContentsLength(24)
        self.runs.currentIndexChanged.connect(self._run_chosen)
        self.playbook = QComboBox()
        self.playbook.setObjectName("playbookPicker")
        self.start_button = QPushButton("Start this playbook")
        self.start_button.setObjectName("startRunButton")
        self.start_button.clicked.connect(self.start_run)
        self.walk_button = QPushButton("Walk through, step by step  (Ctrl+W)")
        self.walk_button.setObjectName("walkButton")
        self.walk_button.setMinimumHeight(34)
        self.walk_button.clicked.connect(self.walk)
        top = QHBoxLayout()
        top.addWidget(QLabel("Run:"))
        top.addWidget(self.runs, 2)
        top.addWidget(self.walk_button)
        top.addSpacing(16)
        top.addWidget(QLabel("New:"))
        top.addWidget(self.playbook, 1)
        top.addWidget(self.start_button)
        self.problems = QLabel()
        self.problems.setObjectName("paneHint")
        self.problems.setWordWrap(True)
        theme.styled(self.problems)
        self.reload_playbooks()

        # The list: one progress bar per phase above every step.
        self.phase_grid = QGridLayout()
        self.phase_rows: list[tuple[QLabel, QProgressBar]] = []
        self.model = StepsModel(host.clock.now, self)
        self.table = status_table("stepTable", self.model)
        self.table.doubleClicked.connect(lambda index: self.walk(index.row()))
        self.empty = QLabel(
            "No checklist is running for this incident: choose a playbook and start it."
        )
        self.empty.setObjectName("paneHint")
        theme.styled(self.empty)
        overview = QWidget()
        over_layout = QVBoxLayout(overview)
        over_layout.setContentsMargins(0, 0, 0, 0)
        over_layout.addLayout(self.phase_grid)
        over_layout.addWidget(self.empty)
        over_layout.addWidget(self.table, 1)

        self.walkthrough = Walkthrough()
        self.walkthrough.answered.connect(self.answer)
        self.walkthrough.skip_requested.connect(self.ask_skip)
        self.walkthrough.follow.connect(self.follow)
        self.walkthrough.leave.connect(self.show_list)
        self.stack = QStackedWidget()
        self.stack.addWidget(overview)
        self.stack.addWidget(self.walkthrough)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.problems)
        layout.addWidget(self.stack, 1)
        self._show()

    def reload_playbooks(self) -> None:
        """Read the playbook files again (after an import); runs keep their own copies."""
        loaded = load_playbooks()
        self.playbooks = dict(sorted(loaded.by_id.items(), key=lambda kv: kv[1].title))
        chosen = self.playbook.currentData()
        self.playbook.clear()
        for playbook in self.playbooks.values():
            self.playbook.addItem(f"{playbook.title} (v{playbook.version})", playbook.id)
        if chosen is not None and self.playbook.findData(chosen) >= 0:
            self.playbook.setCurrentIndex(self.playbook.findData(chosen))
        self.problems.setText("\n".join(f"▲ {p}" for p in loaded.problems))
        self.problems.setVisible(bool(loaded.problems))

    # --- data ---------------------------------------------------------------------------------
    def load(self, session: Session) -> None:
        from crisisdesk import checklists

        incident = self.host.incident
        if incident is None:
            return
        chosen = self.view.id if self.view else None
        self.views = [
            checklists.run_view(session, run.id, incident, self.playbooks)
            for run in checklists.runs(session, incident.id)
        ]
        self.runs.blockSignals(True)
        self.runs.clear()
        for view in self.views:
            self.runs.addItem(
                f"{view.title} v{view.playbook_version} — {view.finished} of {view.total} "
                f"done, started {timewords.weekday_hm(timefmt.local(view.started_at))}",
                view.id,
            )
        index = self.runs.findData(chosen) if chosen else len(self.views) - 1
        self.runs.setCurrentIndex(index)
        self.runs.blockSignals(False)
        self.view = self.views[index] if 0 <= index < len(self.views) else None
        self._show()

    def _run_chosen(self, index: int) -> None:
        self.view = self.views[index] if 0 <= index < len(self.views) else None
        self._show()

    def _show(self) -> None:
        closed = self.host.incident is None or self.host.incident.is_closed
        self.start_button.setEnabled(not closed and bool(self.playbooks))
        self.walk_button.setEnabled(self.view is not None)
        self.empty.setVisible(self.view is None)
        self.table.setVisible(self.view is not None)
        self.model.set_run(self.view)
        self.table.resizeRowsToContents()
        self._show_phases()
        if self.view is not None and self.stack.currentWidget() is self.walkthrough:
            self.walkthrough.show_run(self.view, self.walkthrough.index, self.host.clock.now())

    def _show_phases(self) -> None:
        for label, bar in self.phase_rows:
            label.deleteLater()
            bar.deleteLater()
        self.phase_rows = []
        if self.view is None:
            return
        for row, progress in enumerate(self.view.phases()):
            label = QLabel(f"{progress.phase.title}: {progress.finished} of {progress.total}")
            label.setObjectName(f"phase_{progress.phase.id}")
            bar = QProgressBar()
            bar.setRange(0, max(progress.total, 1))
            bar.setValue(progress.finished if progress.total else 1)
            bar.setTextVisible(False)
            bar.setMaximumHeight(12)
            bar.setStyleSheet(f"QProgressBar::chunk {{ background: {palette.GREEN}; }}")
            self.phase_grid.addWidget(label, row, 0)
            self.phase_grid.addWidget(bar, row, 1)
            self.phase_rows.append((label, bar))

    def tick(self) -> None:
        self.model.tick()

    # --- moving between the list and one step -------------------------------------------------
    def walk(self, index: int | None = None) -> None:
        """Show one step at a time: the given one, else the first that is still open."""
        if self.view is None:
            self.host.show_error("Start a checklist first: choose a playbook, then Start.")
            return
        if index is None:
            index = self.view.next_open() or 0
        self.stack.setCurrentWidget(self.walkthrough)
        self.walkthrough.show_run(self.view, index, self.host.clock.now())
        self.walkthrough.show_summary("")
        self.walkthrough.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    # --- recording ----------------------------------------------------------------------------
    def start_run(self) -> None:
        from crisisdesk import checklists

        incident = self.host.incident
        playbook = self.playbooks.get(str(self.playbook.currentData() or ""))
        if incident is None or playbook is None:
            return
        if write(
            self.host,
            "The checklist was not started",
            lambda s: checklists.start_run(s, self.host.desk.author(), self.host.clock,
                                           incident.id, playbook),
        ):  # fmt: skip
            self.view = None
            self.host.on_data_changed()
            self.runs.setCurrentIndex(self.runs.count() - 1)

    def ask_skip(self, step_id: str) -> None:
        reason, ok = QInputDialog.getText(
            self, "Skip this step", "Why is it skipped? (The review will ask.)",
            QLineEdit.EchoMode.Normal,
        )  # fmt: skip
        if ok and reason.strip():
            self.answer(step_id, "skipped", reason)
        elif ok:
            self.host.show_error("Not skipped: say why the step is skipped.")

    def answer(self, step_id: str, state: str, note: str = "") -> None:
        from crisisdesk import checklists

        view = self.view
        if view is None:
            return
        phase = next(s.phase for s in view.steps if s.step.id == step_id)
        ok = write(
            self.host,
            "Not recorded",
            lambda s: checklists.record_step(s, self.host.desk.author(), self.host.clock,
                                             view.id, step_id, state, note=note),
        )  # fmt: skip
        if not ok:
            return
        self.host.on_data_changed()  # reloads self.view through load()
        if self.view is None or self.stack.currentWidget() is not self.walkthrough:
            return
        finished_phase = next(p for p in self.view.phases() if p.phase.id == phase.id)
        if state in FINISHED and finished_phase.finished == finished_phase.total:
            self.walkthrough.show_summary(self._summary(phase.id))
        if state in FINISHED:
            following = self.view.next_open(self.walkthrough.index)
            if following is not None:
                self.walkthrough.show_run(self.view, following, self.host.clock.now())

    def _summary(self, phase_id: str) -> str:
        assert self.view is not None
        steps = [s for s in self.view.steps if s.phase.id == phase_id and s.applies]
        title = steps[0].phase.title if steps else phase_id
        counts = {state: sum(1 for s in steps if s.state == state) for state in FINISHED}
        lines = [
            f"✔ Phase finished: {title}",
            f"{counts['done']} done · {counts['skipped']} skipped · "
            f"{counts['not_applicable']} not applicable",
        ]
        lines += [f"↷ Skipped “{s.step.title}”: {s.note}" for s in steps if s.state == "skipped"]
        if self.view.next_open() is None:
            lines.append("Every step of this checklist is finished.")
        else:
            lines.append("Press Enter to carry on.")
        return "\n".join(lines)
