"""Database trouble inside a Qt slot becomes a message on screen, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from crisisdesk.store import Store, StoreError

P = ParamSpec("P")
R = TypeVar("R")


class Reports(Protocol):
    @property
    def store(self) -> Store: ...

    def show_error(self, message: str) -> None: ...


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
