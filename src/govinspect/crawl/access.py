"""A fetcher that reaches what a person's browser reaches: WAF challenges, header blocks, broken TLS.

Plain pages cost one test of a small body (`challenge_family`); only a challenge, a 403 or a TLS
failure sends a host down the slower path, once, and the host's politeness slot is held meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
from yarl import URL

from govinspect.crawl.challenge import challenge_family, family_name
from govinspect.crawl.fetch import Fetcher, FetchResult, Politeness
from govinspect.crawl.net import HostMap
from govinspect.crawl.passage import ChallengePasser, Passage
from govinspect.crawl.records import ErrorClass
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.tls import TlsReader
from govinspect.crawl.urls import host_of

# a TLS 1.0 server resets a modern handshake: a reset https connection is looked at like a TLS error
TLS_SUSPECTS = frozenset((ErrorClass.TLS, ErrorClass.REFUSED))


class BrowserFetcher(Fetcher):
    """Fetcher plus the browser's ways past obstacles; `passer` None when chromium is not installed."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        settings: CrawlSettings,
        hosts: HostMap,
        politeness: Politeness,
        passer: ChallengePasser | None,
    ) -> None:
        super().__init__(session, settings, hosts, politeness)
        self.passer = passer
        self.tls = TlsReader(hosts, settings.ca_file, settings.connect_timeout)
        self.headers: dict[str, dict[str, str]] = {}  # host → a browser's headers, once it needed them
        self.refusals: set[str] = set()  # hosts whose 403 a browser got too: their 403s are real

    def request_options(self, host: str) -> dict[str, Any]:
        opts: dict[str, Any] = {}
        if host in self.headers:
            opts["headers"] = self.headers[host]
        ctx = self.tls.context(host)
        if ctx is not None:
            opts["ssl"] = ctx
        return opts

    async def fetch(
        self,
        url: str,
        method: str = "GET",
        *,
        max_bytes: int | None = None,
        truncate_ok: bool = False,
        retries: int | None = None,
        follow: Callable[[str], Awaitable[bool]] | None = None,
    ) -> FetchResult:
        """Fetch `url`; after a TLS failure, a cookie-setting redirect loop, a challenge or a first 403 on a
        host, pass it and fetch again."""
        since = time.monotonic()

        async def again() -> FetchResult:
            return await Fetcher.fetch(
                self,
                url,
                method,
                max_bytes=max_bytes,
                truncate_ok=truncate_ok,
                retries=retries,
                follow=follow,
            )

        res = await again()
        if res.error in TLS_SUSPECTS and await self.tls.learn(res.final_url, self._issuer):
            res = await again()
        if res.error == ErrorClass.REDIRECT_LOOP and _sets_cookie(res):
            res = await again()  # a loop that only hands out a cookie: a browser goes round once more
        if method == "HEAD":
            return res  # a challenge shows only in a body: the link checker's GET meets it
        family = challenge_family(res.status, res.headers, res.content)
        host = host_of(res.final_url)
        refused = res.status == 403 and family is None and host not in self.refusals
        if (family is not None or refused) and self.passer is not None:
            async with self.politeness.slot(host):  # the browser's requests count against the host too
                passage = await self.passer.pass_host(res.final_url, since)
            if passage is not None:
                self._carry(host, passage)
                res = await again()
                family = challenge_family(res.status, res.headers, res.content)
            elif refused:
                self.refusals.add(host)
        if family is not None:
            res.error = ErrorClass.CHALLENGE
            res.detail = f"访问受限（防护拦截）：{family_name(family)}，HTTP {res.status}"
        return res

    def _carry(self, host: str, passage: Passage) -> None:
        """Give the HTTP client what the browser holds: its cookies and its headers."""
        self.headers[host] = passage.headers
        jar = self.session.cookie_jar
        for c in passage.cookies:
            cookie: SimpleCookie = SimpleCookie()
            cookie[c["name"]] = c["value"]
            jar.update_cookies(cookie, URL.build(scheme="http", host=str(c["domain"]).lstrip(".") or host))

    async def _issuer(self, url: str) -> bytes | None:
        """An AIA issuer certificate, fetched like any other URL of the crawl."""
        res = await Fetcher.fetch(self, url, max_bytes=64 * 1024)
        return res.content if res.error is None else None


def _sets_cookie(res: FetchResult) -> bool:
    """Some hop of the fetch set a cookie (now in the session's jar)."""
    return any(k.lower() == "set-cookie" for ex in res.exchanges for k, _ in ex.headers)
