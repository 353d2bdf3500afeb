"""The core runs without Qt: importing and using it never loads PySide6."""

from __future__ import annotations

import subprocess
import sys

CORE_WORKOUT = """
import sys, tempfile, pathlib, pkgutil, importlib
import crisisdesk
for mod in pkgutil.walk_packages(crisisdesk.__path__, "crisisdesk."):
    if ".migrations.versions." in mod.name or mod.name.endswith("migrations.env"):
        continue
    importlib.import_module(mod.name)
from crisisdesk import cli
folder = pathlib.Path(tempfile.mkdtemp())
assert cli.main(["demo", "--db", str(folder / "d.sqlite")]) == 0
assert cli.main(["verify", "--db", str(folder / "d.sqlite")]) == 0
banned = ("PySide6", "shiboken6", "pyqtgraph", "ui")
qt = sorted(m for m in sys.modules if m.split(".")[0] in banned)
print("QT:", qt)
"""


def test_core_never_loads_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CORE_WORKOUT],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "QT: []" in result.stdout
