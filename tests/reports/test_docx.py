"""The notice .docx follows GB/T 9704-2012: page, fonts, red mark, headings, footers, attachment tables."""

from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from seed_reports import DENGZHOU_FAILING, TONGBAI_MAILBOX, XINXIANG_DEPTS

from govinspect.reports import blocks as B
from govinspect.reports.docx_writer import char_width, split_title, write_docx
from govinspect.reports.render import ReportFiles


def _east_asia(run) -> str:  # type: ignore[no-untyped-def]
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def _near(value: int | None, target: int, tol: int = int(Mm(0.2))) -> bool:
    return value is not None and abs(int(value) - int(target)) <= tol


def test_page_setup_a4_and_margins(files000: ReportFiles) -> None:
    doc = docx.Document(str(files000.notice_docx))
    first = doc.sections[0]
    assert _near(first.page_width, Mm(210)) and _near(first.page_height, Mm(297))
    assert _near(first.top_margin, Mm(37)) and _near(first.bottom_margin, Mm(35))
    assert _near(first.left_margin, Mm(28)) and _near(first.right_margin, Mm(26))
    landscape = [s for s in doc.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert landscape, "wide attachment tables need landscape sections"
    for sec in landscape:
        assert _near(sec.page_width, Mm(297)) and _near(sec.page_height, Mm(210))
        assert _near(sec.left_margin, Mm(37)) and _near(sec.top_margin, Mm(28))


def test_body_style_is_3hao_fangsong_at_fixed_pitch(files000: ReportFiles) -> None:
    doc = docx.Document(str(files000.notice_docx))
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    spacing = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * (16 + spacing / 20) <= 156 / 25.4 * 72  # 28 characters fit the 156 mm line


def test_red_issuer_mark_and_title(files000: ReportFiles) -> None:
    doc = docx.Document(str(files000.notice_docx))
    mark = doc.paragraphs[0]
    assert mark.text == "邓州政务督查"
    run = mark.runs[0]
    assert str(run.font.color.rgb) == "FF0000" and _east_asia(run) == "方正小标宋简体"
    rule_par = next(
        p for p in doc.paragraphs[:5] if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
    )
    bottom = rule_par._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    title = next(p for p in doc.paragraphs if p.text.startswith("关于2023年上半年"))
    assert title.runs[0].font.size == Pt(22) and _east_asia(title.runs[0]) == "方正小标宋简体"
    assert title.text.replace("\n", "") == "关于2023年上半年全市政府网站与政务新媒体检查及管理情况的通报"


def test_heading_fonts(files001: ReportFiles) -> None:
    doc = docx.Document(str(files001.notice_docx))
    h1 = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    h2 = next(p for p in doc.paragraphs if p.text == "（一）政府网站方面")
    assert h1.style.name == "Heading 1" and _east_asia(h1.runs[0]) == "黑体"
    assert h2.style.name == "Heading 2" and _east_asia(h2.runs[0]) == "楷体_GB2312"


def test_signature_right_indented_four_characters(files001: ReportFiles) -> None:
    doc = docx.Document(str(files001.notice_docx))
    date = next(p for p in doc.paragraphs if p.text == "2023年2月28日")
    ind = date._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:rightChars")) == "400"
    signatory = doc.paragraphs[[p._p for p in doc.paragraphs].index(date._p) - 1]
    assert signatory.paragraph_format.keep_with_next  # never split from its date by a page break
    body_end = doc.paragraphs[[p._p for p in doc.paragraphs].index(signatory._p) - 1]
    assert body_end.text and body_end.paragraph_format.keep_with_next  # nor alone on a page
    assert not date.paragraph_format.keep_with_next
    annex = next(p for p in doc.paragraphs if p.text.startswith("附件："))
    assert annex.text == "附件：1. 2023年第一季度各县（市）、区政府网站检查情况"


def test_page_numbers_alternate_sides(files000: ReportFiles) -> None:
    doc = docx.Document(str(files000.notice_docx))
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    for par in (odd, even):
        assert par.text.startswith("— ") and par.text.endswith(" —")
        assert "PAGE" in par._p.xml
        assert _east_asia(par.runs[0]) == "宋体" and par.runs[0].font.size == Pt(14)
    assert odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT


def test_imprint_page_has_no_page_number(files000: ReportFiles) -> None:
    doc = docx.Document(str(files000.notice_docx))
    last = doc.sections[-1]
    assert not last.footer.is_linked_to_previous and "PAGE" not in last.footer._element.xml
    imprint = doc.tables[-1]
    texts = [c.text for row in imprint.rows for c in row.cells]
    assert texts[0] == "报送：市“四大家”领导。" and texts[-1] == "邓州市人民政府办公室\t2023年6月21日印发"


def test_font_fallbacks_declared(files000: ReportFiles) -> None:
    doc = docx.Document(str(files000.notice_docx))
    table = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    xml = table.blob.decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in xml and 'w:altName w:val="仿宋"' in xml
    assert 'w:name="方正小标宋简体"' in xml


def test_attachment_tables_complete_with_repeating_header(files000: ReportFiles) -> None:
    doc = docx.Document(str(files000.notice_docx))
    sites = doc.tables[0]
    assert [c.text for c in sites.rows[0].cells] == ["序号", "单位", "网站名称", "结果", "存在问题"]
    assert sites.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [r.cells[1].text for r in sites.rows[1:]] == [u for u, *_ in DENGZHOU_FAILING]
    accounts = doc.tables[1]
    assert [c.text for c in accounts.rows[1].cells] == [
        "1",
        "市司法局",
        "微博",
        "邓州司法行政",
        "6月6日",
        "单否",
        "长期不更新（14天）",
    ]
    labels = [p.text for p in doc.paragraphs if p.text in ("附件1", "附件2")]
    assert labels == ["附件1", "附件2"]
    label = next(p for p in doc.paragraphs if p.text == "附件1")
    assert _east_asia(label.runs[0]) == "黑体"


def test_seed001_and_002_tables(files001: ReportFiles, files002: ReportFiles) -> None:
    d1 = docx.Document(str(files001.notice_docx))
    assert len(d1.tables[1].rows) == 1 + len(XINXIANG_DEPTS)
    assert d1.tables[2].rows[13].cells[1].text == "市直单位"
    d2 = docx.Document(str(files002.notice_docx))
    mailbox = next(t for t in d2.tables if t.rows[0].cells[0].text == "单位名称")
    assert [r.cells[0].text for r in mailbox.rows[1:]] == [u for u, *_ in TONGBAI_MAILBOX]


def test_split_title_breaks_at_words() -> None:
    assert split_title("关于2023年上半年全市政府网站与政务新媒体检查及管理情况的通报") == [
        "关于2023年上半年全市政府网站与",
        "政务新媒体检查及管理情况的通报",
    ]
    assert split_title("短标题") == ["短标题"]
    assert char_width("2023年") == 3.0


def test_charts_only_in_docx_when_asked(tmp_path, files000: ReportFiles) -> None:  # type: ignore[no-untyped-def]
    blocks = [B.Title("标题"), B.Chart("pass_rate", "合格率")]
    plain = write_docx(blocks, tmp_path / "a.docx", files000.charts)
    with_chart = write_docx(blocks, tmp_path / "b.docx", files000.charts, include_charts=True)
    assert not docx.Document(str(plain)).inline_shapes
    assert len(docx.Document(str(with_chart)).inline_shapes) == 1


@pytest.mark.parametrize("name", ["files000", "files001", "files002"])
def test_docx_text_carries_the_figures(name: str, request: pytest.FixtureRequest) -> None:
    files: ReportFiles = request.getfixturevalue(name)
    doc = docx.Document(str(files.notice_docx))
    text = "".join(p.text for p in doc.paragraphs)
    expected = {"files000": "合格率56%", "files001": "合格率为95.9%", "files002": "合格率为71.4%"}[name]
    assert expected in text


def test_core_properties_name_the_issuer(files000: ReportFiles) -> None:
    props = docx.Document(str(files000.notice_docx)).core_properties
    assert props.author == "邓州市人民政府办公室" and props.title.startswith("关于2023年上半年")
