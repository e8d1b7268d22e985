"""Run whole rounds on simulated jurisdictions over real HTTP (loopback), once per module."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.review import override_gate
from govinspect.jobs.simulation import prepare_round, set_up_round, sim_crawl
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import World, build_world
from govinspect.store import Store

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@dataclass
class RoundRun:
    world: World
    settings: Settings
    store: Store
    round_name: str
    results: list[m.TargetResult]

    def findings(self) -> list[m.Finding]:
        return self.store.findings(self.round_name)


def run_scenario(name: str, data_dir: Path, crawl: dict[str, object] | None = None) -> RoundRun:
    """Import the scenario's 底账 from XLSX, run a round against the live simulator, judge it.

    `crawl` adds crawl settings; the simulator's root certificate is trusted when it serves https.
    """
    world = build_world(load_scenario(SCENARIOS / name))
    settings = Settings(data_dir=data_dir)
    store, rnd = set_up_round(settings, world, "R")

    async def go() -> list[m.TargetResult]:
        server = await start(world)
        try:
            await prepare_round(store, world, rnd, server.host_map, data_dir)
            overrides = {**sim_crawl(server.ca_file), **(crawl or {})}
            return await run_round(settings, store, "R", host_map=server.host_map, crawl_overrides=overrides)
        finally:
            await server.stop()

    results = asyncio.run(go())
    override_gate(store, "R", "测试", "仿真场景：问题由场景文件给定")  # the notice tests need no review
    return RoundRun(world, settings, store, "R", results)
