"""The wall opened from the main window: View → Wall mode (F11), on the window's own
database and incident. F11 or Esc closes it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from ui import options

if TYPE_CHECKING:
    from crisisdesk.clock import Clock
    from crisisdesk.deadlines import Regime
    from crisisdesk.incidents import IncidentState
    from crisisdesk.store import Store
    from ui.wall.window import WallWindow


class Host(Protocol):
    store: Store
    incident: IncidentState | None
    settings: QSettings
    clock: Clock

    def regimes(self) -> list[Regime]: ...


AddAction = Callable[[str, Callable[[], object], str], QAction]


class WallLauncher(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.wall: WallWindow | None = None
        self.still_action: QAction | None = None

    def _host(self) -> Host:
        return self._window  # type: ignore[return-value]

    def add_actions(self, add: AddAction) -> None:
        """The View menu's entries: wall mode, and whether its overdue tiles pulse."""
        add("&Wall mode (big screen)", self.toggle, "F11")
        self.still_action = add("Wall &without pulsing", self.toggle_still, "")
        self.still_action.setCheckable(True)
        self.still_action.setChecked(options.WALL_STILL.read(self._host().settings))

    def toggle(self) -> None:
        if self.wall is not None:
            self.wall.close()
        else:
            self.open()

    def open(self) -> WallWindow:
        from crisisdesk.cli import WallOptions
        from crisisdesk.store import Store
        from ui.wall.window import WallWindow

        host = self._host()
        store = host.store
        key = store.key_text() or None

        def opener(path: object) -> Store:
            return Store.open(store.path, create=False, key=key)

        still = options.WALL_STILL.read(host.settings)
        wall = WallWindow(
            store.path,
            WallOptions(screen=self._other_screen(), still=still, from_command_line=False),
            clock=host.clock,
            incident_id=host.incident.id if host.incident else None,
            regimes=host.regimes(),
            due_soon=options.DUE_SOON.read(host.settings) / 100,
            opener=opener,
            parent=self._window,
        )
        wall.closed.connect(self._closed)
        self.wall = wall
        wall.present()
        return wall

    def toggle_still(self) -> None:
        still = bool(self.still_action and self.still_action.isChecked())
        options.WALL_STILL.write(self._host().settings, still)
        if self.wall is not None:
            self.wall.tiles.set_pulsing(not still)

    def _other_screen(self) -> int | None:
        """A screen other than the window's own, when there is one: the room's screen."""
        screens = QGuiApplication.screens()
        own = self._window.screen()
        for number, screen in enumerate(screens, start=1):
            if len(screens) > 1 and screen.name() != own.name():
                return number
        return None

    def _closed(self) -> None:
        if self.wall is not None:
            self.wall.deleteLater()
            self.wall = None
