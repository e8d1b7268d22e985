"""The command line: Chinese help everywhere, clear errors, the registry/round commands on a real store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect.cli import app

runner = CliRunner()
GROUPS = {
    "registry": ["import", "export", "list"],
    "round": ["create", "list", "show", "run", "rejudge"],
    "sim": ["serve", "export", "registry"],
    "profile": ["show", "list"],
    "findings": ["import", "add"],
    "feeds": ["import", "manual"],
    "ledger": ["import"],
    "content": ["check"],
    "user": ["add", "set", "passwd", "token", "list"],
    "review": ["list", "confirm", "reject", "doubt"],
    "task": [
        "list",
        "show",
        "issue",
        "sign",
        "submit",
        "recheck",
        "precheck",
        "accept",
        "return",
        "exempt",
        "approve",
        "reject",
    ],
    "appeal": ["list", "file", "uphold", "reject"],
    "selfcheck": ["request", "run", "list", "show"],
    "schedule": ["list", "set", "run"],
    "alert": ["list", "test"],
    "baseline": ["confirm"],
}
COMMANDS = ["init", "demo", "report", "extract", "probe", "serve", "monitor", "worker"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _help(*args: str) -> str:
    res = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    return res.output


@pytest.mark.parametrize(
    "args",
    [[], *[[c] for c in COMMANDS], *[[g] for g in GROUPS], *[[g, c] for g, cs in GROUPS.items() for c in cs]],
)
def test_help_reads_in_chinese(args: list[str]) -> None:
    out = _help(*args)
    assert "用法" in out and "显示本帮助并退出" in out
    assert "Show this message" not in out and "Usage:" not in out
    # the description line (first text after usage) is Chinese
    assert CJK.search(out.split("用法", 1)[1])


def _run(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args], env={"COLUMNS": "200"})


def test_init_round_and_registry_commands(tmp_path: Path) -> None:
    ledger = tmp_path / "sites.csv"
    ledger.write_text("单位名称,单位类型\n县公安局,部门\n", encoding="utf-8")
    sites = tmp_path / "sites2.csv"
    sites.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n桐柏县公安局,4113300012,http://gaj.tongbai.gov.cn/,县公安局\n",
        encoding="utf-8",
    )
    assert _run(tmp_path, "init").exit_code == 0
    res = _run(tmp_path, "registry", "import", str(ledger), str(sites))
    assert res.exit_code == 0 and "网站 1 个" in res.output, res.output
    res = _run(tmp_path, "registry", "list")
    assert "桐柏县公安局" in res.output
    res = _run(tmp_path, "registry", "export", str(tmp_path / "out.xlsx"))
    assert res.exit_code == 0 and (tmp_path / "out.xlsx").exists()
    res = _run(tmp_path, "round", "create", "2021Q3", "-c", "2021-09-30", "-p", "tongbai-2021")
    assert res.exit_code == 0, res.output
    assert "2021Q3" in _run(tmp_path, "round", "list").output
    res = _run(tmp_path, "round", "create", "2021Q3", "-c", "2021-09-30")
    assert res.exit_code == 1 and "已存在" in res.output
    res = _run(tmp_path, "round", "create", "X", "-c", "2021/9/30")
    assert res.exit_code == 1 and "格式不正确" in res.output


def test_bad_registry_row_is_reported_and_nothing_imported(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n桐柏县公安局,4113300012,http://gaj.tongbai.gov.cn/,县公安局\n",
        encoding="utf-8",
    )
    assert _run(tmp_path, "init").exit_code == 0
    res = _run(tmp_path, "registry", "import", str(sites))
    assert res.exit_code == 1
    assert "第 2 行" in res.output and "主办单位" in res.output and "未知单位" in res.output
    assert "网站（0 个）" in _run(tmp_path, "registry", "list").output


def test_probe_records_availability_in_the_store(tmp_path: Path) -> None:
    """`govinspect probe` against simulated sites: every probe stored, the intermittent site's failures too."""
    import asyncio
    import datetime as dt
    import json
    import threading

    from govinspect.model import Registry, SiteStatus
    from govinspect.registry import write_registry_xlsx
    from govinspect.sim.scenario import load_scenario
    from govinspect.sim.server import start
    from govinspect.sim.world import build_world
    from govinspect.store import Store

    world = build_world(load_scenario(Path(__file__).resolve().parents[1] / "sim" / "data" / "small.yaml"))
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    server = asyncio.run_coroutine_threadsafe(start(world), loop).result(30)
    try:
        (tmp_path / "hosts.json").write_text(json.dumps(server.host_map), encoding="utf-8")
        ledger = write_registry_xlsx(world.registry(), tmp_path / "台账.xlsx")
        assert _run(tmp_path, "init").exit_code == 0
        assert _run(tmp_path, "registry", "import", str(ledger)).exit_code == 0
        store = Store(f"sqlite:///{tmp_path / 'data' / 'govinspect.db'}")
        today = dt.date.today()
        closing, closed = (  # closed from next month: still probed; closed since yesterday: not
            s.model_copy(update={"status": SiteStatus.CLOSED, "status_since": today + dt.timedelta(days=d)})
            for s, d in zip(world.registry().sites[:2], (30, -1), strict=True)
        )
        store.save_registry(Registry(sites=(closing, closed)))
        res = _run(
            tmp_path, "probe", "--count", "3", "--interval", "0", "--host-map", str(tmp_path / "hosts.json")
        )
        assert res.exit_code == 0, res.output
        n = len(world.sites) - 1
        assert f"{n} 个网站，共 {3 * n} 次访问" in res.output
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
    now = dt.datetime.now(dt.UTC)
    for site in world.sites:
        expected = 0 if site.code == closed.code else 3
        assert len(store.probes(site.code, now - dt.timedelta(hours=1), now)) == expected


