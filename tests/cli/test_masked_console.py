"""Console lines and the store never hold a personal number typed into a manual finding."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.store import Store

ID = "11010519491231002X"


def _run(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), *args], env={"COLUMNS": "200"})


def test_manual_finding_with_an_id_number_is_masked(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n县民政局\n", encoding="utf-8")
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n县民政局网站,4113300001,http://mzj.tongbai.gov.cn/,县民政局\n",
        encoding="utf-8",
    )
    assert _run(tmp_path, "init").exit_code == 0
    assert _run(tmp_path, "registry", "import", str(units), str(sites)).exit_code == 0
    assert _run(tmp_path, "round", "create", "R", "-c", "2023-03-01", "-p", "xinxiang-2023").exit_code == 0
    message = f"低保公示名单含身份证号{ID}及手机13957955023"
    res = _run(tmp_path, "findings", "add", "R", "4113300001", "manual.other", message)
    assert res.exit_code == 0, res.output
    assert ID not in res.output and "13957955023" not in res.output
    assert "1101**********002X" in res.output and "139****5023" in res.output
    [f] = Store(f"sqlite:///{tmp_path / 'data' / 'govinspect.db'}").findings("R")
    assert f.message == "低保公示名单含身份证号1101**********002X及手机139****5023"
    raw = (tmp_path / "data" / "govinspect.db").read_bytes()
    assert ID.encode() not in raw and b"13957955023" not in raw
