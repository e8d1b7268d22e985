"""GB/T 9704-2012 page and type settings for python-docx documents (A4, 22 lines × 28 characters).

Fonts are named as the offices' Windows/WPS machines have them; fontTable altNames give fallbacks.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Font names (w:rFonts eastAsia) and the fallbacks written to fontTable.xml as w:altName.
XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"
FALLBACKS = {XIAOBIAOSONG: "华文中宋", FANGSONG: "仿宋", KAITI: "楷体", HEITI: "SimHei", SONGTI: "SimSun"}

RED = RGBColor(0xFF, 0x00, 0x00)
SIZE_2 = Pt(22)  # 2号
SIZE_3 = Pt(16)  # 3号
SIZE_4 = Pt(14)  # 4号
SIZE_TABLE = Pt(12)  # 小4号, table cells

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TYPE_W, TYPE_H = Mm(156), Mm(225)
LINES, CHARS = 22, 28  # GB/T 9704 7.1: 22 lines a page, 28 characters a line
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines = 28.95 pt
LINE = Pt(LINE_PITCH_TWIPS / 20)
CHAR_PITCH_PT = TYPE_W.pt / CHARS  # 156 mm / 28 = 15.79 pt: one 字 of 3号 (16 pt) on the grid
# w:docGrid/@w:charSpace: the grid's character pitch minus the body font size (3号, 16 pt) in 1/4096 pt
# (ECMA-376 17.6.5): −848 for 28 characters of 3号 on the 156 mm line.
GRID_CHAR_SPACE = round((CHAR_PITCH_PT - SIZE_3.pt) * 4096)
CHAR = Pt(CHAR_PITCH_PT)  # one 字 of body text
CHAR_SPACING_TWIPS = -5  # 16 pt − 0.25 pt glyph advance: 28 characters (441 pt) fill the 442.2 pt line
FOOTER_DISTANCE = Mm(22)  # the page number's em-dash ≈ 7 mm below the type area


def set_fonts(rpr_owner: BaseOxmlElement, east_asia: str, latin: str = LATIN) -> None:
    """Set w:rFonts on an element's rPr (style, run or docDefaults); drops theme font references."""
    if hasattr(rpr_owner, "get_or_add_rPr"):
        rpr = rpr_owner.get_or_add_rPr()
    else:  # docDefaults' w:rPrDefault
        rpr = rpr_owner.find(qn("w:rPr"))
        if rpr is None:
            rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
            rpr_owner.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def style_run(
    run: Run,
    font: str = FANGSONG,
    size: Pt | None = None,
    bold: bool | None = None,
    color: RGBColor | None = None,
    latin: str = LATIN,
) -> Run:
    set_fonts(run._r, font, latin)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def exact_lines(par: Paragraph, pitch: Pt | Emu = LINE) -> None:
    """Exact line spacing; a pitch other than the grid's leaves the line grid (as Word does for it)."""
    fmt = par.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = pitch
    if int(pitch) != int(LINE):
        no_grid(par)


def indent_chars(par: Paragraph, first: float = 0, left: float = 0, right: float = 0) -> None:
    """Indent in 字 (w:firstLineChars etc., with absolute values for older readers)."""
    fmt = par.paragraph_format
    fmt.first_line_indent = Emu(int(CHAR * first)) if first >= 0 else None
    if first < 0:
        fmt.first_line_indent = Emu(int(CHAR * first))
    fmt.left_indent = Emu(int(CHAR * left))
    fmt.right_indent = Emu(int(CHAR * right))
    ind = par._p.get_or_add_pPr().get_or_add_ind()
    if first > 0:
        ind.set(qn("w:firstLineChars"), str(int(first * 100)))
    elif first < 0:
        ind.set(qn("w:hangingChars"), str(int(-first * 100)))
    if left:
        ind.set(qn("w:leftChars"), str(int(left * 100)))
    if right:
        ind.set(qn("w:rightChars"), str(int(right * 100)))


