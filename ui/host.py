"""What a pane's actions need from the window they work in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from crisisdesk.clock import Clock
from crisisdesk.identity import DeskConfig
from crisisdesk.store import Store

if TYPE_CHECKING:
    from crisisdesk.incidents import IncidentState


class Host(Protocol):
    """The main window, as the panes see it: the store, who is at the desk, the clock,
    the incident shown, and where to report trouble and changes."""

    store: Store
    desk: DeskConfig
    clock: Clock
    incident: IncidentState | None

    def show_error(self, message: str) -> None: ...
    def clear_error(self) -> None: ...
    def on_data_changed(self) -> None: ...
