"""A site's politeness limits hold across the cluster: measured from the simulator's access log."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from cluster_procs import start_workers, stop
from county_server import Served, set_up_county_round

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.distributed import ACCOUNTS_TASK, TASK, make_app
from govinspect.store import Store
from services import need, port_open, reset_pg

BROKER = "redis://127.0.0.1:6379/14"
RATE, CONC = 10.0, 2
POLITE = {"per_host_concurrency": CONC, "per_host_rate": RATE, "retries": 1}


def worst(log: list[tuple[str, str, float, float, int]], host: str) -> tuple[int, int]:
    """(most requests in flight at once, most requests started within any one second) to `host`."""
    spans = sorted((start, end) for h, _path, start, end, _status in log if h == host)
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda x: (x[0], x[1]))
    inflight = peak = 0
    for _, step in events:
        inflight += step
        peak = max(peak, inflight)
    starts = [s for s, _ in spans]
    per_second = max((sum(1 for t in starts[i:] if t < s + 1.0) for i, s in enumerate(starts)), default=0)
    return peak, per_second


def polite_site(served: Served, settings: Settings) -> tuple[Store, m.Site]:
    """Round "R" for the county's own unit; its largest site crawls at RATE requests/s, CONC at once."""
    store, _ = set_up_county_round(served, settings, ("梅溪县",))
    reg = store.load_registry()
    sites = tuple(s.model_copy(update={"crawl": POLITE}) for s in reg.sites)
    store.save_registry(reg.model_copy(update={"sites": sites}))
    site = next(s for s in sites if s.unit == "梅溪县")
    return store, site


def cluster_settings(tmp_path: Path, pg_url: str) -> Settings:
    """Settings of a fresh cluster: Redis flushed, PostgreSQL emptied."""
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    reset_pg(pg_url)
    return Settings(data_dir=tmp_path / "dist", database_url=pg_url, broker_url=BROKER)


@contextmanager
def two_workers(served: Served, settings: Settings, logs: Path, concurrency: int) -> Iterator[Any]:
    """Two `govinspect worker` processes while the block runs; yields the app to send tasks with.
    The access log starts empty once they listen."""
    assert settings.database_url is not None
    workers = start_workers(
        2, settings.data_dir, settings.database_url, BROKER, logs, concurrency=concurrency
    )
    served.server.access_log.clear()
    try:
        yield make_app(settings)
    finally:
        for w in workers:
            stop(w)


@pytest.mark.slow
def test_the_log_measure_sees_two_crawls_of_one_site_at_once(served: Served, tmp_path: Path) -> None:
    """The measure's miss: two crawls of one site side by side (no cluster lock) break the limits."""
    from govinspect.crawl import CrawlSettings, crawl_site

    site = next(s for s in served.world.registry().sites if s.unit == "梅溪县")
    crawl = CrawlSettings().for_site(POLITE)
    served.server.access_log.clear()

    def one(i: int) -> None:  # each on its own event loop, as two processes would be: no shared limits
        asyncio.run(crawl_site(site, tmp_path / f"snap{i}", crawl, served.server.host_map))

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, range(2)))
    _, per_second = worst(served.server.access_log, urlsplit(site.home_url).hostname or "")
    assert per_second > RATE + 2


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
def test_a_site_sent_twice_is_crawled_by_one_worker_at_a_time(
    served: Served, tmp_path: Path, pg_url: str
) -> None:
    settings = cluster_settings(tmp_path, pg_url)
    store, site = polite_site(served, settings)
    with two_workers(served, settings, tmp_path, concurrency=1) as app:
        args = ["R", m.TargetKind.SITE.value, site.code, served.server.host_map]
        sent = [app.send_task(TASK, args=args) for _ in range(2)]  # a second delivery of the same target
        infos = [r.get(timeout=180) for r in sent]
    host = urlsplit(site.home_url).hostname or ""
    requests = [e for e in served.server.access_log if e[0] == host]
    peak, per_second = worst(served.server.access_log, host)
    assert len(requests) > 3 * RATE, "the crawl lasted seconds, long enough to measure the rate"
    assert peak <= CONC and per_second <= RATE + 2, (peak, per_second)
    assert store.target_status("R")[(m.TargetKind.SITE, site.code)] == "done"
    assert infos[0] == infos[1] and infos[0]["pages"] > 0
    logs = "".join((tmp_path / f"w{i}.log").read_text(errors="replace") for i in range(2))
    # the second delivery waited for the lock, then found the site done
    assert logs.count("succeeded") == 2 and "Retry in" in logs


FEED = {"feed_rate": RATE, "feed_concurrency": CONC, "retries": 1}


def county_accounts(served: Served, settings: Settings) -> tuple[Store, list[str], str]:
    """Round "R" of the whole county; its accounts' keys and the feed service's host they are read through."""
    store, _ = set_up_county_round(served, settings, ())
    keys = [a.key for a in store.load_registry().accounts][:16]
    return store, keys, served.world.scenario.feed_host


@pytest.mark.slow
def test_the_log_measure_sees_accounts_read_on_two_loops_without_shared_limits(
    served: Served, tmp_path: Path
) -> None:
    """The measure's miss: two event loops (as two workers) with no shared limits, each at the whole rate."""
    from govinspect.jobs.context import open_round
    from govinspect.jobs.pipeline import inspect_account

    settings = Settings(data_dir=tmp_path / "local")
    store, keys, feed_host = county_accounts(served, settings)
    ctx = open_round(settings, store, "R", host_map=served.server.host_map, crawl_overrides=FEED)
    served.server.access_log.clear()

    def half(i: int) -> None:
        async def run() -> None:
            await asyncio.gather(*(inspect_account(ctx, k) for k in keys[i::2]))

        asyncio.run(run())

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(half, range(2)))
    peak, per_second = worst(served.server.access_log, feed_host)
    assert peak > CONC or per_second > RATE + 2, (peak, per_second)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
def test_the_accounts_feed_service_limits_hold_across_the_cluster(
    served: Served, tmp_path: Path, pg_url: str
) -> None:
    """Two batches of accounts on two workers: their feed service sees the feed limits, not twice them."""
    settings = cluster_settings(tmp_path, pg_url)
    store, keys, feed_host = county_accounts(served, settings)
    with two_workers(served, settings, tmp_path, concurrency=4) as app:
        hm = served.server.host_map
        batches = [keys[0::2], keys[1::2], keys[0::2]]  # the first batch delivered twice
        sent = [app.send_task(ACCOUNTS_TASK, args=["R", b, hm, FEED, "run"]) for b in batches]
        assert [r.get(timeout=180) for r in sent] == [len(b) for b in batches]
    requests = [e for e in served.server.access_log if e[0] == feed_host]
    peak, per_second = worst(served.server.access_log, feed_host)
    assert len(requests) > 3 * RATE, "the accounts took seconds, long enough to measure the rate"
    assert peak <= CONC and per_second <= RATE + 2, (peak, per_second)
    status = store.target_status("R")
    assert all(status[(m.TargetKind.ACCOUNT, k)] == "done" for k in keys)
    logs = "".join((tmp_path / f"w{i}.log").read_text(errors="replace") for i in range(2))
    assert "Retry in" in logs  # the second delivery of a batch waited for the first, then found it done
