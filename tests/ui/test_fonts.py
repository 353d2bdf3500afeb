"""Screens and reports are drawn with the fonts crisisdesk ships, on any machine.

The suite's own font configuration lists no font folders (tests/conftest.py), as on a
machine with no fonts installed: whatever text these tests see drawn, the bundled fonts
drew it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtGui import QFontDatabase, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from crisisdesk.cli import WallOptions
from ui import app as app_module
from ui import fonts
from ui.wall import app as wall_app

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
# Who wrote what, in the scripts the report must print.
ENTRIES = (
    ("Zoë Ångström", "Sécurité: the call centre in Lyon reports 2 000 calls an hour"),
    ("Ελένη Παπαδοπούλου", "Αθήνα: customers ask whether bills are affected"),
    ("Ольга Иванова", "Киев: vendor portal offline since 09:40"),
    ("陈伟", "香港办公室: 危机 hotline overloaded; 危機 statement for Japan drafted"),
    ("김민준", "서울: 위기 notice to the KISA sent"),
)


def families_drawn(text: str, qapp: QApplication) -> set[str]:
    """The families Qt actually draws ``text`` with in the application's font."""
    layout = QTextLayout(text, qapp.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns() if run.glyphIndexes()}


def test_the_window_draws_every_script_with_the_bundled_fonts(
    qtbot: QtBot, qapp: QApplication
) -> None:
    assert {"DejaVu Sans", "DejaVu Sans Mono", "Droid Sans Fallback", "NanumGothic"} <= set(
        QFontDatabase.families()
    )
    label = QLabel("Zoë Ångström — 危机")
    qtbot.addWidget(label)
    assert label.font().family() == "DejaVu Sans"
    assert families_drawn("Zoë Ångström Ελένη Ольга", qapp) == {"DejaVu Sans"}
    assert families_drawn("危机危機", qapp) == {"Droid Sans Fallback"}  # Chinese, Japanese
    assert families_drawn("위기", qapp) == {"NanumGothic"}


def test_a_missing_or_damaged_font_is_named_and_nothing_is_drawn(
    tmp_path: Path, qapp: QApplication
) -> None:
    for name in fonts.FILES:
        if name != "DejaVuSans-Bold.ttf":
            (tmp_path / name).write_bytes((FONTS / name).read_bytes())
    (tmp_path / "DroidSansFallbackFull.ttf").write_bytes(b"\0\1\0\0 half a font")
    with pytest.raises(fonts.FontsMissing) as raised:
        fonts.install(qapp, tmp_path)
    message = str(raised.value)
    assert f"crisisdesk cannot load its fonts from {tmp_path}" in message
    assert "DejaVuSans-Bold.ttf is missing" in message
    assert "DroidSansFallbackFull.ttf could not be read (the file is damaged)" in message
    assert "Reinstall crisisdesk" in message


