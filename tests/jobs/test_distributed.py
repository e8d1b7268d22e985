"""Celery runner on the real Redis broker and PostgreSQL store gives the in-process runner's verdicts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.simulation import SIM_CRAWL
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import build_world
from govinspect.store import Store
from services import need, port_open, reset_pg

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-county.yaml"
UNIT = "县教育局"


def _prepare(store: Store, world, checkpoint) -> None:
    store.save_registry(world.registry())
    store.create_round(m.Round(name="R", checkpoint=checkpoint, scope_units=(UNIT,)))


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
def test_celery_round_matches_in_process(tmp_path: Path, pg_url: str) -> None:
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    from govinspect.jobs.distributed import make_app, run_round_distributed

    sc = load_scenario(SCENARIO)
    world = build_world(sc)
    checkpoint = m.checkpoint_at(sc.checkpoint)

    async def serve_and(fn):
        server = await start(world)
        try:
            return await fn(server.host_map)
        finally:
            await server.stop()

    # in-process on SQLite
    local = Settings(data_dir=tmp_path / "local")
    lstore = Store(local.db_url())
    lstore.migrate()
    _prepare(lstore, world, checkpoint)
    expected = asyncio.run(
        serve_and(lambda hm: run_round(local, lstore, "R", host_map=hm, crawl_overrides=SIM_CRAWL))
    )
    assert expected, "the scope holds targets"

    # distributed: Redis broker, PostgreSQL store, a worker thread
    reset_pg(pg_url)
    dist = Settings(data_dir=tmp_path / "dist", database_url=pg_url, broker_url="redis://127.0.0.1:6379/15")
    dstore = Store(pg_url)
    dstore.migrate()
    _prepare(dstore, world, checkpoint)
    app = make_app(dist)

    async def distributed(hm):
        def go():
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
                return run_round_distributed(
                    app, dist, dstore, "R", host_map=hm, crawl_overrides=SIM_CRAWL, timeout=300
                )

        return await asyncio.to_thread(go)

    got = asyncio.run(serve_and(distributed))
    assert all(v == "done" for v in dstore.target_status("R").values())
    key = lambda r: (r.target_kind, r.target)  # noqa: E731
    assert sorted((key(r), r.verdict, r.score, r.summary) for r in got) == sorted(
        (key(r), r.verdict, r.score, r.summary) for r in expected
    )
