"""`sim export` and `sim registry`: static files for nginx and the 底账 workbook."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from govinspect.registry import read_registry
from govinspect.sim.commands import export, world_of, write_registry

SMALL = Path(__file__).parent / "data" / "small.yaml"


def test_export_writes_static_tree(tmp_path: Path) -> None:
    counts = export(SMALL, tmp_path)
    assert counts["www.ceshi.gov.cn"] > 50
    assert (tmp_path / "www.ceshi.gov.cn" / "index.html").is_file()
    assert (tmp_path / "www.ceshi.gov.cn" / "robots.txt").is_file()
    assert list((tmp_path / "www.ceshi.gov.cn").rglob("index.html[?]page=2"))
    conf = (tmp_path / "nginx.conf").read_text(encoding="utf-8")
    assert "server_name chengguan.ceshi.gov.cn;" in conf and "return 302 /r/1.html" in conf
    truth = json.loads((tmp_path / "ground_truth.json").read_text(encoding="utf-8"))
    assert any(t["check"] == "link.dead" for t in truth)
    assert not (tmp_path / "hostile.sim.local" / "huge_body" / "index.html").exists()


def test_registry_workbook(tmp_path: Path) -> None:
    out = write_registry(SMALL, tmp_path / "底账.xlsx")
    wb = load_workbook(out)
    sites = list(wb["网站底账"].iter_rows(values_only=True))
    accounts = list(wb["政务新媒体底账"].iter_rows(values_only=True))
    assert sites[0][:4] == ("网站名称", "网站标识码", "首页网址", "主办单位") and len(sites) == 4
    assert accounts[0][:3] == ("账号名称", "平台", "账号ID") and len(accounts) == 5
    assert read_registry([out]) == world_of(SMALL).registry().model_copy(update={"jurisdiction": ""})
    row = next(r for r in sites if r[0] == "测试县民政局")
    assert row[1] == "4113990002" and row[2] == "http://mzj.ceshi.gov.cn/" and row[4] == "部门"
