"""The incident report as a PDF, painted with QPainter on a QPdfWriter.

Only QtGui is used (no widget, no QTextDocument), so ``render_pdf`` runs on a worker
thread and in a headless command (``QT_QPA_PLATFORM=offscreen``), as long as the caller
has made a QGuiApplication. Text is real text with the fonts embedded, so it can be
selected, searched and read by a screen reader; the chart is vectors.

It works in two passes: layout measures every block and decides the page breaks (see
``layout``), then painting replays the pages, when "Page 3 of 41" is known. The file is
written next to ``path`` under a temporary name and renamed into place only once it is
complete; a failure or a cancel leaves ``path`` as it was.

The integrity line of ``Report.integrity_line`` is printed on the last page and also
stored, uncompressed, in the document's XMP metadata (as its ``dc:description``), where
``crisisdesk verify`` finds it in the raw bytes.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QByteArray, QMarginsF
from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter

from crisisdesk.report import Report
from ui.render.layout import INK, LINE, MUTED, RULE, TEXT, Flow, Geometry, Op, Painter, page_size
from ui.render.sections import Sections, units, utc
from ui.render.text import SMALL, SMALL_BOLD, TINY, Fonts

CREATOR = "crisisdesk"
MARKING = "#B00020"
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Cancelled(Exception):
    """The progress callback asked to stop; nothing was written."""


class _Progress:
    """Layout ticks once per row; painting once per page. ``total`` stays fixed."""

    def __init__(self, callback: Callable[[int, int], bool] | None, rows: int) -> None:
        self.callback = callback
        self.rows = max(rows, 1)
        self.total = 2 * self.rows
        self.done = 0
        self.every = max(self.rows // 150, 1)
        self.next = self.every

    def tick(self) -> None:
        self.done += 1
        if self.done >= self.next:
            self.next = self.done + self.every
            self.report(min(self.done, self.rows))

    def painted(self, pages: int, of: int) -> None:
        self.report(self.rows + self.rows * pages // max(of, 1))

    def report(self, done: int) -> None:
        if self.callback is not None and self.callback(done, self.total) is False:
            raise Cancelled("the report was cancelled")


def render_pdf(
    report: Report, path: Path, *, progress: Callable[[int, int], bool] | None = None
) -> int:
    """Write the PDF to ``path`` (via a temp file in the same folder, renamed into place only
    when complete; on any error or cancel the temp file is removed and ``path`` is untouched).
    ``progress(done, total)`` is called now and then; returning False cancels (raise
    Cancelled). Returns the page count."""
    path = Path(path)
    ticker = _Progress(progress, units(report))
    ticker.report(0)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temp = Path(name)
    try:
        pages = _write(report, temp, ticker)
        _settle(temp)
        ticker.report(ticker.total)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return pages


def _write(report: Report, temp: Path, ticker: _Progress) -> int:
    options = report.options
    writer = QPdfWriter(str(temp))
    writer.setResolution(72)  # a device unit is a point
    writer.setPageLayout(
        QPageLayout(
            page_size(options.page_size),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    writer.setTitle(report.cover.title)
    writer.setCreator(CREATOR)
    if hasattr(writer, "setAuthor"):  # Qt 6.8 and later
        writer.setAuthor(report.cover.generated_by)
    writer.setDocumentXmpMetadata(QByteArray(xmp(report)))

    geometry = Geometry.for_page(options.page_size)
    fonts = Fonts(writer)
    flow = Flow(fonts, geometry, ticker.tick)
    Sections(report, flow).lay_out()
    pages = flow.pages

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write a PDF to {temp.parent}")
    try:
        replay = Painter(painter)
        frame = _Frame(report, fonts, geometry)
        step = max(len(pages) // 100, 1)
        for index, ops in enumerate(pages):
            if index:
                writer.newPage()
            replay.page(frame.ops(index, len(pages)))
            replay.page(ops)
            if index % step == 0:
                ticker.painted(index + 1, len(pages))
    finally:
        painter.end()
    return len(pages)


def _settle(temp: Path) -> None:
    """Fail unless the file is a whole PDF, and make it durable before the rename."""
    with temp.open("rb+") as file:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(max(size - 64, 0))
        if size == 0 or b"%%EOF" not in file.read():
            raise OSError(f"the PDF could not be written completely to {temp.parent}")
        os.fsync(file.fileno())


class _Frame:
    """The running header and footer: title and marking above, who and the page below."""

    def __init__(self, report: Report, fonts: Fonts, geometry: Geometry) -> None:
        self.g = geometry
        cover = report.cover
        self.small, self.bold, self.tiny = fonts[SMALL], fonts[SMALL_BOLD], fonts[TINY]
        self.marking = report.options.marking.strip()
        marking_w = self.bold.width(self.marking) + 16.0 if self.marking else 0.0
        self.title = self.small.elide(cover.title, geometry.content_width - marking_w)
        self.generated = (
            f"Generated {utc(cover.generated_at)} by {cover.generated_by} · desk {cover.desk_id}"
        )

    def ops(self, index: int, count: int) -> list[Op]:
        g = self.g
        top = 34.0
        folio = f"Page {index + 1} of {count}"
        folio_w = self.tiny.width(folio)
        out: list[Op] = [
            (TEXT, self.small, MUTED, g.left, top, self.title),
            (LINE, RULE, 0.6, g.left, top + 6.0, g.right, top + 6.0, False),
            (LINE, RULE, 0.6, g.left, g.height - 40.0, g.right, g.height - 40.0, False),
            (
                TEXT,
                self.tiny,
                MUTED,
                g.left,
                g.height - 29.0,
                self.tiny.elide(self.generated, g.content_width - folio_w - 16.0),
            ),
            (TEXT, self.tiny, INK, g.right - folio_w, g.height - 29.0, folio),
        ]
        if self.marking:
            x = g.right - self.bold.width(self.marking)
            out.append((TEXT, self.bold, MARKING, x, top, self.marking))
        return out


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def xmp(report: Report) -> bytes:
    """A minimal XMP packet: title, author, creator tool, and the integrity line as the
    description, uncompressed in the file so a byte search finds it."""
    cover = report.cover
    created = cover.generated_at.isoformat(timespec="seconds")
    line = _xml(report.integrity_line())
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_xml(cover.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{_xml(cover.generated_by)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{line}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
   <xmp:CreateDate>{created}</xmp:CreateDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return packet.encode("utf-8")
