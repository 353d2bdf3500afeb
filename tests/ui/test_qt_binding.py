"""The Qt binding the app runs on must not lose references when signals are emitted.

PySide6 6.12.0 on Python 3.11 drops a reference to ``True`` on every ``Signal.emit()``
from Python; the interpreter aborts after a few hundred emits, which the chart reaches
within minutes of zooming. pyproject.toml excludes that release; these tests keep it out.
"""

from __future__ import annotations

import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from PySide6.QtCore import QObject, Signal

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


class _Probe(QObject):
    fired = Signal()


def test_the_installed_binding_is_one_the_project_allows() -> None:
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    [binding] = [Requirement(d) for d in declared if d.startswith("PySide6")]
    assert "6.12.0" not in binding.specifier
    assert version(binding.name) in binding.specifier


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="True is immortal from Python 3.12: its count never moves, and the lost "
    "reference cannot free it",
)
def test_signal_emit_keeps_its_references() -> None:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(100):
        probe.fired.emit()
    assert sys.getrefcount(True) >= before - 10
