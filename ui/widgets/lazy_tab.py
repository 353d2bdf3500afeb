"""A tab whose pane is built the first time it is shown: hidden panes cost nothing at start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

P = TypeVar("P", bound=QWidget)


class LazyTab(QWidget, Generic[P]):
    def __init__(self, build: Callable[[], P]) -> None:
        super().__init__()
        self._build = build
        self._pane: P | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> P | None:
        """The pane if it has been built, without building it."""
        return self._pane

    @property
    def pane(self) -> P:
        if self._pane is None:
            self._pane = self._build()
            self._layout.addWidget(self._pane)
        return self._pane
