"""整改闭环 over real HTTP on the simulator: issue, fix, submit, re-check, accept / return, and the
units that never reported named in the next notice's 整改报告报送情况."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
import time_machine

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.recheck import recheck_task
from govinspect.jobs.reporting import build_round_report, write_round_reports
from govinspect.jobs.simulation import SIM_CRAWL, prepare_round, set_up_round
from govinspect.rectify import Recheck, State, get_task, list_tasks, submit, transition
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import build_world
from govinspect.store import UserStore

pytestmark = pytest.mark.slow

SCENARIO = Path(__file__).resolve().parents[1] / "rectify" / "loop_scenario.yaml"
PASSWORD = "correct-horse-battery"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FRESH = [{"name": "工作动态", "category": "动态要闻"}]


def _at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=m.TZ)


def test_stale_column_fixed_returned_and_never_reported(tmp_path: Path) -> None:
    world = build_world(load_scenario(SCENARIO))
    settings = Settings(data_dir=tmp_path / "data")
    store, rnd = set_up_round(settings, world, "2023Q3")
    code = {s.unit: s.code for s in world.sites}
    users = UserStore(store)
    office = users.add_user("督查员", "supervisor", PASSWORD)
    unit = {u: users.add_user(f"{u}填报", "unit", PASSWORD, u) for u in ("县教育局", "县民政局", "县财政局")}
    scope = {u: frozenset({u}) for u in unit}
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(PDF)

    hosts: dict[str, str] = {}

    async def go() -> None:
        server = await start(world)
        hosts.update(server.host_map)
        try:
            await prepare_round(store, world, rnd, server.host_map, settings.data_dir)
            await run_round(settings, store, rnd.name, host_map=server.host_map, crawl_overrides=SIM_CRAWL)
            files = write_round_reports(settings, store, rnd.name)
            assert sum("整改通知单" in f.name for f in files) == 3

            tasks = {t.unit: t for t in list_tasks(store, rnd.name)}
            assert {u: t.state for u, t in tasks.items()} == dict.fromkeys(unit, State.PENDING)
            for t in tasks.values():
                issued = transition(store, t.id, "issue", office, None, on=dt.date(2023, 9, 25))
                assert issued.deadline == dt.date(2023, 10, 8)  # 5 working days across 国庆 2023

            # 教育局 fixes its column on the live site, 民政局 only says it did, 财政局 does nothing
            world.mutate_site(code["县教育局"], columns=FRESH)
            for u in ("县教育局", "县民政局"):
                t = tasks[u]
                transition(store, t.id, "sign", unit[u], scope[u])
                with time_machine.travel(_at("2023-09-27"), tick=False):
                    submit(store, settings.data_dir, t.id, unit[u], scope[u],
                           answers={t.items[0].id: "已更新工作动态栏目"}, report=report)  # fmt: skip
                await recheck_task(settings, store, t.id, office, None, host_map=server.host_map,
                                   crawl_overrides=SIM_CRAWL, at=_at("2023-09-28"))  # fmt: skip
        finally:
            await server.stop()

    asyncio.run(go())
    tasks = {t.unit: t for t in list_tasks(store, rnd.name)}
    fixed, unfixed = tasks["县教育局"], tasks["县民政局"]
    assert [i.recheck for i in fixed.items] == [Recheck.FIXED]
    assert [i.recheck for i in unfixed.items] == [Recheck.NOT_FIXED]
    assert "2周内未更新" in (unfixed.items[0].recheck_evidence or {})["message"]
    archive = settings.data_dir / (fixed.items[0].recheck_evidence or {})["archive"]
    assert (archive / "sites" / code["县教育局"] / "archive.warc.gz").is_file()  # the new evidence
    assert transition(store, fixed.id, "accept", office, None).state == State.DONE
    returned = transition(store, unfixed.id, "return", office, None, reason="复查发现栏目仍未更新")
    assert (returned.state, returned.reason) == (State.WORKING, "复查发现栏目仍未更新")
    assert get_task(store, tasks["县财政局"].id).overdue(dt.date(2023, 10, 9))

    # 民政局 hands in again; its site cannot be reached now: 无法复核, never 已整改
    with time_machine.travel(_at("2023-09-29"), tick=False):
        submit(store, settings.data_dir, unfixed.id, unit["县民政局"], scope["县民政局"],
               answers={unfixed.items[0].id: "已补充更新"}, report=report)  # fmt: skip
    again = asyncio.run(
        recheck_task(
            settings,
            store,
            unfixed.id,
            office,
            None,
            host_map=hosts,
            crawl_overrides={**SIM_CRAWL, "retries": 0},
            at=_at("2023-09-30"),
        )
    )
    assert [i.recheck for i in again.items] == [Recheck.UNKNOWN] and again.state == State.RECHECKING

    store.create_round(m.Round(name="2023Q4", checkpoint=m.checkpoint_at(dt.date(2023, 12, 20))))
    status = build_round_report(settings, store, "2023Q4").rectification
    assert status is not None and status.missing_units == ("县财政局",)
    assert (status.notice_date, status.due) == (dt.date(2023, 9, 25), dt.date(2023, 10, 8))
