"""Files the app writes for people (exports): never half-written under the chosen name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def written_atomically(
    path: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A text file beside ``path``, renamed onto it only when the writing has finished.

    A full disk or a crash part-way leaves whatever was at ``path`` before, untouched.
    """
    fd, tmp = tempfile.mkstemp(prefix=".crisisdesk-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
