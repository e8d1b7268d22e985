"""Office settings that cannot be forgotten: `report` refuses a notice with a blank 发文机关, 文号 or 主送机关
unless --draft (then every page says 草稿); 全县/全市, 县长信箱/市长信箱, 县直/市直 follow the jurisdiction."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from seed_reports import seed000_report, seed001_report, seed002_report
from typer.testing import CliRunner

from govinspect import model as m
from govinspect.cli import app
from govinspect.config import OfficeConfig, Settings, save_office_config
from govinspect.reports.data import Issuer, direct_units, level_of
from govinspect.reports.render import render_notice
from govinspect.store import Store

UNITS = ("县审计局", "县民政局")
OFFICE = {
    "name": "梅溪县人民政府办公室",
    "doc_number": "梅政办〔2023〕12号",
    "recipients": "各乡镇人民政府，县人民政府各部门",
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A judged round 2023Q2 of 梅溪县 (one site failing), without office.yaml."""
    settings = Settings(data_dir=tmp_path / "data")
    store = Store(settings.db_url())
    store.migrate()
    store.save_registry(
        m.Registry(
            jurisdiction="梅溪县",
            units=tuple(m.Unit(name=u, kind=m.UnitKind.DEPARTMENT) for u in UNITS),
            sites=tuple(
                m.Site(code=f"33110000{i}", name=f"梅溪{u}", home_url=f"http://s{i}.sim.local/", unit=u)
                for i, u in enumerate(UNITS)
            ),
        )
    )
    store.create_round(m.Round(name="2023Q2", checkpoint=m.checkpoint_at(dt.date(2023, 6, 20))))
    verdicts = (m.Verdict.PASS, m.Verdict.FAIL)
    store.save_results(
        "2023Q2",
        [
            m.TargetResult(
                target_kind=m.TargetKind.SITE,
                target=f"33110000{i}",
                unit=u,
                name=f"梅溪{u}",
                score=None,
                verdict=v,
                summary="" if v == m.Verdict.PASS else "首页无法访问",
            )
            for i, (u, v) in enumerate(zip(UNITS, verdicts, strict=True))
        ],
    )
    return settings.data_dir


def _report(data_dir: Path, *extra: str):  # type: ignore[no-untyped-def]
    out = data_dir / "out"
    res = CliRunner().invoke(app, ["--data-dir", str(data_dir), "report", "2023Q2", "-o", str(out), *extra])
    return res, out


def test_report_without_office_settings_is_refused_and_writes_nothing(data_dir: Path) -> None:
    res, out = _report(data_dir)
    assert res.exit_code == 1
    line = " ".join(res.output.split())
    for what in (
        "发文机关",
        "文号",
        "主送机关",
        "issuer.name",
        "issuer.doc_number",
        "issuer.recipients",
        "--draft",
    ):
        assert what in line, what
    assert "office.yaml" in line and "Traceback" not in res.output
    assert not out.exists()


def test_report_names_only_the_missing_field(data_dir: Path) -> None:
    save_office_config(
        Settings(data_dir=data_dir),
        OfficeConfig(jurisdiction="梅溪县", issuer={k: v for k, v in OFFICE.items() if k != "recipients"}),
    )
    res, out = _report(data_dir)
    assert res.exit_code == 1
    line = "".join(res.output.split())
    assert "主送机关" in line and "发文机关" not in line and "文号" not in line and "辖区" not in line
    assert not out.exists()


def test_complete_office_settings_write_the_notice(data_dir: Path) -> None:
    save_office_config(Settings(data_dir=data_dir), OfficeConfig(jurisdiction="梅溪县", issuer=OFFICE))
    res, out = _report(data_dir)
    assert res.exit_code == 0, res.output
    md = (out / "notice.md").read_text(encoding="utf-8")
    assert "草稿" not in md and "待填写" not in md
    assert "梅政办〔2023〕12号" in md and "各乡镇人民政府，县人民政府各部门：" in md
    assert "梅溪县人民政府办公室对" in md  # the opening sentence has its subject
    assert "全县正在运行的政府网站" in md and "全市" not in md and "县长信箱" in md and "市长信箱" not in md
    assert "草稿" not in _docx_xml(out / "notice.docx")


def _docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_draft_says_so_on_every_page_and_shows_the_blanks(data_dir: Path) -> None:
    res, out = _report(data_dir, "--draft")
    assert res.exit_code == 0, res.output
    md = (out / "notice.md").read_text(encoding="utf-8")
    html = (out / "notice.html").read_text(encoding="utf-8")
    assert md.lstrip().startswith("**草稿") and "草稿" in html.split("</h1>")[0] + html[:4000]
    assert "【待填写：发文机关】" in md and "【待填写：文号】" in md and "【待填写：主送机关】" in md
    with zipfile.ZipFile(out / "notice.docx") as z:
        settings_xml = z.read("word/settings.xml").decode()
        doc_xml = z.read("word/document.xml").decode()
        headers = {n: z.read(n).decode() for n in z.namelist() if n.startswith("word/header")}
    assert "evenAndOddHeaders" in settings_xml
    # the first section's odd and even headers say 草稿; later sections link to them (no own header)
    drafts = [n for n, xml in headers.items() if "草稿" in xml]
    assert len(drafts) == 2
    assert doc_xml.count('w:type="default"') >= 1 and doc_xml.count("headerReference") == 2
    assert not list((out / "rectify").glob("*.docx")) or all(
        "草稿" in _docx_xml(p) for p in (out / "rectify").glob("*.docx")
    )


def test_level_words_follow_the_jurisdiction() -> None:
    assert [level_of(j) for j in ("桐柏县", "邓州市", "卫滨区", "河南省", "梅溪", "")] == [
        "县",
        "市",
        "区",
        "省",
        "",
        "",
    ]
    assert direct_units("桐柏县") == "县直单位" and direct_units("新乡市") == "市直单位"
    assert direct_units("") == "直属单位"
    county = replace(seed001_report(), jurisdiction="梅溪县")
    md = render_notice(county, "xinxiang").markup
    assert "全县" in md and "全市" not in md


def test_tongbai_words_follow_a_city_jurisdiction() -> None:
    """The 桐柏 template used by a city says 市政府办, 我市, 市长信箱: nothing is fixed to 县."""
    city = replace(seed002_report(), jurisdiction="南阳市")
    md = render_notice(city, "tongbai").markup
    assert "县政府办" not in md and "我县" not in md and "县长信箱" not in md
    assert "市政府办对" in md and "我市" in md and "市长信箱" in md


def test_blanks_of_the_seed_notices() -> None:
    assert seed000_report().blanks() == []  # 简报: 期号 and 发至 stand for 文号 and 主送机关
    bare = replace(seed002_report(), issuer=Issuer(name="", date=dt.date(2021, 10, 8)), jurisdiction="")
    assert [what for what, _ in bare.blanks()] == [
        "发文机关",
        "文号（简报为期号）",
        "主送机关（简报为发至）",
        "辖区名称（须以省、市、县、区等结尾）",
    ]
