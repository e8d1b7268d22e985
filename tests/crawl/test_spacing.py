"""Request spacing per host: the allowed rate is reached by a busy crawler and never exceeded."""

from __future__ import annotations

import asyncio
import time

from govinspect.crawl.fetch import Spacing

RATE = 20.0


async def _starts(spacing: Spacing, n: int, busy_s: float = 0.0) -> list[float]:
    """Start times of `n` requests; each caller then blocks the loop for `busy_s` (parsing a page)."""
    starts: list[float] = []
    for _ in range(n):
        await spacing.acquire()
        starts.append(time.monotonic())
        time.sleep(busy_s)  # the event loop is busy: the next wake-up comes late
    return starts


def _most_in_one_second(starts: list[float]) -> int:
    return max(sum(1 for t in starts[i:] if t < s + 1.0) for i, s in enumerate(starts))


async def test_a_busy_loop_still_reaches_the_rate() -> None:
    """Other crawls parse pages on the loop, so every wake-up comes late; the schedule must not drift."""

    async def parse_pages() -> None:
        while True:
            time.sleep(0.3 / RATE)  # a page parsed on the event loop
            await asyncio.sleep(0)

    parser = asyncio.create_task(parse_pages())
    try:
        starts = await _starts(Spacing(RATE), 41)
    finally:
        parser.cancel()
    elapsed = starts[-1] - starts[0]
    assert elapsed < 40 / RATE * 1.3, elapsed  # late wake-ups do not add up (they did: 1.85×)
    assert elapsed > 40 / RATE * 0.95, elapsed  # and it never runs ahead of the schedule


async def test_never_more_than_the_rate_plus_one_in_any_second() -> None:
    spacing = Spacing(RATE)
    first = await _starts(spacing, 10)
    await asyncio.sleep(1.0)  # idle: nothing is owed for the idle time
    later = await _starts(spacing, 30, busy_s=0.9 / RATE)
    assert _most_in_one_second(first + later) <= RATE + 1
    assert first[-1] - first[0] > 8.5 / RATE  # half an interval at most is made up after idle


async def test_callers_in_parallel_share_the_rate() -> None:
    spacing = Spacing(RATE)
    runs = await asyncio.gather(*(_starts(spacing, 10) for _ in range(4)))
    starts = sorted(t for run in runs for t in run)
    assert _most_in_one_second(starts) <= RATE + 1
    assert starts[-1] - starts[0] > 39 / RATE * 0.95
