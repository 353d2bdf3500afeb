"""The main window: incident header, timeline, and the panes around it.

The core's record modules are imported where they are first used, not at the top:
building the tables' classes is one of the larger costs of start-up, and the window
paints before it reads any data.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

# Qt's namespace is reached through its module, after the first paint: see ui.widgets.header.
from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk import __version__
from crisisdesk.cadence import Freshness
from crisisdesk.clock import Clock
from crisisdesk.identity import DeskConfig, set_person
from crisisdesk.store import Store, StoreError
from ui import options, palette, theme, timefmt
from ui.errors import reported, write
from ui.watcher import DataWatcher
from ui.widgets.dialogs import NewIncidentDialog, PersonDialog
from ui.widgets.header import IncidentHeader
from ui.widgets.lazy_tab import LazyTab
from ui.widgets.start_screen import StartScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from crisisdesk.deadlines import ClockState, Regime
    from crisisdesk.incidents import IncidentState
    from crisisdesk.quicklog import QuickEntry
    from crisisdesk.stakeholders import UpdateInfo
    from ui.checklists.pane import ChecklistsPane
    from ui.checklists.view import ChecklistPane
    from ui.drafting.draft_actions import DraftActions
    from ui.drafting.fact_actions import FactActions
    from ui.drafting.facts_pane import FactSheetPane
    from ui.drafting.pane import DraftingPane
    from ui.drafting.view import DraftsPane
    from ui.report_export import ExportJob
    from ui.stakeholders.actions import StakeholderActions
    from ui.stakeholders.clocks import ClocksPane
    from ui.stakeholders.freshness_strip import FreshnessStrip
    from ui.stakeholders.matrix import MatrixModel
    from ui.stakeholders.pane import MatrixPane
    from ui.stakeholders.ticker import StatusTicker
    from ui.stakeholders.view import StakeholderPane
    from ui.timeline.actions import TimelineActions
    from ui.timeline.chart import ChartData
    from ui.timeline.chart_feed import ChartFeed
    from ui.timeline.model import TimelineModel
    from ui.timeline.view import TimelinePane

CHART_DELAY_MS = 150
TALL_SCREEN = 900  # pixels of screen height from which the chart is shown by default
ANNOUNCE_MS = 30_000
STRIP_REFRESH = timedelta(minutes=1)  # how often the strip's ongoing silences grow


# The side panes behind the first tab are built when first opened (see LazyTab).
def _holder() -> QWidget:
    """An empty place for a pane that is built a moment later."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    return holder


def _fill(holder: QWidget, pane: QWidget) -> None:
    layout = holder.layout()
    assert layout is not None  # made by _holder
    layout.addWidget(pane)


def _fact_sheet() -> FactSheetPane:
    from ui.drafting.facts_pane import FactSheetPane

    return FactSheetPane()


def _drafts() -> DraftsPane:
    from ui.drafting.view import DraftsPane

    return DraftsPane()


def _checklists() -> ChecklistPane:
    from ui.checklists.view import ChecklistPane

    return ChecklistPane()


def _settle_heap() -> None:
    """Leave everything loaded so far out of Python's full garbage collections.

    A full collection walks every tracked object: with Qt, pyqtgraph and the database
    libraries loaded, one took 60 ms, a stall in the middle of a zoom or a keystroke.
    What start-up made lives as long as the window. Frozen objects are still freed when
    their last reference goes, but never as part of a reference cycle: the few cycles that
    start-up leaves behind stay, which is why this runs twice at most.
    """
    gc.freeze()


TABS = ("Stakeholders", "Fact sheet", "Drafts", "Checklist progress")
ENCRYPTED = palette.Badge(palette.GREEN, "✔", "Encrypted")
NOT_ENCRYPTED = palette.Badge(palette.VERMILLION, "⚠", "NOT ENCRYPTED")


