"""The ``crisisdesk`` command: the core's command line, able to open the main window.

The terminal commands (demo, log, verify) never load Qt; the window is imported only
when it is wanted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from crisisdesk import cli


def open_window(path: Path, demo: bool) -> int:
    from ui.app import run

    return run(path, demo=demo)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, window=open_window)


if __name__ == "__main__":
    sys.exit(main())
