"""The demo county served on loopback from a thread, and `govinspect` run as a separate process."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from govinspect import model as m
from govinspect.config import Settings, save_office_config
from govinspect.jobs.simulation import SIM_CRAWL, office_config_of, prepare_round
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import SimServer, start
from govinspect.sim.world import World, build_world
from govinspect.store import Store

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "demo-county.yaml"


@dataclasses.dataclass
class Served:
    world: World
    server: SimServer
    loop: asyncio.AbstractEventLoop


def serve_county() -> Iterator[Served]:
    """Serve the demo county until the generator is closed."""
    world = build_world(load_scenario(SCENARIO))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(start(world), loop).result(30)
    try:
        yield Served(world, server, loop)
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def cli(data: Path, db: str, *args: str) -> subprocess.Popen[str]:
    """`govinspect --data-dir DATA --db DB ARGS…` as a separate process, output captured (not a TTY)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    code = "from govinspect.cli import main; main()"
    cmd = [sys.executable, "-c", code, "--data-dir", str(data), "--db", db, *args]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def set_up_county_round(served: Served, settings: Settings, units: tuple[str, ...]) -> tuple[Store, Path]:
    """Round "R" of the served county for these units, with a week of probes; returns the store and
    the host-map file for `--host-map`. Sites crawl at the loopback pace (their registry `crawl:`)."""
    store = Store(settings.db_url())
    store.migrate()
    reg = served.world.registry()
    sites = tuple(s.model_copy(update={"crawl": dict(SIM_CRAWL)}) for s in reg.sites)
    store.save_registry(reg.model_copy(update={"sites": sites}))
    save_office_config(settings, office_config_of(served.world.scenario))
    sc = served.world.scenario
    rnd = m.Round(name="R", checkpoint=m.checkpoint_at(sc.checkpoint), profile=sc.profile, scope_units=units)
    store.create_round(rnd)
    host_map = served.server.host_map
    asyncio.run_coroutine_threadsafe(
        prepare_round(store, served.world, rnd, host_map, settings.data_dir), served.loop
    ).result(120)
    hm = settings.data_dir / "hosts.json"
    hm.write_text(json.dumps(host_map), encoding="utf-8")
    return store, hm
