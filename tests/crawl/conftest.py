"""Fixtures of the crawler tests: loopback sites started on demand (see crawl_sites.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from crawl_sites import SiteServer, start


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[SiteServer], Awaitable[SiteServer]]]:
    runners: list[web.AppRunner] = []

    async def _serve(server: SiteServer) -> SiteServer:
        runners.append(await start(server))
        return server

    yield _serve
    for r in runners:
        await r.cleanup()
