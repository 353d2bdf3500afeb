"""The Qt binding the app runs on must not lose references when signals are emitted.

PySide6 6.12.0 on Python 3.11 drops a reference to ``True`` on every ``Signal.emit()``
from Python; the interpreter aborts after a few hundred emits, which the chart reaches
within minutes of zooming. pyproject.toml excludes that release; this test keeps it out.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


def test_signal_emit_keeps_its_references() -> None:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(100):
        probe.fired.emit()
    assert sys.getrefcount(True) >= before - 10
