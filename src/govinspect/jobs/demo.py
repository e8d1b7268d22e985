"""`govinspect demo`: a whole inspection of a simulated county, from 底账 to notice.

Serves the scenario on loopback, writes its 底账 as XLSX and imports it like a user
would, runs a round through the jobs layer, and writes the report files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rich.console import Console

from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.reporting import write_round_reports
from govinspect.jobs.simulation import SIM_CRAWL, prepare_round, set_up_round

MARKER = ".govinspect-demo"


def default_scenario() -> Path:
    """scenarios/demo-county.yaml of the source tree (or of the current directory)."""
    for base in (Path(__file__).resolve().parents[3], Path.cwd()):
        p = base / "scenarios" / "demo-county.yaml"
        if p.exists():
            return p
    raise FileNotFoundError("找不到演示场景 scenarios/demo-county.yaml，请用 --scenario 指定")


async def run_demo(
    settings: Settings, scenario: Path | None = None, console: Console | None = None
) -> list[Path]:
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
        f"仿真辖区：{sc.jurisdiction}，网站 {len(world.sites)} 个，政务新媒体 {len(world.accounts)} 个。"
    )
    server = await start(world)
    try:
        quarter = f"{sc.checkpoint:%Y}Q{(sc.checkpoint.month - 1) // 3 + 1}"
        store, rnd = set_up_round(settings, world, quarter, console)
        await prepare_round(store, world, rnd, server.host_map, data, console)
        await run_round(
            settings, store, rnd.name, host_map=server.host_map, crawl_overrides=SIM_CRAWL, console=console
        )
    finally:
        await server.stop()
    return write_round_reports(settings, store, rnd.name)
