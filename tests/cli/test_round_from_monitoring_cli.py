"""`round run --from-monitoring`: the round's source is stored, nothing is fetched, and a target without a
monitoring check in time is 待核实 with the reason (the command exits 1)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from govinspect import model as m
from govinspect.cli import app
from govinspect.config import Settings
from govinspect.store import Store

runner = CliRunner()


def test_a_round_from_monitoring_without_checks_is_unverified(tmp_path: Path) -> None:
    data = tmp_path / "data"
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n县民政局\n", encoding="utf-8")
    sites = tmp_path / "sites.csv"
    sites.write_text("网站名称,网站标识码,首页网址,主办单位\n县民政局网站,4113300001,http://mzj.tongbai.gov.cn/,县民政局\n",
                     encoding="utf-8")  # fmt: skip

    def run(*args: str) -> tuple[int, str]:
        res = runner.invoke(app, ["--data-dir", str(data), *args], env={"COLUMNS": "200"})
        return res.exit_code, res.output

    for args in (
        ["init"],
        ["registry", "import", str(units), str(sites)],
        ["round", "create", "R", "-c", "2023-06-20"],
    ):
        assert run(*args)[0] == 0
    code, out = run("round", "run", "R", "--from-monitoring")
    assert code == 1 and "监测数据中没有该对象在监测时间点" in out
    store = Store(Settings(data_dir=data).db_url())
    assert store.get_round("R").source == m.RoundSource.MONITORING
    assert [r.verdict for r in store.results("R")] == [m.Verdict.UNVERIFIED]
    assert not (data / "rounds" / "R" / "sites" / "4113300001").exists()  # nothing fetched, nothing copied
