"""resources/ is found from the source tree and from an installed wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from crisisdesk import resources

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import crisisdesk, ui
from crisisdesk import resources, stakeholders
print(crisisdesk.__file__)
print(resources.shipped_dir())
print(resources.resource("styles", "desk.qss"))
print(len(stakeholders.load_default_groups()))
print(resources.resource("fonts", "DroidSansFallbackFull.ttf").stat().st_size)
"""


def test_source_tree_resources() -> None:
    assert resources.shipped_dir() == ROOT / "resources"


def test_installed_wheel_finds_its_resources(tmp_path: Path) -> None:
    # Build from a copy: building in place would leave build/ and *.egg-info in the tree,
    # and a stale build/ could slip deleted modules into the wheel.
    source = tmp_path / "source"
    skip = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
    )
    shutil.copytree(ROOT, source, ignore=skip)
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(source),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    [wheel] = dist.glob("crisisdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped and shipped <= names
    # The fonts every screen and report is drawn with, and their licences.
    assert {
        "resources/fonts/DejaVuSans.ttf",
        "resources/fonts/DejaVuSans-Bold.ttf",
        "resources/fonts/DejaVuSans-Oblique.ttf",
        "resources/fonts/DejaVuSans-BoldOblique.ttf",
        "resources/fonts/DejaVuSansMono.ttf",
        "resources/fonts/DejaVuSansMono-Bold.ttf",
        "resources/fonts/DroidSansFallbackFull.ttf",
        "resources/fonts/NanumGothic.ttf",
        "resources/fonts/LICENSE-DejaVu.txt",
        "resources/fonts/LICENSE-DroidSansFallback.txt",
        "resources/fonts/LICENSE-NanumGothic.txt",
    } <= names
    assert "crisisdesk/migrations/versions/0001_initial.py" in names
    assert "ui/main_window.py" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    module, folder, qss, groups, cjk_font = result.stdout.split("\n")[:5]
    assert Path(module).is_relative_to(target)
    assert Path(folder) == target / "resources"
    assert Path(qss).is_file() and Path(qss).is_relative_to(target)
    assert int(groups) == 7
    assert int(cjk_font) == (ROOT / "resources/fonts/DroidSansFallbackFull.ttf").stat().st_size