class MainWindow(QMainWindow):
    first_painted = Signal()
    loaded = Signal()  # the incident's data is on screen

    def __init__(
        self,
        store: Store,
        desk: DeskConfig,
        clock: Clock,
        settings: QSettings,
        *,
        demo: bool = False,
        config_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.desk = desk
        self.clock = clock
        self.settings = settings
        self.demo = demo
        self.config_dir = config_dir
        self.incident: IncidentState | None = None
        self._painted = False
        self._demo_dirs: list[Path] = []
        self.setWindowTitle("crisisdesk")
        self.setMinimumSize(1000, 640)

        self.header = IncidentHeader()
        self.header.incident_chosen.connect(self.show_incident)
        self.banner = QLabel()
        self.banner.setObjectName("errorBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        # The timeline and the stakeholder list are built right after the first paint (or
        # as soon as anything asks for them): the window answers at once, and their Python
        # classes and widgets are the largest part of start-up.
        self._panes_built = False
        self._chart_settled = False
        self.timeline_holder = _holder()
        self.stakeholder_holder = _holder()
        self.loaded.connect(self._show_chart_after_first_load)
        self.fact_actions: FactActions | None = None  # made with the pane
        self.fact_tab: LazyTab[FactSheetPane] = LazyTab(self._new_fact_pane)
        self.drafts_tab: LazyTab[DraftsPane] = LazyTab(self._new_drafts_list)
        self.checklist_tab: LazyTab[ChecklistPane] = LazyTab(self._new_checklist_list)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sideTabs")
        panes: list[QWidget] = [
            self.stakeholder_holder,
            self.fact_tab,
            self.drafts_tab,
            self.checklist_tab,
        ]
        for pane, name in zip(
            panes,
            TABS,
            strict=True,
        ):
            self.tabs.addTab(pane, name)

        self._stale_tabs: set[int] = set()
        self.tabs.currentChanged.connect(self._tab_opened)

        self.splitter = QSplitter()  # side by side
        self.splitter.setObjectName("mainSplitter")
        # The matrix view and its clocks are built when first shown (its model, built with
        # the panes, ticks from the start: it drives the status-bar announcements).
        self.matrix_tab: LazyTab[MatrixPane] = LazyTab(self._new_matrix_pane)
        self._stakeholder_actions: StakeholderActions | None = None
        self.clock_due_soon = options.CLOCK_DUE_SOON.default / 100
        self.holidays: frozenset[date] = frozenset()
        self.clocks_pane: ClocksPane | None = None  # built with the first incident shown
        self._regimes: list[Regime] | None = None
        self._notices: dict[str, tuple[str, datetime]] = {}
        self._moments: dict[str, datetime] = {}
        self._met_by: dict[str, str] = {}
        self.freshness_strip: FreshnessStrip | None = None  # built when first asked for
        self._strip_updates: dict[str, list[UpdateInfo]] = {}
        self._strip_drawn_at: datetime | None = None
        self.main_tabs = QTabWidget()
        self.main_tabs.setObjectName("mainTabs")
        self.main_tabs.addTab(self.timeline_holder, "Timeline")
        self.main_tabs.addTab(self.matrix_tab, "Stakeholder matrix")
        # The drafting pane (and the tone profiles it reads) is built when first opened.
        self.draft_actions: DraftActions | None = None
        self.drafting_tab: LazyTab[DraftingPane] = LazyTab(self._new_drafting_pane)
        self.recovered_draft: str | None = None  # unsaved typing found at start
        self._export_job: ExportJob | None = None
        self.main_tabs.addTab(self.drafting_tab, "Drafting")
        self.checklists_tab: LazyTab[ChecklistsPane] = LazyTab(self._new_checklists_pane)
        self.main_tabs.addTab(self.checklists_tab, "Checklists")
        self.main_tabs.currentChanged.connect(self._main_tab_changed)
        self.splitter.addWidget(self.main_tabs)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        dashboard = QWidget()
        dash_layout = QVBoxLayout(dashboard)
        dash_layout.setContentsMargins(0, 0, 0, 0)
        dash_layout.addWidget(self.header)
        dash_layout.addWidget(self.splitter, 1)

        # Built only for an empty database, which most starts are not.
        self.start_holder: LazyTab[StartScreen] = LazyTab(self._new_start_screen)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_holder)
        self.stack.addWidget(dashboard)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_menus()
        theme.tabs(self.tabs)
        theme.styled(self.header, self.banner, self.statusBar())
        self.watcher = DataWatcher(store, self)
        self.watcher.changed.connect(self.on_data_changed)
        self.watcher.failed.connect(self.show_error)
        self.watcher.recovered.connect(self.clear_error)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self._restore_layout()
        self.apply_settings()
        self.is_loaded = False
        self.header.title.setText("Opening the incident record…")
        self.stack.setCurrentIndex(1)
        # The window paints first and fills right after, so a stressed person sees it
        # answer at once rather than after every query and layout has run. The timer
        # covers a window that is never painted (minimised, or not shown in a test).
        self.first_painted.connect(self._load_once)
        QTimer.singleShot(250, self._load_once)

    # --- building -------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.person_button = QPushButton()
        self.person_button.setObjectName("personButton")
        self.person_button.setFlat(True)
        self.person_button.setToolTip("Change who is at this desk (Ctrl+Shift+P)")
        self.person_button.clicked.connect(self.change_person)
        self.db_label = QLabel()
        self.db_label.setObjectName("dbLabel")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockLabel")
        self.crypt_label = QLabel()
        self.crypt_label.setObjectName("encryptionBadge")
        bar.addWidget(self.person_button)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.crypt_label)
        bar.addPermanentWidget(self.clock_label)
        self._show_person()
        self._show_db()

    def _action(
        self, menu_title: str, text: str, slot: Callable[[], object], shortcut: str = ""
    ) -> QAction:
        menu = self._menus.get(menu_title)
        if menu is None:
            menu = self.menuBar().addMenu(menu_title)
            self._menus[menu_title] = menu
        action = QAction(text, self)
        if shortcut:
            # setShortcuts, for the whole window by default: choosing among setShortcut's
            # overloads builds Qt's namespace (about 30 ms) before the first paint.
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # Menu slots on the timeline, whose pane exists only from just after the first paint.
    def _entry_action(self, name: str, *args: object) -> Callable[[], object]:
        return lambda: getattr(self.entry_actions, name)(*args)

    def _pane_action(self, name: str, *args: object) -> Callable[[], object]:
        return lambda: getattr(self.timeline_pane, name)(*args)

    def _toggle_utc(self) -> None:
        self.timeline_pane.utc.toggle()

    def _build_menus(self) -> None:
        self._menus: dict[str, QMenu] = {}
        a = self._action
        a("&File", "&New incident…", self.new_incident, "Ctrl+N")
        a("&File", "Open the &demo incident", self.open_demo)
        a("&File", "&Export the timeline as CSV…", self._entry_action("export_csv"),
          "Ctrl+Shift+E")  # fmt: skip
        a("&File", "Export a &PDF report…", self.export_pdf, "Ctrl+P")
        a("&File", "&Import a playbook…", self.import_playbook)
        a("&File", "&Quit", self.close, "Ctrl+Q")
        self.switch_action = a("&Incident", "&Switch incident…", self.focus_switcher, "Ctrl+K")
        self.resolve_action = a("&Incident", "Mark &resolved…", lambda: self.set_status("resolved"))
        self.close_action = a("&Incident", "&Close incident…", lambda: self.set_status("closed"))
        self.reopen_action = a("&Incident", "Re&open incident…", lambda: self.set_status("active"))
        a("&Timeline", "&Quick log", self.focus_quick_log, "Ctrl+L")
        a("&Timeline", "Show &UTC times", self._toggle_utc, "Ctrl+T")
        a(
            "&Timeline",
            "Jump to the &newest entry",
            self._pane_action("scroll_to_latest"),
            "Ctrl+Home",
        )
        a("&Timeline", "&Search the timeline", self._pane_action("focus_search"), "Ctrl+F")
        a("&Timeline", "&New entry with its own time…", self._entry_action("new_entry"),
          "Ctrl+Shift+L")  # fmt: skip
        a("&Timeline", "&Correct the selected entry…", self._entry_action("correct"), "F2")
        a("&Timeline", "&Retract the selected entry…", self._entry_action("retract"),
          "Ctrl+Shift+R")  # fmt: skip
        a("&Timeline", "&History of the selected entry", self._entry_action("history"),
          "Ctrl+H")  # fmt: skip
        a(
            "&Timeline",
            "Mark selected as &awareness moment",
            self._entry_action("mark_key_moment", "awareness"),
        )
        for i, name in enumerate(TABS):
            a("&View", name, partial(self.tabs.setCurrentIndex, i), f"Ctrl+{i + 1}")
        self.chart_action = a("&View", "Show the timeline &chart", self.toggle_chart, "Ctrl+G")
        self.chart_action.setCheckable(True)
        # Until the person chooses, the chart shows only where it leaves the table room:
        # on a laptop's 768 lines it would squeeze the entries to a handful of rows.
        tall = self.screen().availableGeometry().height() >= TALL_SCREEN
        chart_on = (
            options.SHOW_CHART.read(self.settings)
            if self.settings.contains(options.SHOW_CHART.key)
            else tall
        )
        self.chart_action.setChecked(chart_on)
        a("&View", "&Refresh", self.reload, "F5")
        from ui.wall.launcher import WallLauncher

        self.wall_mode = WallLauncher(self)  # the crisis room's big screen
        self.wall_mode.add_actions(partial(a, "&View"))
        a("&Stakeholders", "&Log an update that was sent…", self.log_update, "Ctrl+U")
        a("&Stakeholders", "Show the stakeholder &matrix", self.show_matrix, "Ctrl+M")
        a("&Stakeholders", "&Change the selected group…", self.edit_group)
        a("&Stakeholders", "&Add a group…", self.add_group)
        a("&Facts", "&Add a fact…", self.add_fact, "Ctrl+Shift+F")
        a("&Checklists", "&Walk through the checklist", self.walk_checklist, "Ctrl+W")
        a("&Checklists", "Show every &step", self.show_checklists, "Ctrl+Shift+K")
        a("&Checklists", "&Import a playbook…", self.import_playbook)
        a("&Drafts", "Open the &drafting pane", self.show_drafting, "Ctrl+D")
        a("&Drafts", "&Save the draft", lambda: self._draft_do("save"), "Ctrl+S")
        a("&Drafts", "Send for &review", lambda: self._draft_do("send_for_review"))
        a("&Drafts", "&Approve…", lambda: self._draft_do("approve"), "Ctrl+Shift+A")
        a("&Drafts", "Mark as &sent…", lambda: self._draft_do("mark_sent"), "Ctrl+Shift+S")
        a("&Drafts", "&Copy the text", lambda: self._draft_do("copy_text"), "Ctrl+Shift+C")
        a("&Drafts", "Save as a &file (.txt, .eml)…", lambda: self._draft_do("save_as"))
        a("&Drafts", "Every audience side &by side", lambda: self._draft_do("side_by_side"),
          "Ctrl+Shift+B")  # fmt: skip
        a("&Desk", "&Who is at this desk…", self.change_person, "Ctrl+Shift+P")
        a("&Desk", "&Settings…", self.edit_settings, "Ctrl+,")
        a("&Desk", "Show the database's &recovery key…", self.show_recovery_key)
        a("&Help", "&Keyboard shortcuts", self.show_shortcuts, "F1")
        a("&Help", "&About crisisdesk", self.show_about)

    # --- data -----------------------------------------------------------------------------
    @reported
    def reload(self) -> None:
        """Read everything again and show the current (or most recent) incident."""
        from crisisdesk import incidents

        with self.store.read() as session:
            listed = incidents.list_incidents(session)
        if not listed:
            self.incident = None
            self.timeline_model.clear()
            self.stack.setCurrentWidget(self.start_holder)
            self.start_screen.start.setFocus()  # Enter starts an incident
            self._update_actions()
            self._mark_loaded()
            return
        ids = [i.id for i in listed]
        wanted = self.incident.id if self.incident and self.incident.id in ids else ids[0]
        self.show_incident(wanted, listed)
        self._mark_loaded()

    def _load_once(self) -> None:
        if not self.is_loaded:
            QTimer.singleShot(0, self._build_and_load)

    def _build_and_load(self) -> None:
        self.build_panes()
        self.reload()

    # --- the panes, built after the first paint -------------------------------------------
    def build_panes(self) -> None:
        """Make the timeline, the stakeholder list and the models behind them (once)."""
        if self._panes_built:
            return
        self._panes_built = True
        from ui.stakeholders.matrix import MatrixModel
        from ui.stakeholders.ticker import StatusTicker
        from ui.stakeholders.view import StakeholderPane
        from ui.timeline.actions import TimelineActions
        from ui.timeline.chart_feed import ChartFeed
        from ui.timeline.model import TimelineModel
        from ui.timeline.view import TimelinePane

        clock = self.clock
        self._timeline_model = TimelineModel(self)
        self._timeline_model.attach(self.store.read)
        self._timeline_model.failed.connect(self.show_error)
        self._timeline_pane = TimelinePane(self._timeline_model, clock)
        self._timeline_pane.quick_log.submitted.connect(self.quick_log)
        self._entry_actions = TimelineActions(self, self._timeline_pane, self)
        self._chart_feed = ChartFeed(self)
        self._chart_feed.ready.connect(self._chart_ready)
        self._chart_feed.failed.connect(self.show_error)
        self._stakeholder_pane = StakeholderPane(clock)
        self._matrix_model = MatrixModel(clock.now, self)
        self._status_ticker = StatusTicker(self._matrix_model, [self._stakeholder_pane.model])
        _fill(self.timeline_holder, self._timeline_pane)
        _fill(self.stakeholder_holder, self._stakeholder_pane)
        self._restore_splitter()  # the panes' own sizes would otherwise move the divider
        self._apply_thresholds()
        if self.incident is not None:
            self.timeline_pane.quick_log.set_open(not self.incident.is_closed)

    @property
    def timeline_model(self) -> TimelineModel:
        self.build_panes()
        return self._timeline_model

    @property
    def timeline_pane(self) -> TimelinePane:
        self.build_panes()
        return self._timeline_pane

    @property
    def entry_actions(self) -> TimelineActions:
        self.build_panes()
        return self._entry_actions

    @property
    def chart_feed(self) -> ChartFeed:
        self.build_panes()
        return self._chart_feed

    @property
    def stakeholder_pane(self) -> StakeholderPane:
        self.build_panes()
        return self._stakeholder_pane

    @property
    def matrix_model(self) -> MatrixModel:
        self.build_panes()
        return self._matrix_model

    @property
    def status_ticker(self) -> StatusTicker:
        self.build_panes()
        return self._status_ticker

    def _mark_loaded(self) -> None:
        if not self.is_loaded:
            self.is_loaded = True
            _settle_heap()
            self.loaded.emit()

    @reported
    def show_incident(self, incident_id: str, listed: list[IncidentState] | None = None) -> None:
        from crisisdesk import incidents

        with self.store.read() as session:
            self.incident = incidents.current(session, incident_id)
            self._load_panes(session)
            listed = listed if listed is not None else incidents.list_incidents(session)
        self.timeline_model.load(incident_id)
        self.header.show_incident(self.incident, self.clock.now())
        self.header.set_incidents(listed, incident_id)
        self.timeline_pane.quick_log.set_open(not self.incident.is_closed)
        self.stack.setCurrentIndex(1)
        self.timeline_pane.scroll_to_latest()
        self._feed_chart()
        self.setWindowTitle(f"{self.incident.title} — crisisdesk")
        self._update_actions()
        self._tell_recovered()

    def _tell_recovered(self) -> None:
        """After a crash, say where unsaved typing was found, without getting in the way.

        Asked when an incident is shown (at start); later, only to see whether what was
        found has been saved or discarded. This window's own backups are not "recovered".
        """
        from crisisdesk import drafts

        assert self.incident is not None
        with self.store.read() as session:
            found = drafts.recoverable(session, self.incident.id)
        index = self.main_tabs.indexOf(self.drafting_tab)
        self.main_tabs.setTabText(index, "Drafting ▲ recovered text" if found else "Drafting")
        newest = found[0][0].id if found else None
        if newest is not None and newest != self.recovered_draft:
            draft, scratch = found[0]
            self.statusBar().showMessage(
                f"▲ Unsaved text in “{draft.title}” (typed {timefmt.clock(scratch.saved_at)}) "
                "was recovered: open Drafting (Ctrl+D) to keep or discard it",
                60_000,
            )
        self.recovered_draft = newest

    def _load_panes(self, session: Session) -> None:
        """Fill the matrix and the visible side pane now; the others when opened."""
        from crisisdesk import stakeholders
        from crisisdesk import timeline_pages as pages

        assert self.incident is not None
        groups = stakeholders.current(session, self.incident.id)
        self.matrix_model.set_groups(groups, self.incident.started_at)
        self.stakeholder_pane.set_groups(groups, self.incident.started_at)
        self.status_ticker.reset(self.clock.now())
        self._notices = stakeholders.regulatory_notices(session, self.incident.id)
        self._moments = pages.key_moments(session, self.incident.id)
        self._met_by = stakeholders.describe_updates(
            session, (uid for uid, _ in self._notices.values())
        )
        self._refresh_clocks(self.clock.now())
        if self.freshness_strip is not None:
            self._strip_updates = stakeholders.updates_by_group(session, self.incident.id)
            self._strip_drawn_at = None
            self._draw_strip(self.clock.now())
        self._stale_tabs = set(range(1, self.tabs.count()))
        self._load_tab(session, self.tabs.currentIndex())
        if (drafting := self.drafting_tab.built) is not None:
            drafting.load(session)
        if (checklist := self.checklists_tab.built) is not None:
            checklist.load(session)

    def _load_tab(self, session: Session, tab: int) -> None:
        # Each tab's module is imported when that tab is filled: checklists bring the
        # playbook and tone schemas, a tenth of a second the first screen need not wait.
        if self.incident is None or tab not in self._stale_tabs:
            return
        self._stale_tabs.discard(tab)
        iid = self.incident.id
        if tab == 1:
            from crisisdesk import facts

            self.fact_tab.pane.set_facts(facts.current(session, iid))
        elif tab == 2:
            from crisisdesk import drafts

            self.drafts_tab.pane.set_drafts(drafts.current(session, iid))
        elif tab == 3:
            from crisisdesk import checklists

            self.checklist_tab.pane.set_runs(checklists.progress(session, iid))

    @reported
    def _tab_opened(self, tab: int) -> None:
        with self.store.read() as session:
            self._load_tab(session, tab)

    @reported
    def on_data_changed(self) -> None:
        """Another process (or this one) committed: take in what is new."""
        from crisisdesk import incidents

        if self.incident is None:
            self.reload()
            return
        new_rows = self.timeline_model.refresh()
        with self.store.read() as session:
            self.incident = incidents.current(session, self.incident.id)
            self._load_panes(session)
            listed = incidents.list_incidents(session)
        self.header.show_incident(self.incident, self.clock.now())
        self.header.set_incidents(listed, self.incident.id)
        self.timeline_pane.quick_log.set_open(not self.incident.is_closed)
        self.timeline_pane.entries_arrived(new_rows)
        if self.recovered_draft is not None:  # saved or discarded since?
            self._tell_recovered()
        if self.timeline_model.wrote:  # the chart shows entries the table may not
            self.chart_feed.changed()
        self._update_actions()

    # --- chart strip ----------------------------------------------------------------------
    def _show_chart_after_first_load(self) -> None:
        # A beat after the incident is on screen: loading pyqtgraph takes a moment, and the
        # table and quick-log line should answer first.
        if self.chart_action.isChecked():
            QTimer.singleShot(CHART_DELAY_MS, self.toggle_chart)

    @reported
    def toggle_chart(self) -> None:
        on = self.chart_action.isChecked()
        options.SHOW_CHART.write(self.settings, on)
        if on and self.timeline_pane.chart is None:
            self.timeline_pane.add_chart()
            self._feed_chart()
        if self.timeline_pane.chart is not None:
            self.timeline_pane.chart.setVisible(on)

    @reported
    def _feed_chart(self) -> None:
        from crisisdesk import stakeholders

        if self.timeline_pane.chart is None or self.incident is None:
            return
        with self.store.read() as session:
            groups = [g.name for g in stakeholders.current(session, self.incident.id)]
        self.chart_feed.follow(self.store.read, self.incident.id, groups)

    def _chart_ready(self, data: ChartData) -> None:
        if self.timeline_pane.chart is not None:
            self.timeline_pane.chart.set_data(data)
            if not self._chart_settled:
                self._chart_settled = True
                _settle_heap()  # pyqtgraph and numpy came in with the chart

    def tick(self) -> None:
        now = self.clock.now()
        self.header.tick(now)
        self.clock_label.setText(f"{timefmt.clock(now, seconds=True)} local · {now:%H:%M} UTC")
        self._draw_strip(now)
        if (checklist := self.checklists_tab.built) is not None and checklist.isVisible():
            checklist.tick()
        changed = self.status_ticker.tick(
            now, self.clocks_pane, self.clock_states,
            self.incident.aware_at if self.incident else None,
        )  # fmt: skip
        self._announce(now, changed)

    def _announce(self, now: datetime, changed: list[tuple[str, Freshness, Freshness]]) -> None:
        """Say once, in the status bar, when a group slips towards or into overdue."""
        worse = [
            (group_id, status)
            for group_id, _was, status in changed
            if status in (Freshness.DUE_SOON, Freshness.OVERDUE, Freshness.NEVER)
        ]
        if worse:
            names = {g.id: g.name for g in self.matrix_model.groups()}
            said = "; ".join(
                f"{names[g]} is now {palette.FRESHNESS[s].label.lower()}" for g, s in worse
            )
            self.statusBar().showMessage(f"{timefmt.clock(now)}  {said}", ANNOUNCE_MS)

    # --- regulatory clocks ----------------------------------------------------------------
    def _clocks(self) -> ClocksPane:
        if self.clocks_pane is None:
            from ui.stakeholders.clocks import ClocksPane

            self.clocks_pane = ClocksPane(self.clock)
            self.clocks_pane.choose.connect(self.choose_regimes)
            self.matrix_pane.clocks_area.addWidget(self.clocks_pane)
            if self.incident is not None:
                self.clocks_pane.show_clocks(
                    self.clock_states(self.clock.now()), self.incident.aware_at, self._met_by
                )
        return self.clocks_pane

    def regimes(self) -> list[Regime]:
        """The regimes file, read once; a bad file is reported and no clocks are shown."""
        if self._regimes is None:
            from crisisdesk.deadlines import RegulationsError, load_regimes

            try:
                self._regimes = load_regimes()
            except (RegulationsError, OSError) as err:
                self._regimes = []
                self.show_error(f"The regulatory clocks are off: {err}")
        return self._regimes

    def clock_states(self, now: datetime) -> list[ClockState]:
        from crisisdesk.deadlines import clocks

        if self.incident is None:
            return []
        return clocks(
            self.regimes(), applicable=self.incident.regimes, aware_at=self.incident.aware_at,
            # Discovery defaults to awareness until the timeline marks it on its own.
            materiality_at=self._moments.get("materiality"),
            discovered_at=self._moments.get("discovery", self.incident.aware_at),
            notices=self._notices, now=now, holidays=self.holidays,
            tz=self.timeline_pane.quick_log.zone,  # business days follow the local calendar
            due_soon_fraction=self.clock_due_soon,
        )  # fmt: skip

    def open_notices(self) -> list[tuple[str, str]]:
        """Notices a legal clock is still waiting for, as (key, label) for the update form."""
        from crisisdesk.deadlines import ClockStatus

        waiting = (ClockStatus.RUNNING, ClockStatus.DUE_SOON, ClockStatus.MISSED,
                   ClockStatus.NO_FIXED_DEADLINE)  # fmt: skip
        return [
            (c.key, f"{c.regime_name}: {c.stage_name}")
            for c in self.clock_states(self.clock.now())
            if c.status in waiting and c.met_by is None
        ]

    def _refresh_clocks(self, now: datetime) -> None:
        if self.incident is not None and self.clocks_pane is not None:
            self.clocks_pane.show_clocks(
                self.clock_states(now), self.incident.aware_at, self._met_by
            )

    @reported
    def choose_regimes(self) -> None:
        from crisisdesk import incidents
        from ui.stakeholders.clocks import RegimesDialog

        if self.incident is None:
            return
        dialog = RegimesDialog(self.regimes(), self.incident.regimes, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        with self.store.write() as session:
            incidents.revise(
                session,
                self.desk.author(),
                self.clock,
                self.incident.id,
                regimes=dialog.ticked(),
                reason="Regimes that apply chosen",
            )
        self.on_data_changed()

    def apply_settings(self) -> None:
        if self._panes_built:
            self._apply_thresholds()
        self.clock_due_soon = options.CLOCK_DUE_SOON.read(self.settings) / 100
        self.holidays = options.HOLIDAYS.read(self.settings)
        self._refresh_clocks(self.clock.now())  # deadlines move with the holidays

    def _apply_thresholds(self) -> None:
        due_soon = options.DUE_SOON.read(self.settings) / 100
        self._matrix_model.due_soon_fraction = due_soon
        self._stakeholder_pane.due_soon_fraction = due_soon

    def edit_settings(self) -> None:
        from ui.widgets.settings_dialog import SettingsDialog

        if SettingsDialog(self.settings, self).exec() == QDialog.DialogCode.Accepted:
            self.apply_settings()
            self.tick()

    # --- PDF report -----------------------------------------------------------------------
    def export_pdf(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QFileDialog, QProgressDialog

        from ui.report_export import ExportDialog, ExportJob

        incident = self.incident
        if incident is None:
            self.show_error("Open an incident first: there is nothing to export yet.")
            return
        if self._export_job is not None:
            self.show_error("A PDF is already being written: wait for it, or cancel it.")
            return
        now = self.clock.now()
        dialog = ExportDialog(
            self.settings, incident.started_at, now, self.timeline_pane.quick_log.zone, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.report_options()
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in incident.title)
        name = f"{safe.strip()[:60] or 'incident'} report {timefmt.local(now):%Y-%m-%d %H%M}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the PDF report", str(Path.home() / name), "PDF (*.pdf)"
        )
        if not path:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        progress = QProgressDialog("Writing the PDF report…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Export a PDF report")
        progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        job = ExportJob(self.store.read, incident.id, self.desk.author(), now, chosen, target, self)
        self._export_job = job
        open_after = dialog.open_after.isChecked()

        def done() -> None:
            progress.reset()
            self._export_job = None
            job.deleteLater()

        def finished(written: str, pages: int) -> None:
            done()
            self.clear_error()
            self.statusBar().showMessage(f"Wrote {written} ({pages} pages)", 15_000)
            if open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(written))

        def failed(message: str) -> None:
            done()
            self.show_error(f"The PDF was not written: {message}")

        def cancelled() -> None:
            done()
            self.statusBar().showMessage("Export cancelled: no file was written", 10_000)

        def progressed(value: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(min(value, total - 1) if total else 0)

        job.progressed.connect(progressed)
        job.finished.connect(finished)
        job.failed.connect(failed)
        job.cancelled.connect(cancelled)
        progress.canceled.connect(job.cancel)
        job.start()

    # --- checklists -----------------------------------------------------------------------
    def _new_checklist_list(self) -> ChecklistPane:
        pane = _checklists()
        pane.table.doubleClicked.connect(
            lambda index: self.show_checklists(pane.model.row(index.row()).id)
        )
        return pane

    def _new_checklists_pane(self) -> ChecklistsPane:
        from ui.checklists.pane import ChecklistsPane

        pane = ChecklistsPane(self, self.follow_link)
        self._load_checklists(pane)
        return pane

    @reported
    def _load_checklists(self, pane: ChecklistsPane) -> None:
        with self.store.read() as session:
            pane.load(session)

    def show_checklists(self, run_id: str | None = None) -> None:
        self.main_tabs.setCurrentWidget(self.checklists_tab)
        pane = self.checklists_tab.pane
        if run_id is not None:
            pane.runs.setCurrentIndex(pane.runs.findData(run_id))
        pane.show_list()

    def walk_checklist(self) -> None:
        self.main_tabs.setCurrentWidget(self.checklists_tab)
        self.checklists_tab.pane.walk()

    def follow_link(self, kind: str, target: str) -> None:
        """Where a checklist step leads: a draft from a template, a group, a legal clock."""
        if kind == "template":
            self.show_drafting()
            self.drafting_tab.pane.prepare_template(target)
        elif kind == "stakeholder":
            self.show_matrix()
            group = next(
                (g for g in self.matrix_model.groups() if g.profile == target and g.active), None
            )
            if group is not None:
                self.matrix_pane.select_group(group.id)
        elif kind == "clock":
            self.show_matrix()
            self.statusBar().showMessage(
                f"The {target} clock is under the matrix, with its deadline and status", 15_000
            )

    @reported
    def import_playbook(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from crisisdesk.datafiles import DataFileError
        from crisisdesk.playbooks import import_playbook

        path, _ = QFileDialog.getOpenFileName(
            self, "Import a playbook", str(Path.home()), "Playbooks (*.toml)"
        )
        if not path:
            return
        try:
            playbook = import_playbook(Path(path))
        except (DataFileError, OSError) as err:
            self.show_error(f"The playbook was not imported: {err}")
            return
        self.clear_error()
        self.statusBar().showMessage(
            f"Imported the playbook “{playbook.title}” (v{playbook.version}): "
            "start it from the Checklists tab",
            15_000,
        )
        if (pane := self.checklists_tab.built) is not None:
            pane.reload_playbooks()

    # --- drafting -------------------------------------------------------------------------
    def _new_start_screen(self) -> StartScreen:
        screen = StartScreen()
        screen.start_incident.connect(self.new_incident)
        screen.open_demo.connect(self.open_demo)
        theme.styled(screen)
        return screen

    @property
    def start_screen(self) -> StartScreen:
        return self.start_holder.pane

    def _new_drafting_pane(self) -> DraftingPane:
        from ui.drafting.draft_actions import DraftActions
        from ui.drafting.pane import DraftingPane

        pane = DraftingPane(self)
        self.draft_actions = DraftActions(self, pane, self, self.open_notices)
        self._load_drafting(pane)
        if self.recovered_draft is not None:
            pane.open_draft(self.recovered_draft)
        return pane

    def _new_drafts_list(self) -> DraftsPane:
        pane = _drafts()
        pane.table.doubleClicked.connect(
            lambda index: self.show_drafting(pane.model.row(index.row()).id)
        )
        return pane

    @reported
    def _load_drafting(self, pane: DraftingPane) -> None:
        with self.store.read() as session:
            pane.load(session)

    def show_drafting(self, draft_id: str | None = None) -> None:
        self.main_tabs.setCurrentWidget(self.drafting_tab)
        pane = self.drafting_tab.pane
        if draft_id:
            pane.open_draft(draft_id)
        pane.editor.setFocus()

    def _draft_do(self, action: str) -> None:
        """A Drafts menu command: open the pane, then act on its draft."""
        self.main_tabs.setCurrentWidget(self.drafting_tab)
        pane = self.drafting_tab.pane
        if action == "save":
            pane.save()
        elif self.draft_actions is not None:
            getattr(self.draft_actions, action)()

    # --- fact sheet -----------------------------------------------------------------------
    def _new_fact_pane(self) -> FactSheetPane:
        from ui.drafting.fact_actions import FactActions

        pane = _fact_sheet()
        self.fact_actions = FactActions(self, pane, self)
        return pane

    def add_fact(self) -> None:
        """Show the fact sheet and ask for a new fact."""
        if self.tabs.isHidden():  # behind the matrix or the drafting pane
            self.main_tabs.setCurrentWidget(self.timeline_holder)
        self.tabs.setCurrentWidget(self.fact_tab)  # builds and fills the pane
        self.fact_tab.pane  # noqa: B018  (built even if the tab was already showing)
        if self.fact_actions is not None:
            self.fact_actions.add()

    # --- stakeholder matrix ---------------------------------------------------------------
    def _new_matrix_pane(self) -> MatrixPane:
        from ui.stakeholders.pane import MatrixPane

        pane = MatrixPane(self.matrix_model)
        pane.strip_button.toggled.connect(self.toggle_strip)
        return pane

    @property
    def matrix_pane(self) -> MatrixPane:
        return self.matrix_tab.pane

    @property
    def stakeholder_actions(self) -> StakeholderActions:
        from ui.stakeholders.actions import StakeholderActions

        if self._stakeholder_actions is None:
            self._stakeholder_actions = StakeholderActions(
                self, self.matrix_pane, self, self.open_notices
            )
        return self._stakeholder_actions

    def _main_tab_changed(self, _index: int) -> None:
        on_matrix = self.main_tabs.currentWidget() is self.matrix_tab
        on_drafting = self.main_tabs.currentWidget() is self.drafting_tab
        if on_drafting:
            self.drafting_tab.pane  # noqa: B018  (builds and fills it)
        on_checklists = self.main_tabs.currentWidget() is self.checklists_tab
        if on_checklists:
            self.checklists_tab.pane  # noqa: B018
        if on_matrix:
            self.stakeholder_actions  # noqa: B018  (builds the pane and its buttons)
            self._clocks()
            if options.SHOW_STRIP.read(self.settings):  # a beat later: the table paints first
                QTimer.singleShot(
                    CHART_DELAY_MS, lambda: self.matrix_pane.strip_button.setChecked(True)
                )
        # The matrix wants the whole width; its compact copy on the right is then redundant.
        # The drafting pane carries its own fact sheet and advice beside the text.
        self.tabs.setVisible(not (on_matrix or on_drafting or on_checklists))

    @reported
    def toggle_strip(self, on: bool) -> None:
        from crisisdesk import stakeholders

        options.SHOW_STRIP.write(self.settings, on)
        if on and self.freshness_strip is None and self.incident is not None:
            from ui.stakeholders.freshness_strip import FreshnessStrip

            with self.store.read() as session:
                self._strip_updates = stakeholders.updates_by_group(session, self.incident.id)
            self.freshness_strip = FreshnessStrip()
            self.matrix_pane.strip_area.addWidget(self.freshness_strip)
        if self.freshness_strip is not None:
            self.freshness_strip.setVisible(on)
            self._strip_drawn_at = None
            self._draw_strip(self.clock.now())

    def _draw_strip(self, now: datetime) -> None:
        """Redraw the strip while it is on screen: at once after new data, else each minute."""
        from crisisdesk.silences import for_groups

        strip = self.freshness_strip
        if strip is None or self.incident is None or not strip.isVisible():
            return
        if self._strip_drawn_at is not None and now - self._strip_drawn_at < STRIP_REFRESH:
            return
        started = self.incident.started_at
        lanes = for_groups(
            self.matrix_model.groups(), self._strip_updates, started_at=started, now=now
        )
        strip.set_data(lanes, started, now)
        self._strip_drawn_at = now

    def log_update(self) -> None:
        self.stakeholder_actions.log_update()

    def edit_group(self) -> None:
        self.stakeholder_actions.edit_group()

    def add_group(self) -> None:
        self.stakeholder_actions.add_group()

    def show_matrix(self) -> None:
        self.main_tabs.setCurrentWidget(self.matrix_tab)
        self.matrix_pane.table.setFocus()

    def focus_quick_log(self) -> None:
        self.main_tabs.setCurrentWidget(self.timeline_holder)
        self.timeline_pane.focus_quick_log()

    # --- actions --------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.banner.setText(f"▲  {message}")
        self.banner.show()

    def clear_error(self) -> None:
        self.banner.hide()
        self.banner.clear()

    def quick_log(self, entry: QuickEntry) -> None:
        from crisisdesk import timeline

        incident = self.incident
        if incident is None:
            return

        def record(session: Session) -> None:
            timeline.append(
                session, self.desk.author(), self.clock, incident.id, entry.text,
                category=entry.category or "note", occurred_at=entry.occurred_at,
                actor=entry.actor,
            )  # fmt: skip

        # On failure the typed text stays in the line, so nothing is lost.
        if write(self, "Not recorded", record):
            self.timeline_pane.quick_log.clear()
            self.on_data_changed()

    def new_incident(self) -> None:
        from crisisdesk import incidents, stakeholders

        dialog = NewIncidentDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        opened: list[IncidentState] = []

        def start(session: Session) -> None:
            who = self.desk.author()
            state = incidents.open_incident(
                session, who, self.clock, dialog.title.text(),
                severity=str(dialog.severity.currentData()), started_at=dialog.started_at(),
                description=dialog.description.toPlainText(),
            )  # fmt: skip
            groups = stakeholders.load_default_groups()
            stakeholders.add_defaults(session, who, self.clock, state.id, groups)
            opened.append(state)

        if write(self, "The incident was not started", start):
            self.incident = opened[0]
            self.reload()

    def set_status(self, status: str) -> None:
        from crisisdesk import incidents

        if self.incident is None or self.incident.status == status:
            return
        words = {"resolved": "Mark resolved", "closed": "Close incident", "active": "Reopen"}
        reason, ok = QInputDialog.getText(
            self, words[status], f"{words[status]}: why? (kept in the record)"
        )
        if not ok:
            return
        incident_id = self.incident.id

        def revise(session: Session) -> None:
            incidents.revise(
                session, self.desk.author(), self.clock, incident_id, status=status,
                reason=reason,
            )  # fmt: skip

        if write(self, "Status not changed", revise):
            self.on_data_changed()

    def _update_actions(self) -> None:
        status = self.incident.status if self.incident else None
        self.resolve_action.setEnabled(status == "active")
        self.close_action.setEnabled(status in ("active", "resolved"))
        self.reopen_action.setEnabled(status in ("resolved", "closed"))
        self.switch_action.setEnabled(self.incident is not None)

    def focus_switcher(self) -> None:
        self.header.switcher.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.header.switcher.showPopup()

    def change_person(self) -> None:
        dialog = PersonDialog(self.desk.name, self.desk.role, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.desk = set_person(dialog.name.text(), dialog.role.currentText(), self.config_dir)
            self._show_person()

    def _show_person(self) -> None:
        role = f" · {self.desk.role}" if self.desk.role else ""
        self.person_button.setText(f"At this desk: {self.desk.name or 'unknown'}{role}")

    def show_recovery_key(self) -> None:
        """The key, once asked for, to write down: the way back in if the keyring is lost."""
        key = self.store.recovery_key()
        if key is None:
            QMessageBox.information(
                self,
                "Recovery key",
                "This database has no recovery key: it is opened with a passphrase, or it is "
                "not encrypted.",
            )
            return
        sure = QMessageBox.warning(
            self,
            "Show the recovery key?",
            "The recovery key opens this database on any computer. Show it only to write it "
            "down on paper, and keep that paper locked away. Nobody should see your screen.",
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        if sure == QMessageBox.StandardButton.Ok:
            QMessageBox.information(
                self,
                "Recovery key",
                f"<p>Write this down exactly:</p><p style='font-family:monospace; "
                f"font-size:18px'><b>{key}</b></p><p>Type it where the passphrase is asked "
                "to open the database if this computer's keyring is lost.</p>",
            )

    def _show_db(self) -> None:
        kind = "DEMO database (fictional data)" if self.demo else "Database"
        self.db_label.setText(f"{kind}: {self.store.path}   ·   desk {self.desk.desk_id[:8]}")
        self.header.demo.setVisible(self.demo)
        badge = ENCRYPTED if self.store.encrypted else NOT_ENCRYPTED
        self.crypt_label.setText(badge.label)
        self.crypt_label.setStyleSheet(palette.chip_style(badge))
        self.crypt_label.setToolTip(
            "The database file is encrypted at rest; its key is in this computer's keyring "
            "or your passphrase."
            if self.store.encrypted
            else "Anyone who has the database file can read it. Encrypt it with "
            "'crisisdesk encrypt --db FILE' unless it holds only fictional or public data."
        )

    def open_demo(self) -> None:
        """Open a fresh demo database: never mixed into the database in use."""
        from datetime import UTC, datetime

        from crisisdesk.demo import create_demo_database

        folder = Path(tempfile.mkdtemp(prefix="crisisdesk-demo-"))
        self._demo_dirs.append(folder)
        path = folder / "demo.sqlite"
        try:
            create_demo_database(path, now=datetime.now(UTC))
            store = Store.open(path)
        except (StoreError, OSError) as err:
            self.show_error(f"The demo could not be opened: {err}")
            return
        self.switch_store(store, demo=True)

    def switch_store(self, store: Store, *, demo: bool) -> None:
        self.watcher.stop()
        self.store.close()
        self.store = store
        self.demo = demo
        self.incident = None
        self.timeline_model.attach(store.read)
        self.watcher = DataWatcher(store, self)
        self.watcher.changed.connect(self.on_data_changed)
        self.watcher.failed.connect(self.show_error)
        self.watcher.recovered.connect(self.clear_error)
        self._show_db()
        self.reload()

    def show_shortcuts(self) -> None:
        lines = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            for action in menu.actions() if menu is not None else []:  # type: ignore[attr-defined]
                if not action.shortcut().isEmpty():
                    name = action.text().replace("&", "").rstrip("…")
                    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                    lines.append(f"<tr><td><b>{keys}</b></td><td>{name}</td></tr>")
        QMessageBox.information(
            self, "Keyboard shortcuts", "<table cellpadding=4>" + "".join(lines) + "</table>"
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About crisisdesk",
            f"<b>crisisdesk {__version__}</b><br>An offline crisis-room dashboard for "
            "communications teams.<br>Database: " + str(self.store.path),
        )

    # --- window state ---------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.setGeometry(
                screen.adjusted(0, 0, 0, 0)
                if screen.width() <= 1920
                else screen.adjusted(0, 0, -screen.width() // 4, -screen.height() // 4)
            )
        self._restore_splitter()

    def _restore_splitter(self) -> None:
        splitter = self.settings.value("main/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            width = self.width()
            self.splitter.setSizes([width * 60 // 100, width * 40 // 100])

    def save_layout(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._export_job is not None:  # the half-written file is removed by the job
            self._export_job.cancel()
            self._export_job.wait()
        self.save_layout()
        if self._panes_built:
            self.chart_feed.shutdown()
        self.watcher.stop()
        self.ticker.stop()
        self.store.close()
        for folder in self._demo_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
