"""The incident report as a PDF: read back, looked at, cancelled, refused, and timed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pypdf
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from crisisdesk.report import Report, ReportOptions
from ui.render.pdf import Cancelled, render_pdf

sys.path.insert(0, str(Path(__file__).parent))  # the report factory sits beside this file
from report_factory import (
    CJK_TEXT,
    CURRENT,
    MIDDLE,
    ORIGINAL,
    TITLE,
    big_report,
    demo_report,
    make_report,
    timeline,
)

TABLE_HEADER = "OccurredCategoryActorEntryRecordedby"
NO_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any white space: extraction puts tabs and line breaks where it likes."""
    return NO_SPACE.sub("", text)


def pypdf_pages(path: Path) -> list[str]:
    return [squeeze(page.extract_text()) for page in pypdf.PdfReader(path).pages]


def pypdf_page(path: Path, index: int) -> str:
    return squeeze(pypdf.PdfReader(path).pages[index].extract_text())


def pdfium_pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [squeeze(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def assert_in_order(needles: list[str], haystack: str) -> None:
    at = 0
    for needle in needles:
        found = haystack.find(squeeze(needle), at)
        assert found >= 0, f"{needle[:100]!r} missing or out of order"
        at = found + 1


def assert_frame(pages: list[str]) -> None:
    """Every page has the running header (title, marking) and "Page X of N"."""
    for number, text in enumerate(pages, 1):
        assert squeeze(TITLE) in text, number
        assert "CONFIDENTIAL" in text, number
        assert f"Page{number}of{len(pages)}" in text, number


def timeline_pages(pages: list[str]) -> list[str]:
    """The pages from the "Timeline" section to the page before "Communications"."""
    first = next(i for i, text in enumerate(pages) if "Everyentryintheperiod" in text)
    last = next(i for i, text in enumerate(pages) if "Eachaudience'supdates" in text)
    return pages[first:last]


def picture(path: Path, index: int) -> np.ndarray:
    document = pdfium.PdfDocument(path)
    try:
        bitmap = document[index].render(scale=1.0, rev_byteorder=True)
        return np.array(bitmap.to_numpy(), copy=True)
    finally:
        document.close()


@pytest.fixture(scope="module")
def demo_pdf(
    tmp_path_factory: pytest.TempPathFactory, qapp: QApplication
) -> tuple[Report, Path, int]:
    report = demo_report()
    path = tmp_path_factory.mktemp("pdf") / "incident.pdf"
    return report, path, render_pdf(report, path)


def test_demo_report_reads_back(demo_pdf: tuple[Report, Path, int]) -> None:
    report, path, count = demo_pdf
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == count
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    assert_frame(pages)
    everything = "".join(pages)

    # Every entry, in order, with its time in UTC and in Berlin.
    assert_in_order([row.text for row in report.timeline], everything)
    assert_in_order(["2026-11-29 06:00 UTC", "2026-11-29 07:00 CET"], everything)
    assert_in_order(["2026-11-29 22:30 UTC", "2026-11-29 23:30 CET"], everything)
    # Accents and CJK are real text.
    assert "危机" in everything
    assert squeeze(CJK_TEXT) in everything
    assert squeeze("Zoë Ångström") in everything
    assert squeeze("Łukasz Wróbel") in everything
    # The corrected entry: the current wording, then each earlier one with who, when and why.
    assert_in_order(
        [
            CURRENT,
            "CORRECTED — 2 EARLIER VERSIONS",
            ORIGINAL,
            "recorded 2026-11-29 07:10 UTC by José Müller (SOC); replaced because: First",
            MIDDLE,
            "Provider's final traffic report",
        ],
        everything,
    )
    assert_in_order(["RETRACTED", "E00009", "Reason: Forensics found no access"], everything)
    assert "back-dated(recorded2026-11-2908:50UTC)" in everything
    assert squeeze("★ Key moment: First customer notice") in everything

    # The table header on every timeline page, and the timeline covers several pages.
    rows = timeline_pages(pages)
    assert len(rows) >= 3
    assert all(TABLE_HEADER in text for text in rows)
    assert all("Timeline(continued)" in text for text in rows[1:])

    # The other sections.
    assert_in_order(
        [
            "Summary",
            "KEY MOMENTS",
            "CONFIRMED FACTS",
            "about 300,000",
            "Contents",
            "Timeline at a glance",
            "Detection (15)",
            "Communications",
            "Customers",
            "Silences past the cadence and broken promises",
            "Broken promise (next update promised by 2026-11-29 09:15 UTC)",
            "Longest silence: 2 h, from 2026-11-29 08:15 UTC to 2026-11-29 10:15 UTC.",
            "Regulatory clocks",
            "Regulator portal: early warning filed",
            "Missed",
            "Checklist runs",
            "Provider handles it upstream",
            "Does not apply",
            "Integrity",
            "Run: crisisdesk verify <this file> --db <database>",
            report.integrity_line(),
        ],
        everything,
    )


def test_metadata_carries_the_integrity_line(demo_pdf: tuple[Report, Path, int]) -> None:
    report, path, _ = demo_pdf
    reader = pypdf.PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == TITLE
    assert reader.metadata.creator == "crisisdesk"
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_description == {"x-default": report.integrity_line()}
    assert xmp.dc_title == {"x-default": TITLE}
    # The XMP stream is not compressed: the line is in the raw bytes, once, ended by "<".
    raw = path.read_bytes()
    found = re.findall(rb"crisisdesk-integrity incident=[^\s<]+ chains=[^\s<]*", raw)
    assert found == [report.integrity_line().encode()]


def test_pages_are_valid_and_not_blank(demo_pdf: tuple[Report, Path, int]) -> None:
    _, path, _ = demo_pdf
    cover = picture(path, 0)
    assert cover.shape[0] > cover.shape[1]  # portrait
    dark = (cover.sum(axis=2) < 200).mean()
    assert 0.005 < dark < 0.5
    # The chart is drawn in colour: the detection lane's blue is on page 2.
    chart = picture(path, 1).astype(int)
    blue = (abs(chart[..., 0] - 0x00) < 40) & (abs(chart[..., 1] - 0x72) < 40)
    blue &= abs(chart[..., 2] - 0xB2) < 40
    assert blue.sum() > 200


def test_letter_and_no_marking(tmp_path: Path, qapp: QApplication) -> None:
    report = demo_report(page_size="Letter", marking="")
    path = tmp_path / "letter.pdf"
    render_pdf(report, path)
    reader = pypdf.PdfReader(path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "CONFIDENTIAL" not in reader.pages[0].extract_text()
    a4 = tmp_path / "a4.pdf"
    render_pdf(demo_report(), a4)
    box = pypdf.PdfReader(a4).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_a_row_taller_than_a_page_is_split_between_lines(
    tmp_path: Path, qapp: QApplication
) -> None:
    rows = timeline(5, 60)
    long_text = " ".join(
        f"Line{i:03d} of the statement read out on the bridge." for i in range(220)
    )
    rows[2] = replace(rows[2], text=f"E00002 {long_text}")
    path = tmp_path / "long.pdf"
    count = render_pdf(make_report(rows), path)
    pages = pdfium_pages(path)
    assert len(pages) == count
    everything = "".join(pages)
    others = [row.text for i, row in enumerate(rows) if i != 2]
    assert_in_order([*others[:2], *(f"Line{i:03d}" for i in range(220)), *others[2:]], everything)
    spread = [i for i, text in enumerate(pages) if "Line1" in text]
    assert len(spread) >= 3
    assert all(TABLE_HEADER in pages[i] for i in spread)


def test_empty_sections_say_so(tmp_path: Path, qapp: QApplication) -> None:
    report = make_report([])
    report = replace(report, comms=[], clocks=[], runs=[], chains=[])
    path = tmp_path / "empty.pdf"
    count = render_pdf(report, path)
    text = "".join(pypdf_pages(path))
    assert count >= 3
    for said in (
        "No entries in this period.",
        "No stakeholder groups are set up",
        "No regulatory clocks",
        "No checklist was run",
        "No desk has recorded anything yet.",
    ):
        assert squeeze(said) in text


def test_progress_runs_to_the_end(tmp_path: Path, qapp: QApplication) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    render_pdf(demo_report(), tmp_path / "p.pdf", progress=progress)
    assert len(calls) > 5
    assert len({total for _, total in calls}) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert done[0] == 0 and done[-1] == calls[-1][1]


@pytest.mark.parametrize("when", ["start", "layout", "painting", "end"])
def test_cancel_leaves_nothing_behind(tmp_path: Path, qapp: QApplication, when: str) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the earlier report")
    seen: list[str] = []

    def progress(done: int, total: int) -> bool:
        phase = (
            "start" if done == 0
            else "end" if done == total
            else "layout" if done < total // 2
            else "painting"
        )  # fmt: skip
        seen.append(phase)
        return phase != when

    with pytest.raises(Cancelled):
        render_pdf(big_report(300), target, progress=progress)
    assert seen[-1] == when
    assert target.read_bytes() == b"the earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_unwritable_targets_raise_oserror(tmp_path: Path, qapp: QApplication) -> None:
    report = demo_report()
    with pytest.raises(FileNotFoundError):
        render_pdf(report, tmp_path / "no such folder" / "r.pdf")
    a_file = tmp_path / "a file"
    a_file.write_text("keep")
    with pytest.raises(NotADirectoryError):
        render_pdf(report, a_file / "r.pdf")
    folder = tmp_path / "a folder.pdf"
    (folder / "inside").mkdir(parents=True)
    with pytest.raises(IsADirectoryError):
        render_pdf(report, folder)
    assert a_file.read_text() == "keep"
    assert [p.name for p in folder.iterdir()] == ["inside"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a file", "a folder.pdf"]


def test_renders_on_worker_threads(tmp_path: Path, qapp: QApplication) -> None:
    pages: dict[str, int] = {}

    class Worker(QThread):
        def run(self) -> None:
            pages["qthread"] = render_pdf(demo_report(), tmp_path / "q.pdf")

    worker = Worker()
    worker.start()
    assert worker.wait(60_000)
    plain = threading.Thread(
        target=lambda: pages.__setitem__("thread", render_pdf(demo_report(), tmp_path / "t.pdf"))
    )
    plain.start()
    plain.join(60)
    expected = render_pdf(demo_report(), tmp_path / "main.pdf")
    assert pages == {"qthread": expected, "thread": expected}
    assert squeeze(TITLE) in pypdf_page(tmp_path / "q.pdf", 0)


HEADLESS = """
import sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
sys.path.insert(0, sys.argv[2])
from report_factory import demo_report
from ui import fonts
from ui.render.pdf import render_pdf
fonts.install(app)
print("pages", render_pdf(demo_report(), Path(sys.argv[1])))
"""


@pytest.mark.subprocess
def test_headless_command_with_a_gui_application(tmp_path: Path) -> None:
    target = tmp_path / "cli.pdf"
    result = subprocess.run(
        [sys.executable, "-c", HEADLESS, str(target), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = int(result.stdout.split()[-1])
    assert len(pypdf.PdfReader(target).pages) == pages


ENTRY = re.compile(r"E(\d{5})")


def entry_numbers(text: str) -> list[int]:
    """The entries' numbers in the order printed, once each (an earlier version repeats it)."""
    return list(dict.fromkeys(int(n) for n in ENTRY.findall(text)))


def test_two_thousand_entries_all_in_order(tmp_path: Path, qapp: QApplication) -> None:
    report = big_report(2_000)
    path = tmp_path / "big.pdf"
    count = render_pdf(report, path)
    pages = pdfium_pages(path)
    assert len(pages) == count
    assert_frame(pages)
    rows = timeline_pages(pages)
    assert len(rows) > 40
    assert all(TABLE_HEADER in text for text in rows)
    everything = "".join(pages)
    assert_in_order([row.text for row in report.timeline], everything)
    # The first entry at the start, the last 1,999 × 3.6 minutes later.
    assert_in_order(["2026-11-29 06:00 UTC", ORIGINAL, "2026-12-04 05:56 UTC"], everything)
    # pypdf reads the same file: a page from the middle of the timeline.
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == count
    middle = squeeze(reader.pages[count // 2].extract_text())
    assert f"Page{count // 2 + 1}of{count}" in middle
    assert TABLE_HEADER in middle


def test_ten_thousand_entries_every_one_in_order(tmp_path: Path, qapp: QApplication) -> None:
    """Reading every page back would take longer than writing them; the two thousand entry
    test reads them all, this one reads the first, middle and last pages of the timeline.
    How long it takes is measured by ``make bench``."""
    report = big_report(10_000)
    path = tmp_path / "big.pdf"
    count = render_pdf(report, path)
    document = pdfium.PdfDocument(path)
    try:
        assert len(document) == count
        first = next(
            i for i in range(count) if "E00000" in document[i].get_textpage().get_text_range()
        )
        last = count - 1
        while "E09999" not in document[last].get_textpage().get_text_range():
            last -= 1
        seen: list[int] = []
        for index in (first, first + 1, (first + last) // 2, last):
            text = squeeze(document[index].get_textpage().get_text_range())
            assert TABLE_HEADER in text
            assert f"Page{index + 1}of{count}" in text
            numbers = entry_numbers(text)
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
            seen += numbers
        assert seen == sorted(seen)
        assert seen[0] == 0 and seen[-1] == 9_999
    finally:
        document.close()


def test_options_scope_is_on_the_cover(tmp_path: Path, qapp: QApplication) -> None:
    report = demo_report(redact=True, facing="external", categories=frozenset({"communication"}))
    assert isinstance(report.options, ReportOptions)
    path = tmp_path / "scoped.pdf"
    render_pdf(report, path)
    cover = pypdf_page(path, 0)
    assert squeeze("Only entries people outside the company saw or sent") in cover
    assert squeeze("categories: Communication") in cover
    assert "redacted" in cover
