"""Pass a WAF challenge as a person's browser does: render it once per host in Debian's chromium.

The challenge's script computes its cookie and reloads; once the page chromium lands on is no longer
a challenge, its cookies and User-Agent go back to the HTTP client for the rest of the crawl. A host is
solved again when the challenge reappears (the cookie expired), a bounded number of times.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from govinspect.crawl.challenge import challenge_family
from govinspect.crawl.render import browser

ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9"
# what a person's chromium on Debian sends, for clients that cannot ask the browser (availability probes)
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Accept-Language": ACCEPT_LANGUAGE,
}


@dataclass(slots=True)
class Passage:
    """What a solved challenge leaves: the cookies and the headers a browser sends."""

    cookies: list[dict[str, Any]]
    headers: dict[str, str]
    status: int | None


@dataclass(slots=True)
class HostPassage:
    """One host's record: solves tried, failures in a row, when it was last solved."""

    solves: int = 0
    failures: int = 0
    solved_at: float = 0.0
    passage: Passage | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class ChallengePasser:
    """Solves challenges in one chromium kept open for the crawl; at most `max_solves` per host."""

    def __init__(self, host_map: dict[str, str] | None, timeout_s: float, max_solves: int) -> None:
        self.host_map = host_map
        self.timeout_s = timeout_s
        self.max_solves = max_solves
        self.hosts: dict[str, HostPassage] = defaultdict(HostPassage)
        self._cm: Any = None
        self._browser: Any = None
        self._user_agent: str | None = None

    async def pass_host(self, url: str, since: float) -> Passage | None:
        """Solve the challenge at `url` (or return the passage another task won after `since`).

        None when the host cannot be passed: chromium missing, the challenge stays, solves used up.
        """
        host = (urlsplit(url).hostname or "").lower()
        rec = self.hosts[host]
        async with rec.lock:
            if rec.solved_at > since and rec.passage is not None:
                return rec.passage
            if rec.solves >= self.max_solves or rec.failures >= 2:
                return None
            rec.solves += 1
            try:
                passage = await self._solve(url)
            except Exception:  # a browser that fails is a host not passed, never a crash
                passage = None
            if passage is None:
                rec.failures += 1
                return None
            rec.failures = 0
            rec.solved_at = time.monotonic()
            rec.passage = passage
            return passage

    async def _start(self) -> Any:
        if self._browser is None:
            self._cm = browser(self.host_map)
            self._browser = await self._cm.__aenter__()
            probe = await self._browser.new_page()
            ua = str(await probe.evaluate("navigator.userAgent"))
            await probe.close()
            self._user_agent = ua.replace("HeadlessChrome", "Chrome")  # what a person's chromium sends
        return self._browser

    async def _solve(self, url: str) -> Passage | None:
        b = await self._start()
        ctx = await b.new_context(
            user_agent=self._user_agent,
            locale="zh-CN",
            ignore_https_errors=True,
            extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE},
        )
        try:
            page = await ctx.new_page()
            last: dict[str, int] = {}

            def on_response(resp: Any) -> None:
                if resp.request.is_navigation_request() and resp.frame == page.main_frame:
                    last["status"] = resp.status

            page.on("response", on_response)
            await page.goto(url, wait_until="load", timeout=self.timeout_s * 1000)
            deadline = time.monotonic() + self.timeout_s
            while time.monotonic() < deadline:
                try:
                    html = str(await page.content())
                except Exception:  # the challenge is reloading the page
                    html = ""
                status = last.get("status")
                if html and status is not None and challenge_family(status, {}, html.encode()) is None:
                    if status >= 400:
                        return None  # the site's own refusal, not a challenge: a browser fails too
                    headers = {"User-Agent": self._user_agent or "", "Accept-Language": ACCEPT_LANGUAGE}
                    return Passage(await ctx.cookies(), headers, status)
                await asyncio.sleep(0.3)
            return None
        finally:
            await ctx.close()

    async def close(self) -> None:
        if self._cm is not None:
            await self._cm.__aexit__(None, None, None)
            self._cm = self._browser = None
