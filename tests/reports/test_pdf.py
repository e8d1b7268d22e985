"""The .docx as LibreOffice prints it: A4, GB/T margins, 28.95 pt line pitch, red mark, complete tables.

Needs soffice (LibreOffice) and poppler-utils; skipped when absent unless CI=true.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from seed_reports import seed000_report, seed001_report, seed002_report

from govinspect.reports import blocks as B
from govinspect.reports.render import ReportFiles, render_notice

pytestmark = pytest.mark.libreoffice

MM = 72 / 25.4  # points per millimetre
TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdfinfo")
TOL = 1.5 * MM
HANGING = set("，。、；：？！）》”")


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {', '.join(missing)} for the PDF layout tests")
        pytest.skip(f"not installed: {', '.join(missing)}")


# Print as the office prints: with the blank page an even-page break (版记) inserts, which LibreOffice's
# PDF export leaves out unless told.
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Convert with a private LibreOffice profile so parallel runs do not collide."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = out_dir / (docx_path.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def bbox_pages(pdf: Path) -> list[Page]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for w, h, body in _PAGE.findall(html):
        words = [Word(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(body)]
        pages.append(Page(float(w), float(h), words))
    return pages


@dataclass
class Printed:
    pdf: Path
    pages: list[Page]
    text: str  # whitespace removed
    blocks: list[B.Block]


def _print(files: ReportFiles, report_fn, template: str, tmp: Path) -> Printed:  # type: ignore[no-untyped-def]
    _require_tools()
    pdf = to_pdf(files.notice_docx, tmp)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    blocks = render_notice(report_fn(), template).blocks
    return Printed(pdf, bbox_pages(pdf), re.sub(r"\s+", "", text), blocks)


@pytest.fixture(scope="module")
def printed000(files000: ReportFiles, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(files000, seed000_report, "dengzhou", tmp_path_factory.mktemp("pdf000"))


@pytest.fixture(scope="module")
def printed001(files001: ReportFiles, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(files001, seed001_report, "xinxiang", tmp_path_factory.mktemp("pdf001"))


@pytest.fixture(scope="module")
def printed002(files002: ReportFiles, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(files002, seed002_report, "tongbai", tmp_path_factory.mktemp("pdf002"))


ALL = ["printed000", "printed001", "printed002"]


def _is_footer(page: Page, word: Word) -> bool:
    bottom_margin = 35 * MM if page.width < page.height else 26 * MM
    return word.y0 > page.height - bottom_margin


@pytest.mark.parametrize("name", ALL)
def test_pages_are_a4(name: str, request: pytest.FixtureRequest) -> None:
    printed: Printed = request.getfixturevalue(name)
    for page in printed.pages:
        size = sorted((round(page.width), round(page.height)))
        assert size == [595, 842], size
    assert printed.pages[0].width < printed.pages[0].height  # the notice itself is portrait


@pytest.mark.parametrize("name", ALL)
def test_text_stays_inside_the_gbt_type_area(name: str, request: pytest.FixtureRequest) -> None:
    printed: Printed = request.getfixturevalue(name)
    for n, page in enumerate(printed.pages, 1):
        portrait = page.width < page.height
        left, top = (28 * MM, 37 * MM) if portrait else (37 * MM, 28 * MM)
        right = page.width - (26 * MM if portrait else 35 * MM)
        bottom = page.height - (35 * MM if portrait else 26 * MM)
        body = [w for w in page.words if not _is_footer(page, w)]
        if not page.words and n == len(printed.pages) - 1:
            continue  # the blank page before a 版记 that must fall on an even page
        assert body, f"page {n} is empty"
        assert all(re.fullmatch(r"[—\d]+", w.text) for w in page.words if _is_footer(page, w))
        assert min(w.x0 for w in body) >= left - TOL, f"page {n} left margin"
        for w in body:  # LibreOffice hangs a line-final 。，past the margin (kinsoku), nothing else
            hang = 16.5 if w.text[-1] in HANGING else 0
            assert w.x1 <= right + TOL + hang, f"page {n} right margin: {w.text}"
        assert min(w.y0 for w in body) >= top - TOL, f"page {n} top margin"
        assert max(w.y1 for w in body) <= bottom + TOL, f"page {n} bottom margin"


def test_text_reaches_the_margins(printed000: Printed) -> None:
    """Full lines span the 156 mm type width: left edge at 28 mm, right edge near 184 mm."""
    page = printed000.pages[1]
    body = [w for w in page.words if not _is_footer(page, w)]
    assert min(w.x0 for w in body) == pytest.approx(28 * MM, abs=TOL)
    assert max(w.x1 for w in body) == pytest.approx(184 * MM, abs=3 * MM)


def test_body_line_pitch_is_22_lines_per_page(printed000: Printed) -> None:
    page = printed000.pages[1]  # page 2 is running text only
    tops = sorted({round(w.y0) for w in page.words if not _is_footer(page, w)})
    pitches = [b - a for a, b in itertools.pairwise(tops) if b - a > 5]
    assert statistics.median(pitches) == pytest.approx(28.95, abs=0.6)
    assert 21 <= len(tops) <= 22


def test_page_numbers_alternate_sides(printed000: Printed) -> None:
    odd, even = printed000.pages[0], printed000.pages[1]
    for page in (odd, even):
        footer = [w for w in page.words if _is_footer(page, w)]
        assert footer and all(re.fullmatch(r"[—\d]+", w.text) for w in footer)
        dash_top = min(w.y0 for w in footer)
        assert page.height - 35 * MM + 2 * MM <= dash_top <= page.height - 35 * MM + 12 * MM
    assert min(w.x0 for w in odd.words if _is_footer(odd, w)) > odd.width / 2
    assert max(w.x1 for w in even.words if _is_footer(even, w)) < even.width / 2


def test_imprint_page_has_no_number_and_sits_at_the_bottom(printed000: Printed) -> None:
    last = printed000.pages[-1]
    assert not [w for w in last.words if _is_footer(last, w)]
    printed_line = [w for w in last.words if "印发" in w.text]
    assert printed_line and printed_line[0].y1 > last.height - 35 * MM - 15 * MM


def _red_pixels(png: Path, top_fraction: float) -> int:
    img = Image.open(png).convert("RGB")
    w, h = img.size
    box = img.crop((0, 0, w, int(h * top_fraction)))
    px = np.asarray(box, dtype=np.int16)
    return int(((px[..., 0] > 200) & (px[..., 1] < 90) & (px[..., 2] < 90)).sum())


@pytest.mark.parametrize("name", ALL)
def test_red_issuer_mark_on_page_one_only(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    printed: Printed = request.getfixturevalue(name)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(printed.pdf), str(tmp_path / "p")],
        check=True,
    )
    first, second = sorted(tmp_path.glob("p-*.png"))
    assert _red_pixels(first, 0.45) > 300
    assert _red_pixels(second, 1.0) == 0


def _unit_column(table: B.Table) -> int:
    for name in ("单位", "单位名称", "部门", "网站名称", "解读单位"):
        if name in table.header:
            return table.header.index(name)
    raise AssertionError(f"no unit column in {table.header}")


@pytest.mark.parametrize("name", ALL)
def test_every_attachment_table_is_printed_complete(name: str, request: pytest.FixtureRequest) -> None:
    printed: Printed = request.getfixturevalue(name)
    attachments = [b for b in printed.blocks if isinstance(b, B.Attachment)]
    tables = [b for b in printed.blocks if isinstance(b, B.Table)]
    assert attachments and len(tables) == len(attachments)
    for att in attachments:
        assert re.sub(r"\s+", "", att.title) in printed.text, att.title
    for table in tables:
        col = _unit_column(table)
        assert "".join(table.header[col].split()) in printed.text
        for row in table.rows:
            assert re.sub(r"\s+", "", row[col]) in printed.text, (table.name, row[col])


def test_seed_figures_survive_printing(printed000: Printed, printed001: Printed, printed002: Printed) -> None:
    assert "合格28个，合格率56%" in printed000.text and "合格率95.45%" in printed000.text
    assert "合格率为95.9%" in printed001.text
    assert "合格率为71.4%" in printed002.text and "合格率为83.7%" in printed002.text


# Characters that may not begin a line (GB/T 15834 / kinsoku): a line before one of them may end early.
NO_LINE_START = set("，。、；：？！）》」』”’…—%")


def _lines(page: Page) -> list[tuple[float, float, str]]:
    """(left, right, text) of each printed line of the body, top to bottom."""
    rows: dict[int, list[Word]] = {}
    for w in page.words:
        if not _is_footer(page, w):
            rows.setdefault(round(w.y0), []).append(w)
    out = []
    for _, words in sorted(rows.items()):
        words.sort(key=lambda w: w.x0)
        out.append((words[0].x0, words[-1].x1, "".join(w.text for w in words)))
    return out


def _cjk(text: str) -> bool:
    return all(ord(ch) > 0x2E80 for ch in text)


def test_full_lines_hold_28_characters(printed000: Printed) -> None:
    """Every running-text line that is full (left to right margin, Chinese only) holds 28 characters,
    unless the next line starts with something the line could not take (digits, a closing mark)."""
    full = []
    # pages 2 and 3 hold running text only; a page's last line is followed by the next page's first
    page2, page3, page4 = (_lines(page) for page in printed000.pages[1:4])
    lines = page2 + page3 + page4[:1]
    for (x0, x1, text), (_, _, after) in itertools.pairwise(lines):
        full_width = abs(x0 - 28 * MM) < 1 and x1 > 183 * MM
        if full_width and _cjk(text) and _cjk(after[:1]) and after[0] not in NO_LINE_START:
            full.append(text)
    assert len(full) >= 10, full
    assert {len(t) for t in full} == {28}, [t for t in full if len(t) != 28]


def test_docx_declares_the_gbt_grid(files000: ReportFiles) -> None:
    """22 lines of 28.95 pt and the 28-character pitch are declared in every section's w:docGrid."""
    import zipfile

    with zipfile.ZipFile(files000.notice_docx) as z:
        xml = z.read("word/document.xml").decode()
    grids = re.findall(r"<w:docGrid [^>]*/>", xml)
    assert grids and all('w:linePitch="579"' in g and 'w:charSpace="-848"' in g for g in grids), grids
    assert all('w:type="lines"' in g for g in grids)


def test_imprint_is_on_the_last_even_page(
    printed000: Printed, printed001: Printed, printed002: Printed
) -> None:
    """GB/T 9704 8.1: the 版记 is on the last page, an even one (a blank page before it when needed)."""
    for printed in (printed000, printed001, printed002):
        assert len(printed.pages) % 2 == 0, len(printed.pages)
        imprint = [
            n for n, page in enumerate(printed.pages) if any(w.text.endswith("日印发") for w in page.words)
        ]
        assert imprint == [len(printed.pages) - 1]
    assert any(not page.words for page in printed002.pages)  # 002's attachments end on an even page