def setup_page(section: Section, landscape: bool = False) -> None:
    """A4 with the GB/T margins; landscape pages turn the type area (binding edge stays left)."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_H, PAGE_W
        section.top_margin, section.bottom_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.left_margin, section.right_margin = MARGIN_TOP, MARGIN_BOTTOM
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_W, PAGE_H
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = FOOTER_DISTANCE if not landscape else Mm(12)
    section.gutter = Mm(0)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {nsdecls('w')}/>")
        sect.append(grid)
    # The GB/T 9704 grid: 22 lines of 28.95 pt (Word's 文档网格 "只指定行网格") with the 28-character pitch
    # in charSpace; the 28 characters a line come from the body style's glyph advance (16 pt − 0.25 pt,
    # CHAR_SPACING_TWIPS), which Word, WPS and LibreOffice all honour. Not "linesAndChars": LibreOffice
    # snaps a 16 pt character to two 15.79 pt cells of a character grid (14 a line, measured), ignoring the
    # spacing. Table cells, footers and the 版记 opt out of the line grid (`no_grid`).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))


def type_width(section: Section) -> int:
    return int(section.page_width or PAGE_W) - int(section.left_margin or 0) - int(section.right_margin or 0)


def setup_styles(doc: DocxDocument) -> None:
    """Body 3号仿宋 at a fixed 28.95 pt pitch; headings 黑体 / 楷体_GB2312 / 仿宋_GB2312."""
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            set_fonts(rpr_default, FANGSONG)
            rpr = rpr_default.find(qn("w:rPr"))
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
                rpr.append(lang)
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
            size = rpr.find(qn("w:sz"))  # the grid's charSpace counts from the default size: 3号
            if size is None:
                size = parse_xml(f"<w:sz {nsdecls('w')}/>")
                insert_ordered(rpr, size, _RPR_AFTER_SPACING[_RPR_AFTER_SPACING.index(qn("w:sz")) + 1 :])
            size.set(qn("w:val"), str(int(SIZE_3.pt * 2)))
    normal = doc.styles["Normal"]
    set_fonts(normal.element, FANGSONG)
    normal.font.size = SIZE_3
    normal.font.color.rgb = RGBColor(0, 0, 0)
    rpr = normal.element.get_or_add_rPr()
    spacing = parse_xml(f'<w:spacing {nsdecls("w")} w:val="{CHAR_SPACING_TWIPS}"/>')
    insert_ordered(rpr, spacing, _RPR_AFTER_SPACING)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.widow_control = False
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # punctuation stays inside the 156 mm line (no hanging 。，past the right margin)
    ppr = normal.element.get_or_add_pPr()
    after = _PPR_AFTER_BDR[_PPR_AFTER_BDR.index(qn("w:topLinePunct")) :]
    insert_ordered(ppr, parse_xml(f'<w:overflowPunct {nsdecls("w")} w:val="0"/>'), after)
    for name, font in (("Heading 1", HEITI), ("Heading 2", KAITI), ("Heading 3", FANGSONG)):
        st = doc.styles[name]
        set_fonts(st.element, font)
        st.font.size = SIZE_3
        st.font.bold = False
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)
        hf = st.paragraph_format
        hf.space_before = Pt(0)
        hf.space_after = Pt(0)
        hf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hf.line_spacing = LINE
        hf.keep_with_next = True
        hf.first_line_indent = Emu(int(CHAR * 2))
    for name in ("Header", "Footer"):
        st = doc.styles[name]
        set_fonts(st.element, SONGTI, SONGTI)
        st.font.size = SIZE_4
        st.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _font_fallbacks(doc)


def _font_fallbacks(doc: DocxDocument) -> None:
    """Declare the GB fonts in fontTable.xml with w:altName so Word/WPS substitute sensibly."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = parse_xml(part.blob)
        for name, alt in FALLBACKS.items():
            font = parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
            root.append(font)
        from lxml import etree

        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def page_number_footers(doc: DocxDocument, section: Section) -> None:
    """`— 1 —` in 4号宋体: odd pages flush right less one 字, even pages flush left plus one 字."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        par.alignment = align
        fmt = par.paragraph_format
        fmt.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = SIZE_4
        else:
            fmt.left_indent = SIZE_4
        style_run(par.add_run("— "), SONGTI, SIZE_4, latin=SONGTI)
        _page_field(par)
        style_run(par.add_run(" —"), SONGTI, SIZE_4, latin=SONGTI)


DRAFT_HEADER = "草稿　未经核定　不得印发"


def draft_headers(section: Section) -> None:
    """草稿 in red 黑体 at the head of every page (odd and even headers; later sections link to them)."""
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        par = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.first_line_indent = Pt(0)
        style_run(par.add_run(DRAFT_HEADER), HEITI, SIZE_3, bold=True, color=RED)


def _page_field(par: Paragraph) -> None:
    w = nsdecls("w")
    for xml in (
        f'<w:fldChar {w} w:fldCharType="begin"/>',
        f'<w:instrText {w} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {w} w:fldCharType="separate"/>',
        f"<w:t {w}>1</w:t>",
        f'<w:fldChar {w} w:fldCharType="end"/>',
    ):
        run = style_run(par.add_run(), SONGTI, SIZE_4, latin=SONGTI)
        run._r.append(parse_xml(xml))


_PPR_AFTER_BDR = tuple(
    qn(f"w:{n}")
    for n in [
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)
_RPR_AFTER_SPACING = tuple(
    qn(f"w:{n}")
    for n in [
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
)


_PPR_AFTER_SNAP = _PPR_AFTER_BDR[_PPR_AFTER_BDR.index(qn("w:spacing")) :]


def no_grid(par: Paragraph) -> None:
    """Do not snap this paragraph's lines to the 28.95 pt document grid (tables, footers)."""
    ppr = par._p.get_or_add_pPr()
    if ppr.find(qn("w:snapToGrid")) is None:
        insert_ordered(ppr, parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'), _PPR_AFTER_SNAP)


def insert_ordered(parent: BaseOxmlElement, child: BaseOxmlElement, successors: tuple[str, ...]) -> None:
    """Insert `child` before the first existing successor, keeping the schema's element order."""
    for el in parent:
        if el.tag in successors:
            el.addprevious(child)
            return
    parent.append(child)


def border(
    par: Paragraph, side: str = "bottom", color: str = "FF0000", size_eighths: int = 12, space_pt: int = 4
) -> None:
    """A paragraph rule (red header rule under the 发文字号; 版记 rules)."""
    ppr = par._p.get_or_add_pPr()
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = parse_xml(f"<w:pBdr {nsdecls('w')}/>")
        insert_ordered(ppr, pbdr, _PPR_AFTER_BDR)
    el = parse_xml(
        f'<w:{side} {nsdecls("w")} w:val="single" w:sz="{size_eighths}" w:space="{space_pt}" w:color="{color}"/>'
    )
    pbdr.append(el)
    order = [qn(f"w:{n}") for n in ("top", "left", "bottom", "right", "between", "bar")]
    for child in sorted(pbdr, key=lambda c: order.index(c.tag) if c.tag in order else 99):
        pbdr.append(child)