def test_manual_finding_added_and_unknown_round_reported(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text("单位名称\n县民政局\n", encoding="utf-8")
    sites2 = tmp_path / "sites2.csv"
    sites2.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n县民政局网站,4113300001,http://mzj.tongbai.gov.cn/,县民政局\n",
        encoding="utf-8",
    )
    assert _run(tmp_path, "init").exit_code == 0
    assert _run(tmp_path, "registry", "import", str(sites), str(sites2)).exit_code == 0
    res = _run(tmp_path, "findings", "add", "nope", "4113300001", "manual.layout", "首页排版混乱")
    assert res.exit_code == 1 and "没有名为“nope”的检查轮次" in res.output
    assert _run(tmp_path, "round", "create", "R", "-c", "2023-03-01", "-p", "xinxiang-2023").exit_code == 0
    res = _run(tmp_path, "findings", "add", "R", "9999999999", "manual.layout", "首页排版混乱")
    assert res.exit_code == 1 and "台账中没有" in res.output
    res = _run(tmp_path, "findings", "add", "R", "4113300001", "manual.layout", "首页排版混乱错位", "--veto")
    assert res.exit_code == 0, res.output
    from govinspect.store import Store

    [f] = Store(f"sqlite:///{tmp_path / 'data' / 'govinspect.db'}").findings("R")
    assert f.manual and f.code == "manual.layout" and f.evidence.detail["veto"] is True


def test_user_guide_lists_every_command() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "user-guide.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `govinspect ([a-z ]+)` \|", guide, flags=re.M))
    assert listed == set(_all_commands())


def _all_commands() -> list[str]:
    """Every command of the app as typed after `govinspect`, read off the app itself."""
    from typer.main import get_command

    def walk(cmd: object, prefix: str) -> list[str]:
        subs = getattr(cmd, "commands", None)
        if subs is None:
            return [prefix]
        return [name for key, sub in subs.items() for name in walk(sub, f"{prefix} {key}".strip())]

    return walk(get_command(app), "")


def test_help_tables_above_name_every_command() -> None:
    assert set(_all_commands()) == set(COMMANDS) | {f"{g} {c}" for g, cs in GROUPS.items() for c in cs}