@pytest.fixture
def fonts_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The fonts folder is missing; returns what the message boxes said."""
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(fonts, "folder", lambda: tmp_path / "gone")
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, title, text: said.append((title, text))
    )
    return said


@pytest.mark.usefixtures("qapp")
def test_the_window_does_not_start_without_its_fonts(
    tmp_path: Path, fonts_gone: list[tuple[str, str]]
) -> None:
    assert app_module.run(tmp_path / "incident.sqlite") == 1
    [(title, text)] = fonts_gone
    assert title == "crisisdesk cannot start"
    assert f"crisisdesk cannot load its fonts from {tmp_path / 'gone'}" in text
    assert "DejaVuSans.ttf is missing" in text
    assert not (tmp_path / "incident.sqlite").exists()  # no database was made


@pytest.mark.usefixtures("qapp")
def test_the_wall_does_not_start_without_its_fonts(
    tmp_path: Path, fonts_gone: list[tuple[str, str]]
) -> None:
    assert wall_app.run(tmp_path / "incident.sqlite", WallOptions()) == 1
    [(title, text)] = fonts_gone
    assert title == "The wall cannot start"
    assert "NanumGothic.ttf is missing" in text


def squeeze(text: str) -> str:
    return "".join(text.split())


def crisisdesk(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.launch", *args],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo_with_every_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scripts")
    path = folder / "demo.sqlite"
    env = {**os.environ, "CRISISDESK_HOME": str(folder / "home")}
    assert crisisdesk("demo", "--db", str(path), env=env, cwd=folder).returncode == 0
    for actor, text in ENTRIES:
        logged = crisisdesk("log", text, "--actor", actor, "--db", str(path), env=env, cwd=folder)
        assert logged.returncode == 0, logged.stderr
    return path


def export(db: Path, out: Path, fontconfig: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    env["CRISISDESK_HOME"] = str(out.parent / "home")
    if fontconfig is not None:
        env["FONTCONFIG_FILE"] = fontconfig
    return crisisdesk("export-pdf", "--db", str(db), "-o", str(out), env=env, cwd=out.parent)


def embedded_fonts(reader: pypdf.PdfReader) -> set[str]:
    """The base names of the fonts whose files are inside the PDF."""
    found = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]  # pypdf's objects are dicts of anything
        for reference in resources["/Font"].values():
            font = reference.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    found.add(str(descriptor["/FontName"]).split("+")[-1])
    return found


@pytest.mark.subprocess
def test_a_report_from_a_machine_with_no_fonts_matches_a_normal_one(
    demo_with_every_script: Path, tmp_path: Path
) -> None:
    bare = tmp_path / "no fonts.pdf"
    normal = tmp_path / "normal.pdf"
    made = export(demo_with_every_script, bare, os.environ["FONTCONFIG_FILE"])
    assert made.returncode == 0, made.stderr
    # The machine's own font configuration, whatever fonts it lists.
    assert export(demo_with_every_script, normal, None).returncode == 0
    bare_pdf, normal_pdf = pypdf.PdfReader(bare), pypdf.PdfReader(normal)
    assert len(bare_pdf.pages) == len(normal_pdf.pages)
    assert f"({len(bare_pdf.pages)} pages)" in made.stdout
    assert [p.extract_text() for p in bare_pdf.pages] == [
        p.extract_text() for p in normal_pdf.pages
    ]
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback", "NanumGothic"} <= embedded_fonts(
        bare_pdf
    )
    # Extraction breaks lines and spaces where it likes: compared without white space.
    text = squeeze("".join(page.extract_text() for page in bare_pdf.pages))
    assert squeeze("Broadband outage (DDoS) and customer data exposure") in text  # the title
    for actor, entry in ENTRIES:
        assert squeeze(actor) in text
        assert squeeze(entry) in text


FAILING_EXPORT = """
import sys
from pathlib import Path
from ui import fonts, launch
fonts.folder = lambda: Path(sys.argv[1])
sys.exit(launch.main(["export-pdf", "--db", sys.argv[2], "-o", sys.argv[3]]))
"""


@pytest.mark.subprocess
def test_without_its_fonts_no_report_is_written(
    demo_with_every_script: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    env = {**os.environ, "CRISISDESK_HOME": str(tmp_path / "home")}
    failed = subprocess.run(
        [sys.executable, "-c", FAILING_EXPORT, str(tmp_path / "empty"),
         str(demo_with_every_script), str(out)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert failed.returncode == 1
    assert "no report was written" in failed.stderr
    assert "DejaVuSans.ttf is missing" in failed.stderr
    assert "wrote" not in failed.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]  # no PDF, no part file


ROOT = Path(__file__).resolve().parents[2]


def test_every_symbol_the_app_draws_is_in_the_bundled_fonts(qapp: QApplication) -> None:
    """A glyph none of them has is a box on a machine without fonts: ◷, not ⏱."""
    faces = [QRawFont(str(FONTS / name), 12) for name in fonts.FILES]
    sources = [*(ROOT / "ui").rglob("*.py"), *(ROOT / "crisisdesk").rglob("*.py")]
    sources += [*(ROOT / "resources").rglob("*.toml"), *(ROOT / "resources").rglob("*.qss")]
    missing = {
        f"{char} U+{ord(char):04X} in {path.relative_to(ROOT)}"
        for path in sources
        for char in set(path.read_text(encoding="utf-8"))
        if ord(char) > 0x7F
        and unicodedata.category(char)[0] not in "MC"  # combining marks, controls
        and not any(face.supportsCharacter(ord(char)) for face in faces)
    }
    assert not missing, sorted(missing)
