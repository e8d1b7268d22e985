"""`govinspect demo`: a whole inspection of a simulated county, from 底账 to notice.

Serves the scenario on loopback, writes its 底账 as XLSX and imports it like a user
would, runs a round through the jobs layer, and writes the report files.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.reporting import OfficeConfig, save_office_config, write_round_reports
from govinspect.store import Store

MARKER = ".govinspect-demo"
# Loopback sites can take more than a real government server; robots.txt stays obeyed.
DEMO_CRAWL = {"per_host_concurrency": 8, "per_host_rate": None, "external_rate": None, "retries": 1}


def default_scenario() -> Path:
    """scenarios/demo-county.yaml of the source tree (or of the current directory)."""
    for base in (Path(__file__).resolve().parents[3], Path.cwd()):
        p = base / "scenarios" / "demo-county.yaml"
        if p.exists():
            return p
    raise FileNotFoundError("找不到演示场景 scenarios/demo-county.yaml，请用 --scenario 指定")


def office_config_of(scenario: object) -> OfficeConfig:
    """The notice settings a scenario carries (issuer, 文号 or 期号)."""
    sc = scenario
    issuer = getattr(sc, "issuer", None)
    fields: dict[str, object] = {}
    if issuer is not None:
        if issuer.name:
            fields["name"] = issuer.name
        if issuer.date:
            fields["date"] = issuer.date.isoformat()
        if issuer.doc_no:
            fields["issue_no" if "期" in issuer.doc_no else "doc_number"] = issuer.doc_no
    service = urlsplit(getattr(sc, "service_url", "") or "").hostname
    return OfficeConfig(
        jurisdiction=getattr(sc, "jurisdiction", ""),
        service_hosts=[service] if service else [],
        title=getattr(issuer, "title", "") if issuer is not None else "",
        issuer=fields,
    )


async def prepare_round(
    store: Store,
    world: Any,
    rnd: m.Round,
    host_map: dict[str, str],
    data: Path,
    console: Console | None = None,
) -> None:
    """Before the round: a week of availability probes and the inspector's 人工 record."""
    from govinspect.checks.manual import load_manual_findings
    from govinspect.jobs.simulation import replay_probe_week, write_inspector_sheet

    n = await replay_probe_week(store, list(world.sites), rnd.checkpoint, host_map)
    if console:
        console.print(f"可用性监测：监测时间点前 7 天，每站每天 20 次，共 {n} 次（仿真回放）。")
    sheet = write_inspector_sheet(world.ground_truth, data / "人工检查记录.xlsx", rnd.checkpoint)
    if sheet is not None:
        found = load_manual_findings(sheet)
        store.add_findings(rnd.name, found)
        if console:
            console.print(f"已导入人工检查记录 {len(found)} 条：{sheet}")


async def run_demo(
    settings: Settings, scenario: Path | None = None, console: Console | None = None
) -> list[Path]:
    from govinspect.registry import read_registry, write_registry_xlsx
    from govinspect.sim.scenario import load_scenario
    from govinspect.sim.server import start
    from govinspect.sim.world import build_world

    console = console or Console()
    data = settings.data_dir
    if data.exists() and (data / MARKER).exists():
        shutil.rmtree(data)  # a previous demo run: start clean
    data.mkdir(parents=True, exist_ok=True)
    (data / MARKER).write_text("govinspect demo data; safe to delete\n", encoding="utf-8")

    sc = load_scenario(scenario or default_scenario())
    world = build_world(sc)
    console.print(
        f"仿真辖区：[bold]{sc.jurisdiction}[/]，网站 {len(world.sites)} 个，政务新媒体 {len(world.accounts)} 个。"
    )
    server = await start(world)
    try:
        store = Store(settings.db_url())
        store.migrate()
        ledger = write_registry_xlsx(world.registry(), data / "台账.xlsx")
        reg = read_registry([ledger], known_units=store.unit_names())
        store.save_registry(reg)
        console.print(f"已导入台账：{ledger}")
        save_office_config(settings, office_config_of(sc))
        name = f"{sc.checkpoint:%Y}-demo"
        rnd = m.Round(name=name, checkpoint=m.checkpoint_at(sc.checkpoint), profile=sc.profile)
        store.create_round(rnd)
        console.print(f"检查轮次 {name}，监测时间点 {sc.checkpoint}，指标 {sc.profile}。")
        await prepare_round(store, world, rnd, server.host_map, data, console)
        await run_round(
            settings, store, name, host_map=server.host_map, crawl_overrides=DEMO_CRAWL, console=console
        )
    finally:
        await server.stop()
    return write_round_reports(settings, store, name)
