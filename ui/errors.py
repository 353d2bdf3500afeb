"""Database trouble inside a Qt slot becomes a message on screen, never a traceback; and
what stops the app at start-up is said in a box and on the terminal."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, Protocol, TypeVar

from PySide6.QtWidgets import QMessageBox

from crisisdesk.store import Store, StoreError

if TYPE_CHECKING:
    from sqlmodel import Session

P = ParamSpec("P")
R = TypeVar("R")


class Reports(Protocol):
    @property
    def store(self) -> Store: ...

    def show_error(self, message: str) -> None: ...


class Writes(Reports, Protocol):
    def clear_error(self) -> None: ...


S = TypeVar("S", bound=Reports)


def reported(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R | None]:
    """Run the slot; if the database fails, say so in the window's banner and carry on."""

    @functools.wraps(method)
    def run(self: S, *args: P.args, **kwargs: P.kwargs) -> R | None:
        if self.store.closed:
            return None  # a timer that fired as the window closed: nothing to do
        try:
            return method(self, *args, **kwargs)
        except StoreError as err:
            self.show_error(str(err))
            return None

    return run


def write(host: Writes, failure: str, work: Callable[[Session], object]) -> bool:
    """Run ``work(session)`` in one write transaction. If it fails, say so in the banner,
    starting with ``failure`` ("Not recorded", "The incident was not started"), and
    record nothing; on success clear any earlier message."""
    try:
        with host.store.write() as session:
            work(session)
    except (StoreError, ValueError) as err:
        host.show_error(f"{failure}: {err}")
        return False
    host.clear_error()
    return True


def cannot_start(title: str, message: str) -> int:
    """Why the app stops, in a message box and on stderr; returns the exit status, 1."""
    QMessageBox.critical(None, title, message)
    print(f"crisisdesk: error: {message}", file=sys.stderr)
    return 1
