"""Write notice blocks as a GB/T 9704-2012 .docx: red issuer mark, rule, title, body, 附件 pages, 版记.

Layout numbers live in `gbt9704`; this module only places the blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

import govinspect.reports.blocks as B
import govinspect.reports.gbt9704 as G
from govinspect.privacy import mask_values

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_IMPRINT_ROW_PT = 26
_TBLPR_AFTER_BORDERS = tuple(
    qn(f"w:{n}") for n in ["shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]
)


def char_width(text: str) -> float:
    """Width in 字: CJK characters count 1, ASCII (digits, Latin) count ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


_BREAK_AFTER = set("于年与及和的、，）》")


def split_title(text: str, max_width: float = 20.0) -> list[str]:
    """Break a long title at word-like boundaries into lines of similar width (GB/T: trapezoid/diamond).

    Prefers breaks after 于/年/与/及/的 and punctuation; falls back to the balanced midpoint.
    """
    total = char_width(text)
    if total <= max_width:
        return [text]
    nlines = int(total // max_width) + 1
    target = total / nlines
    lines: list[str] = []
    rest = text
    for _ in range(nlines - 1):
        best, best_cost = 0, float("inf")
        for i in range(1, len(rest)):
            head = char_width(rest[:i])
            if head > max_width:
                break
            cost = abs(head - target) + (0 if rest[i - 1] in _BREAK_AFTER else 3)
            if rest[i - 1].isdigit() and rest[i].isdigit():
                cost += 100
            if cost < best_cost:
                best, best_cost = i, cost
        if best == 0:
            break
        lines.append(rest[:best])
        rest = rest[best:]
    lines.append(rest)
    return lines


class DocxWriter:
    """Places blocks into a python-docx Document with the GB/T 9704 layout."""

    def __init__(
        self, charts: dict[str, Path] | None = None, include_charts: bool = False, draft: bool = False
    ) -> None:
        self.doc: DocxDocument = docx.Document()
        G.setup_styles(self.doc)
        self.section = self.doc.sections[0]
        G.setup_page(self.section)
        G.page_number_footers(self.doc, self.section)
        if draft:
            G.draft_headers(self.section)
        self.landscape = False
        self.head_last: DocxParagraph | None = None
        self.space_next = 0  # blank lines before the next body paragraph
        self.charts = charts or {}
        self.include_charts = include_charts
        self.doc.core_properties.language = "zh-CN"

    # -- helpers ---------------------------------------------------------------------------------
    def _par(
        self, text: str = "", font: str = G.FANGSONG, size: Pt = G.SIZE_3, **run_kw: object
    ) -> DocxParagraph:
        par = self.doc.add_paragraph()
        if text:
            G.style_run(par.add_run(text), font, size, **run_kw)  # type: ignore[arg-type]
        if self.space_next:
            par.paragraph_format.space_before = Emu(int(G.LINE * self.space_next))
            self.space_next = 0
        return par

    def _new_page(self, landscape: bool) -> bool:
        """Start a new page; a new section when the orientation changes. True if a section was added."""
        if landscape == self.landscape:
            return False
        self.section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        G.setup_page(self.section, landscape)
        self.landscape = landscape
        return True

    # -- blocks ----------------------------------------------------------------------------------
    def write(self, blocks: Sequence[B.Block]) -> DocxDocument:
        for idx, block in enumerate(blocks):
            method = getattr(self, "_" + type(block).__name__.lower())
            method(block, blocks[idx + 1 :])
        props = self.doc.core_properties
        props.title = next((b.text for b in blocks if isinstance(b, B.Title)), "")
        issuer = next((b.name for b in blocks if isinstance(b, B.Signature)), "")
        issuer = issuer or next((b.left for b in blocks if isinstance(b, B.IssueLine)), "")
        props.author = props.last_modified_by = issuer or "govinspect"
        props.comments = ""
        return self.doc

    def _mark(self, b: B.Mark, rest: Sequence[B.Block]) -> None:
        briefing = any(isinstance(x, B.IssueLine) for x in rest[:3])
        top = Mm(0) if briefing else Mm(35)  # 文件 format: mark 35 mm below the type-area top
        if b.upper:
            up = self._par(b.upper, G.XIAOBIAOSONG, G.SIZE_2, color=G.RED)
            up.alignment = _CENTER
            G.exact_lines(up, Pt(30))
            up.paragraph_format.space_before = top
            top = Mm(0)
        size = max(22.0, min(48.0, 0.9 * 442 / max(char_width(b.text), 1)))
        par = self._par(b.text, G.XIAOBIAOSONG, Pt(int(size)), color=G.RED)
        par.alignment = _CENTER
        G.exact_lines(par, Pt(int(size * 1.3)))
        par.paragraph_format.space_before = top
        self.head_last = par

    def _docno(self, b: B.DocNo, rest: Sequence[B.Block]) -> None:
        par = self._par(b.text)
        par.alignment = _CENTER
        par.paragraph_format.space_before = Emu(int(G.LINE * 2))
        self.head_last = par

    def _issueline(self, b: B.IssueLine, rest: Sequence[B.Block]) -> None:
        par = self._par(b.issue)
        par.alignment = _CENTER
        par.paragraph_format.space_before = Emu(int(G.LINE * 0.5))
        if b.left or b.right:
            line = self._par(f"{b.left}\t{b.right}")
            line.paragraph_format.tab_stops.add_tab_stop(
                Emu(G.type_width(self.section)), WD_TAB_ALIGNMENT.RIGHT
            )
            line.paragraph_format.space_before = Emu(int(G.LINE * 0.5))
            par = line
        self.head_last = par

    def _title(self, b: B.Title, rest: Sequence[B.Block]) -> None:
        if self.head_last is not None:
            G.border(self.head_last, "bottom", "FF0000", 12, 11)  # red rule 4 mm below
            self.head_last = None
            self.space_next = 2
        par = self._par()
        for n, line in enumerate(split_title(b.text)):
            run = G.style_run(par.add_run(line), G.XIAOBIAOSONG, G.SIZE_2)
            if n:
                run._r.addprevious(_line_break())
        par.alignment = _CENTER
        G.exact_lines(par, Pt(36))
        self.space_next = 1

    def _recipients(self, b: B.Recipients, rest: Sequence[B.Block]) -> None:
        self._par(b.text)
        self.space_next = 0

    def _heading(self, b: B.Heading, rest: Sequence[B.Block]) -> None:
        par = self._par()
        par.style = self.doc.styles[f"Heading {b.level}"]
        font = {1: G.HEITI, 2: G.KAITI}.get(b.level, G.FANGSONG)
        for text, bold in B.parse_runs(b.text):
            G.style_run(par.add_run(text), font, G.SIZE_3, bold=bold or None)
        G.indent_chars(par, first=2)

    def _paragraph(self, b: B.Paragraph, rest: Sequence[B.Block]) -> None:
        par = self._par()
        for text, bold in b.runs:
            G.style_run(par.add_run(text), G.FANGSONG, G.SIZE_3, bold=bold or None)
        if b.align == "indent":
            G.indent_chars(par, first=2)
        elif b.align == "center":
            par.alignment = _CENTER
        elif b.align == "right":
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            par.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def _annexlist(self, b: B.AnnexList, rest: Sequence[B.Block]) -> None:
        self.space_next = 1
        many = len(b.items) > 1
        for n, item in enumerate(b.items, 1):
            label = f"{n}. {item}" if many else item
            if n == 1:
                par = self._par("附件：" + label)
                G.indent_chars(par, first=-3, left=5)
            else:
                par = self._par(label)
                G.indent_chars(par, left=5)
            par.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def _signature(self, b: B.Signature, rest: Sequence[B.Block]) -> None:
        date_w = char_width(b.date)
        sig_right = max(0.0, 4 + (date_w - char_width(b.name)) / 2)  # signatory centred on the date
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 and body[-1].tag == qn("w:sectPr") else body[-1]
        if last.tag == qn("w:p"):  # GB/T 9704: no page holds the signature and date alone
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        sig = self._par(b.name)
        sig.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        sig.paragraph_format.space_before = Emu(int(G.LINE * 2))
        sig.paragraph_format.keep_with_next = True  # the signatory never ends a page without its date
        G.indent_chars(sig, right=sig_right)
        date = self._par(b.date)
        date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        G.indent_chars(date, right=4)

    def _attachment(self, b: B.Attachment, rest: Sequence[B.Block]) -> None:
        landscape = False
        for nxt in rest:
            if isinstance(nxt, B.Attachment | B.Imprint):
                break
            if isinstance(nxt, B.Table):
                landscape = nxt.landscape
                break
        self.space_next = 0
        added = self._new_page(landscape)
        label = self._par(b.label, G.HEITI, G.SIZE_3)
        label.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if not added:
            label.paragraph_format.page_break_before = True
        title = self._par()
        for n, line in enumerate(split_title(b.title, max_width=28.0 if landscape else 20.0)):
            run = G.style_run(title.add_run(line), G.XIAOBIAOSONG, G.SIZE_2)
            if n:
                run._r.addprevious(_line_break())
        title.alignment = _CENTER
        G.exact_lines(title, Pt(36))
        title.paragraph_format.space_before = Emu(int(G.LINE))
        title.paragraph_format.space_after = Pt(8)
        title.paragraph_format.keep_with_next = True

    def _table(self, b: B.Table, rest: Sequence[B.Block]) -> None:
        self.space_next = 0
        ncols = len(b.header)
        table = self.doc.add_table(rows=1 + len(b.rows), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        width = G.type_width(self.section)
        weights = b.widths if len(b.widths) == ncols else [1.0] * ncols
        total = sum(weights)
        col_w = _column_widths(width, [w / total for w in weights], b.header, b.rows)
        _fixed_layout(table, width)
        for column, w in zip(table.columns, col_w, strict=True):
            column.width = w
        centred = [
            all(char_width(r[c]) <= 8 for r in b.rows) or b.header[c] in ("序号", "编号", "排名")
            for c in range(ncols)
        ]
        for ridx, row in enumerate(table.rows):
            values = b.header if ridx == 0 else b.rows[ridx - 1]
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
            if ridx == 0:
                tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
            for cidx, cell in enumerate(row.cells):
                cell.width = col_w[cidx]
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                par = cell.paragraphs[0]
                fmt = par.paragraph_format
                fmt.first_line_indent = Pt(0)
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                fmt.space_before = Pt(2)
                fmt.space_after = Pt(2)
                header = ridx == 0
                par.alignment = _CENTER if header or centred[cidx] else WD_ALIGN_PARAGRAPH.LEFT
                G.style_run(par.add_run(values[cidx]), G.HEITI if header else G.FANGSONG, G.SIZE_TABLE)
                G.no_grid(par)

    def _chart(self, b: B.Chart, rest: Sequence[B.Block]) -> None:
        path = self.charts.get(b.name)
        if not self.include_charts or path is None:
            return
        par = self._par()
        par.alignment = _CENTER
        G.exact_lines(par, Pt(1))
        par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        par.add_run().add_picture(str(path), width=Emu(int(G.type_width(self.section) * 0.85)))
        if b.caption:
            cap = self._par(b.caption, G.KAITI, G.SIZE_4)
            cap.alignment = _CENTER

    def _imprint(self, b: B.Imprint, rest: Sequence[B.Block]) -> None:
        """版记 on the last page, an even one (GB/T 9704 8.1: 版记 on the document's last, even page; an
        odd break leaves a blank page before it), its last rule on the type-area bottom, no page number."""
        self.section = self.doc.add_section(WD_SECTION.EVEN_PAGE)
        G.setup_page(self.section, False)
        self.landscape = False
        for footer in (self.section.footer, self.section.even_page_footer):
            footer.is_linked_to_previous = False
        lines = [*b.lines, f"{b.printed_by}\t{b.printed_date}"]
        type_h = int(G.PAGE_H) - int(G.MARGIN_TOP) - int(G.MARGIN_BOTTOM)
        spacer = self.doc.add_paragraph()
        G.no_grid(spacer)
        spacer_pt = type_h / 12700 - _IMPRINT_ROW_PT * len(lines) - 6
        G.exact_lines(spacer, Pt(max(1.0, spacer_pt)))
        table = self.doc.add_table(rows=len(lines), cols=1)
        width = G.type_width(self.section)
        _fixed_layout(table, width)
        table.columns[0].width = Emu(width)
        borders = parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            '<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:left w:val="nil"/>'
            '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:right w:val="nil"/>'
            '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
            '<w:insideV w:val="nil"/>'
            "</w:tblBorders>"
        )
        G.insert_ordered(table._tbl.tblPr, borders, _TBLPR_AFTER_BORDERS)
        for row, text in zip(table.rows, lines, strict=True):
            row.height = Pt(_IMPRINT_ROW_PT)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            cell = row.cells[0]
            cell.width = Emu(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            par = cell.paragraphs[0]
            fmt = par.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.left_indent = G.SIZE_4
            fmt.right_indent = G.SIZE_4
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            G.exact_lines(par, Pt(20))
            if "\t" in text:
                fmt.tab_stops.add_tab_stop(Emu(width - 2 * int(G.SIZE_4)), WD_TAB_ALIGNMENT.RIGHT)
            G.style_run(par.add_run(text), G.FANGSONG, G.SIZE_4)
            G.no_grid(par)
        tail = self.doc.add_paragraph()
        G.no_grid(tail)
        G.exact_lines(tail, Pt(1))

    def _pagebreak(self, b: B.PageBreak, rest: Sequence[B.Block]) -> None:
        self.doc.add_page_break()  # type: ignore[no-untyped-call]


def _line_break() -> BaseOxmlElement:
    br = parse_xml(f"<w:r {nsdecls('w')}><w:br/></w:r>")
    return br


def _column_widths(width: int, shares: list[float], header: list[str], rows: list[list[str]]) -> list[Emu]:
    """Share the type width; every column fits its header and short values (taken from the widest)."""
    cols = [int(width * share) for share in shares]
    need = []
    for c, head in enumerate(header):
        values = [char_width(r[c]) for r in rows if char_width(r[c]) <= 4]
        chars = max([char_width(head), *values])
        need.append(int(Pt(12)) * int(chars + 0.99) + int(Pt(12)))
    for i, minimum in enumerate(need):
        short = minimum - cols[i]
        if short > 0:
            widest = max(range(len(cols)), key=lambda k: cols[k] - need[k])
            if widest != i and cols[widest] - short >= need[widest]:
                cols[widest] -= short
                cols[i] += short
    return [Emu(c) for c in cols]


def _fixed_layout(table: DocxTable, width: int) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(int(width / 635)))
    table.autofit = False


def write_docx(
    blocks: Sequence[B.Block],
    path: Path,
    charts: dict[str, Path] | None = None,
    include_charts: bool = False,
    draft: bool = False,
) -> Path:
    """Write the blocks as a GB/T 9704 .docx; a `draft` says 草稿 in the header of every page."""
    doc = DocxWriter(charts, include_charts, draft).write([mask_values(b) for b in blocks])
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
