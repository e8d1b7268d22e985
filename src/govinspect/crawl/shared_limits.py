"""Per-host limits held in Redis, so that all the workers of a cluster together keep a host's limits.

A site is crawled by one worker at a time (the target lock), so its host's limits hold by themselves;
the hosts the accounts reach (a platform, the feed service) are shared by every account on every
worker. For those, each request takes a lease from a per-host set in Redis (at most `concurrency`
live leases; a dead worker's lease lapses) and a due time from a per-host schedule one interval
apart, the same drift-free schedule as `fetch.Spacing`. Redis's own clock is used, so machines whose
clocks differ still agree. When Redis cannot be reached, `enter` says so and the caller falls back to
its own process's limits: a round keeps going through a Redis restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

log = logging.getLogger(__name__)

PREFIX = "govinspect:limits:"
LEASE_MARGIN_S = 15.0  # a lease outlives the longest request by this much, then lapses
POLL_S = 0.05  # a request waiting for a free lease looks again after this long

# KEYS[1] leases; ARGV concurrency, lease seconds, token → 1 when the lease was taken
_ENTER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])) + 1)
return 1
"""
# KEYS[1] schedule; ARGV interval → seconds to wait until this request's due time
_DUE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local due = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now - interval / 2)
redis.call('SET', KEYS[1], string.format('%.6f', due + interval), 'EX', 3600)
return string.format('%.6f', due - now)
"""


class RedisGate:
    """`fetch.HostGate` over Redis; open one per event loop (`async with RedisGate(url, lease_s)`)."""

    def __init__(self, url: str, lease_s: float) -> None:
        self.url = url
        self.lease_s = lease_s + LEASE_MARGIN_S
        self._client: Any = None
        self._errors: type[Exception] = Exception  # redis's RedisError once open (redis is imported then)

    async def __aenter__(self) -> RedisGate:
        import redis.asyncio
        from redis.exceptions import RedisError

        self._client = redis.asyncio.Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=5)
        self._errors = RedisError
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
        self._client = None

    async def enter(self, host: str, concurrency: int, rate: float | None) -> str | None:
        """Wait for a lease on `host` and for its next due time; the lease's token, or None if Redis is away."""
        token = uuid.uuid4().hex
        try:
            while not await self._client.eval(_ENTER, 1, PREFIX + host, concurrency, self.lease_s, token):
                await asyncio.sleep(POLL_S)
            if rate and rate > 0:
                wait = float(await self._client.eval(_DUE, 1, PREFIX + host + ":due", 1.0 / rate))
                if wait > 0:
                    await asyncio.sleep(wait)
        except self._errors as exc:
            log.warning("共享频率限制暂不可用（%s），本进程按自身限制继续", exc)
            return None
        return token

    async def leave(self, host: str, token: str) -> None:
        with contextlib.suppress(self._errors):  # the lease lapses by itself
            await self._client.zrem(PREFIX + host, token)
