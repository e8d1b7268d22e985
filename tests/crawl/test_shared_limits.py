"""Host limits held in Redis: two event loops (as two workers) together keep one host's concurrency and rate."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from govinspect.crawl import CrawlSettings
from govinspect.crawl.fetch import AllHosts, Politeness
from govinspect.crawl.shared_limits import PREFIX, RedisGate
from services import need, port_open

URL = "redis://127.0.0.1:6379/13"
RATE, CONC, EACH = 20.0, 1, 12
SETTINGS = CrawlSettings(per_host_rate=RATE, per_host_concurrency=CONC)
HOST = "shared.test"


class Spans:
    """When each request held its slot, from every thread."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def add(self, start: float, end: float) -> None:
        with self._lock:
            self.spans.append((start, end))

    def peak(self) -> int:
        events = sorted([(s, 1) for s, _ in self.spans] + [(e, -1) for _, e in self.spans])
        inflight = most = 0
        for _, step in events:
            inflight += step
            most = max(most, inflight)
        return most

    def per_second(self) -> int:
        starts = sorted(s for s, _ in self.spans)
        return max(sum(1 for t in starts[i:] if t < s + 1.0) for i, s in enumerate(starts))


def worker(spans: Spans, url: str | None) -> None:
    """One worker's event loop: EACH requests to HOST under its own Politeness (with or without the gate)."""

    async def run() -> None:
        async def one() -> None:
            async with politeness.slot(HOST):
                start = time.monotonic()
                await asyncio.sleep(0.01)
                spans.add(start, time.monotonic())

        if url is None:
            politeness = Politeness(SETTINGS, AllHosts())
            await asyncio.gather(*(one() for _ in range(EACH)))
            return
        async with RedisGate(url, SETTINGS.total_timeout) as gate:
            politeness = Politeness(SETTINGS, AllHosts(), gate=gate)
            await asyncio.gather(*(one() for _ in range(EACH)))

    asyncio.run(run())


def two_workers(url: str | None) -> Spans:
    spans = Spans()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: worker(spans, url), range(2)))
    return spans


@pytest.mark.redis
def test_two_loops_keep_one_hosts_limits_through_redis() -> None:
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(URL).delete(PREFIX + HOST, PREFIX + HOST + ":due")
    spans = two_workers(URL)
    assert len(spans.spans) == 2 * EACH
    assert spans.peak() <= CONC
    assert spans.per_second() <= RATE + 1
    first, last = min(s for s, _ in spans.spans), max(s for s, _ in spans.spans)
    assert last - first >= (2 * EACH - 1) / RATE - 0.5 / RATE  # the schedule is one host's, not two


def test_two_loops_without_the_gate_each_take_the_hosts_whole_limits() -> None:
    spans = two_workers(None)
    assert spans.peak() == 2 * CONC
    first, last = min(s for s, _ in spans.spans), max(s for s, _ in spans.spans)
    assert last - first < (2 * EACH - 1) / RATE * 0.75


def test_an_unreachable_gate_leaves_the_process_its_own_limits() -> None:
    spans = Spans()
    worker(spans, "redis://127.0.0.1:1/0")  # nothing listens there
    assert len(spans.spans) == EACH
    assert spans.peak() <= CONC
    first, last = min(s for s, _ in spans.spans), max(s for s, _ in spans.spans)
    assert last - first >= (EACH - 1) / RATE - 0.5 / RATE
