"""自查 over the simulator: a unit inspects its own site privately; limited per day; never in a round."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.jobs.simulation import SIM_CRAWL
from govinspect.sim import build_world, load_scenario
from govinspect.sim.server import start
from govinspect.store import FindingRow, Store, TargetResultRow, UserStore

runner = CliRunner()
PASSWORD = "correct-horse-battery"


def _run(data: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--data-dir", str(data), *args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def sim() -> Iterator[tuple[object, dict[str, str]]]:
    world = build_world(load_scenario(Path(__file__).with_name("loop_scenario.yaml")))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(start(world), loop).result(30)
    try:
        yield world, server.host_map
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def _office(tmp_path: Path, world: object, host_map: dict[str, str]) -> tuple[Path, Path, str]:
    data = tmp_path / "data"
    assert _run(data, "init").exit_code == 0
    store = Store(f"sqlite:///{data / 'govinspect.db'}")
    store.migrate()
    reg = world.registry()  # type: ignore[attr-defined]
    store.save_registry(
        reg.model_copy(update={"sites": tuple(s.model_copy(update={"crawl": SIM_CRAWL}) for s in reg.sites)})
    )
    site = next(s for s in reg.sites if s.unit == "县教育局")
    users = UserStore(store)
    users.add_user("教育局填报", "unit", PASSWORD, "县教育局")
    users.add_user("民政局填报", "unit", PASSWORD, "县民政局")
    users.add_user("督查员甲", "supervisor", PASSWORD)
    store.close()
    hosts = tmp_path / "hosts.json"
    hosts.write_text(json.dumps(host_map), encoding="utf-8")
    return data, hosts, site.code


def test_a_unit_inspects_its_own_site_and_sees_the_stale_column(tmp_path: Path, sim: tuple) -> None:  # type: ignore[type-arg]
    data, hosts, code = _office(tmp_path, *sim)
    res = _run(data, "selfcheck", "request", code, "--user", "民政局填报")
    assert res.exit_code == 1 and "本单位没有" in res.output
    res = _run(data, "selfcheck", "request", code, "--user", "督查员甲")
    assert res.exit_code == 1 and "不能发起自查" in res.output
    res = _run(data, "selfcheck", "request", code, "--user", "教育局填报")
    assert res.exit_code == 0, res.output
    res = _run(data, "selfcheck", "run", "1", "--host-map", str(hosts))
    assert res.exit_code == 0, res.output
    assert "已完成" in res.output and "不计入检查轮次" in res.output
    shown = _run(data, "selfcheck", "show", "1", "--user", "教育局填报").output
    assert "column.stale" in shown and "工作动态" in shown  # the scenario's 40-day-old column
    assert _run(data, "selfcheck", "show", "1", "--user", "民政局填报").exit_code == 1  # not theirs
    res = _run(data, "selfcheck", "request", code, "--user", "教育局填报")
    assert res.exit_code == 1 and "今天已自查 1 次" in res.output
    store = Store(f"sqlite:///{data / 'govinspect.db'}")
    with store.session() as s:  # nothing reached a round
        assert s.scalar(select(func.count()).select_from(FindingRow)) == 0
        assert s.scalar(select(func.count()).select_from(TargetResultRow)) == 0
    assert store.list_rounds() == []
    store.close()


def test_an_unreachable_site_is_not_judged_and_the_limit_is_configurable(tmp_path: Path, sim: tuple) -> None:  # type: ignore[type-arg]
    world, host_map = sim
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{s.getsockname()[1]}"  # nothing listens there once closed
    data, hosts, code = _office(tmp_path, world, {h: closed for h in host_map})
    (data / "office.yaml").write_text("self_inspections_per_day: 2\n", encoding="utf-8")
    assert _run(data, "selfcheck", "request", code, "--user", "教育局填报").exit_code == 0
    res = _run(data, "selfcheck", "run", "1", "--host-map", str(hosts))
    assert res.exit_code == 1 and "未完成" in res.output and "首页" in res.output
    assert "已完成" not in _run(data, "selfcheck", "list").output
    assert _run(data, "selfcheck", "request", code, "--user", "教育局填报").exit_code == 0  # 2 a day
    (data / "office.yaml").write_text("self_inspections_per_day: 0\n", encoding="utf-8")
    res = _run(data, "selfcheck", "request", code, "--user", "教育局填报")
    assert res.exit_code == 1 and "未开放单位自查" in res.output
