"""Fetching for feeds: a thin adapter over govinspect.crawl's polite Fetcher (host map, limits, retries).

Feed, profile-page and link-check requests all go through `FeedHttp`, so politeness and the
curl --resolve style host map behave exactly as in a site crawl.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from types import TracebackType

import aiohttp
from yarl import URL

from govinspect.crawl import (
    AllHosts,
    CrawlSettings,
    ErrorClass,
    Fetcher,
    FetchResult,
    HostMap,
    Politeness,
    RedisGate,
    check_link,
    make_session,
)
from govinspect.model import Account

__all__ = ["FeedHttp", "FetchResult", "check_links"]


class FeedHttp:
    """An open session + Fetcher; use as `async with FeedHttp(host_map, settings) as http:`.

    `host_map` maps host → "127.0.0.1:port"; with a map, unmapped hosts fail as DNS errors and no
    real lookup is ever made. Every host has limits shared by all the round's accounts: a feed service
    (`feed_hosts`) the feed limits, any other host a site host's. With `limits_url` (Redis, on workers)
    they are shared across the cluster.
    """

    def __init__(
        self,
        host_map: dict[str, str] | None = None,
        settings: CrawlSettings | None = None,
        feed_hosts: Iterable[str] = (),
        limits_url: str | None = None,
    ) -> None:
        self.settings = settings or CrawlSettings()
        self.hosts = HostMap(host_map, offline=self.settings.offline or host_map is not None)
        self.feed_hosts = {h.lower() for h in feed_hosts}
        self._gate = RedisGate(limits_url, self.settings.total_timeout) if limits_url else None
        self._session: aiohttp.ClientSession | None = None
        self._fetcher: Fetcher | None = None

    async def __aenter__(self) -> FeedHttp:
        if self._gate is not None:
            await self._gate.__aenter__()
        self._session = make_session(self.hosts, self.settings.user_agent)
        politeness = Politeness(self.settings, AllHosts(), self.feed_hosts, self._gate)
        self._fetcher = Fetcher(self._session, self.settings, self.hosts, politeness)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._session is not None:
            await self._session.close()
        if self._gate is not None:
            await self._gate.__aexit__()
        self._session = None
        self._fetcher = None

    async def get(self, url: str, method: str = "GET", max_bytes: int | None = None) -> FetchResult:
        """Fetch one URL; never raises (the error class is on the result)."""
        if self._fetcher is None:
            raise RuntimeError("FeedHttp 未打开：请在 async with 中使用")
        if not url.startswith(("http://", "https://")):
            return FetchResult(url=url, final_url=url, error=ErrorClass.OTHER, detail="不是 http(s) 地址")
        return await self._fetcher.fetch(url, method, max_bytes=max_bytes)

    async def check(self, url: str) -> str | None:
        """A link's ErrorClass value, or None when it opens: the crawler's link check (HEAD, then GET,
        soft-404 included)."""
        if self._fetcher is None:
            raise RuntimeError("FeedHttp 未打开：请在 async with 中使用")
        if not url.startswith(("http://", "https://")):
            return ErrorClass.OTHER
        return (await check_link(self._fetcher, url)).error


def feed_hosts(accounts: Iterable[Account], rsshub_base: str | None = None) -> set[str]:
    """The feed services the accounts are read through: their feed URLs' hosts and the RSSHub instance."""
    urls = [a.feed_url for a in accounts if a.feed_url] + ([rsshub_base] if rsshub_base else [])
    return {URL(u).host or "" for u in urls}


async def check_links(
    urls: Iterable[str], http: FeedHttp, concurrency: int | None = None
) -> dict[str, str | None]:
    """Each URL once, through an open FeedHttp: url → ErrorClass value, or None when it opens."""
    unique = list(dict.fromkeys(urls))
    gate = asyncio.Semaphore(concurrency or http.settings.link_check_concurrency)

    async def one(url: str) -> tuple[str, str | None]:
        async with gate:
            return url, await http.check(url)

    return dict(await asyncio.gather(*(one(u) for u in unique)))
