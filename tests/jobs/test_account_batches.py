"""On workers the accounts travel in batches: each account of a batch is read once, under its own lock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from county_server import Served, set_up_county_round

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.context import open_round
from govinspect.jobs.distributed import inspect_batch, lock_name
from govinspect.jobs.simulation import SIM_CRAWL
from services import need, port_open

BROKER = "redis://127.0.0.1:6379/13"
ACCOUNT = m.TargetKind.ACCOUNT


@pytest.mark.redis
@pytest.mark.slow
def test_a_batch_reads_an_account_whose_holder_died_and_not_one_done_already(
    served: Served, tmp_path: Path
) -> None:
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    import redis

    settings = Settings(data_dir=tmp_path)
    store, _ = set_up_county_round(served, settings, ())
    ctx = open_round(settings, store, "R", host_map=served.server.host_map, crawl_overrides=SIM_CRAWL)
    orphan, done_before, plain = [a.key for a in store.load_registry().accounts][:3]
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    client.set(lock_name(ctx, ACCOUNT, orphan), "a worker that died", ex=2)  # its lock lapses in 2 s
    store.mark_target("R", ACCOUNT, done_before, "running")
    store.mark_target("R", ACCOUNT, done_before, "done", info={"posts": 99})

    assert asyncio.run(inspect_batch(ctx, client, [orphan, done_before, plain])) == 3
    assert all(store.target_state("R", ACCOUNT, k) == "done" for k in (orphan, done_before, plain))
    assert ctx.feed_file(orphan).exists() and ctx.feed_file(plain).exists()
    assert store.target_info("R", ACCOUNT, done_before) == {"posts": 99}  # not read again
    assert not ctx.feed_file(done_before).exists()
