"""Evidence labels: every evidence field a check writes has a Chinese label, values read as Chinese."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from govinspect.checks.catalog import check_catalog
from govinspect.model import TZ, Evidence, Finding, TargetKind, Verdict
from govinspect.reports import blocks as B
from govinspect.reports.data import Issuer, RoundReport, SiteRow
from govinspect.reports.docx_writer import write_docx
from govinspect.reports.evidence import (
    EVIDENCE_HEADER,
    FIELDS,
    check_label,
    evidence_basis,
    evidence_items,
    evidence_rows,
    evidence_text,
)
from govinspect.reports.rectify import unit_problems
from govinspect.reports.templating import environment, template_dir
from govinspect.reports.text_writers import to_html, to_markdown
from govinspect.reports.xlsx_writer import write_xlsx

_CJK = re.compile(r"[\u4e00-\u9fff]")
ID = "11010519491231002X"


def _report(unit: str, *findings: Finding) -> RoundReport:
    return RoundReport(
        jurisdiction="梅溪县",
        issuer=Issuer("梅溪县人民政府办公室", dt.date(2023, 6, 21)),
        round_name="R",
        period="2023年第二季度",
        checkpoint=dt.datetime(2023, 6, 20, 23, 59, tzinfo=TZ),
        check_start=dt.date(2023, 6, 20),
        sites=[SiteRow(unit=unit, site_name=f"梅溪{unit}", verdict=Verdict.PASS, findings=findings)],
        rectify_workdays=5,
    )


def _declared() -> set[str]:
    return {k for meta in check_catalog().values() for k in meta.evidence}  # website, media and 人工


def test_every_declared_evidence_field_has_a_chinese_label_or_is_internal() -> None:
    missing = sorted(k for k in _declared() if k not in FIELDS)
    assert not missing, f"evidence fields without a label in reports/evidence.py: {missing}"
    for key, f in FIELDS.items():
        assert f.internal or _CJK.search(f.label), key


def test_every_check_has_a_chinese_name() -> None:
    for code in check_catalog():
        assert _CJK.search(check_label(code)) and "." not in check_label(code), code
    assert check_label("no.such_code") == "其他问题"


def test_privacy_basis_is_its_own_field_never_a_page() -> None:
    detail = {
        "matched": "4190**********1013",
        "context": "申请人张某某（身份证号：419001198503121013）",
        "source": "GB 11643-1999《公民身份号码》",
        "published": "2023-06-03",
        "pages": ["http://a.gov.cn/1.html"],
    }
    items = dict(evidence_items("privacy.id_number", detail))
    assert evidence_basis("privacy.id_number", detail) == "GB 11643-1999《公民身份号码》"
    assert "GB 11643" not in evidence_text("privacy.id_number", detail)
    assert items["发布日期"] == "2023年6月3日" and items["涉及页面"] == "http://a.gov.cn/1.html"
    # a manual finding's source is how it was found, not a legal basis
    assert evidence_basis("manual.layout", {"source": "人工"}) == ""
    assert dict(evidence_items("manual.layout", {"source": "人工"})) == {"检查方式": "人工"}


def test_records_codes_and_flags_are_written_for_people() -> None:
    detail = {
        "link": "http://a.gov.cn/x.jpg",
        "final_url": "http://a.gov.cn/x.jpg",
        "kind": "img",
        "internal": True,
        "status": 404,
        "error": "http_4xx",
        "sources": [{"page": "http://a.gov.cn/p.html", "anchor": "图片"}],
        "position": 3,
        "some_new_key": {"x": 1},
    }
    text = evidence_text("link.broken_image", detail)
    assert text == (
        "问题链接：http://a.gov.cn/x.jpg；状态：404；错误类型：页面不存在或禁止访问；"
        "出现页面：http://a.gov.cn/p.html（链接文字：图片）"
    )
    probes = [{"at": "2023-06-14T04:47:59+08:00", "status": 503, "error": "http_5xx"}] * 7
    shown = evidence_text("availability.unreachable", {"ratio": 0.3, "failed_probes": probes})
    assert shown.startswith("失败率：30.0%；失败记录：2023年6月14日 04:47（状态：503，错误类型：服务器错误）")
    assert shown.endswith("等7项")
    stats = {"stats": {"letters": 5, "replied": 5}, "letters": [{"title": "咨询", "replied": None}]}
    assert evidence_text("interaction.late_reply", stats) == "留言统计：留言数：5件，已答复：5件；留言：咨询"


@pytest.mark.parametrize("bad", ["{'", "['", "None", "True", "_url", "."])
def test_no_dump_in_a_sheet_row(bad: str) -> None:
    f = Finding(
        code="column.stale",
        target_kind=TargetKind.SITE,
        target="1",
        message="栏目“工作动态”2周内未更新",
        evidence=Evidence(
            url="http://a.gov.cn/gzdt/",
            captured_at=dt.datetime(2023, 6, 20, 10, 30, tzinfo=TZ),
            detail={"column": "工作动态", "newest_date": None, "registered": True, "window_days": 14},
        ),
    )
    report = _report("县民政局", f)
    (row,) = evidence_rows(report)
    assert len(row) == len(EVIDENCE_HEADER)
    assert row[2] == check_catalog()["column.stale"].name
    assert row[5] == "2023年6月20日 10:30" and row[6] == "栏目：工作动态"
    cells = [str(c) for c in row if not str(c).startswith("http")]
    assert not [c for c in cells if bad in c]


def test_rectify_items_carry_masked_number_and_basis() -> None:
    f = Finding(
        code="privacy.mobile",
        target_kind=TargetKind.SITE,
        target="1",
        message="泄露个人手机号码：13957955023未脱敏",
        evidence=Evidence(
            url="http://a.gov.cn/1.html", detail={"matched": "13957955023", "source": "《个人信息保护法》"}
        ),
    )
    report = _report("县人社局", f)
    (item,) = unit_problems(report)["县人社局"]
    assert "13957955023" not in item.message + item.proof
    assert item.proof == "问题表述：139****5023；规则依据：《个人信息保护法》"


def _unzipped(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_every_writer_masks_personal_numbers(tmp_path: Path) -> None:
    """Even a number that reached the blocks unmasked is written masked by every writer."""
    text = f"公示：张三，身份证号{ID}，手机13957955023"
    blocks: list[B.Block] = [
        B.Title(text),
        B.Paragraph([(text, False), ("13957955023", True)]),
        B.Table(["序号", "存在问题"], [["1", text]], name="附件1"),
    ]
    docx_path = write_docx(blocks, tmp_path / "n.docx")
    xlsx_path = write_xlsx(blocks, tmp_path / "n.xlsx")
    outputs = {
        "docx": _unzipped(docx_path),
        "xlsx": _unzipped(xlsx_path),
        "md": to_markdown(blocks),
        "html": to_html(blocks, environment(template_dir("default")), text),
    }
    for name, out in outputs.items():
        assert ID not in out and "13957955023" not in out, name
        assert "1101**********002X" in out and "139****5023" in out, name
