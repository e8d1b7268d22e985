"""Optional rendering with playwright + Debian chromium: script-built pages and evidence screenshots.

`browser_available()` says whether both are installed; callers skip rendering when it is False.
The host map goes to chromium as --host-resolver-rules, so simulated sites keep their names.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class BrowserUnavailable(RuntimeError):
    """Chromium or the playwright package is missing."""


def chromium_path() -> str | None:
    env = os.environ.get("GOVINSPECT_CHROMIUM")
    for path in (env, *CHROMIUM_CANDIDATES):
        if path and os.path.exists(path) and os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


def browser_available() -> bool:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


def resolver_rules(host_map: dict[str, str] | None) -> list[str]:
    """--host-resolver-rules for a host map; everything unmapped fails (no real lookups)."""
    if not host_map:
        return []
    ported = sorted(host_map, key=lambda h: ":" not in h)  # "host:port" rules before the host's own
    rules = [f"MAP {host} {host_map[host].split(',')[0]}" for host in ported]  # chromium maps one address
    rules.append("MAP * ~NOTFOUND")
    rules.append("EXCLUDE 127.0.0.1")
    return [f"--host-resolver-rules={', '.join(rules)}"]


@asynccontextmanager
async def browser(host_map: dict[str, str] | None = None) -> AsyncIterator[Any]:
    """A launched headless chromium (playwright Browser); raises BrowserUnavailable when missing."""
    path = chromium_path()
    try:
        from playwright.async_api import async_playwright
    except ImportError as exc:
        raise BrowserUnavailable("未安装 playwright") from exc
    if path is None:
        raise BrowserUnavailable("未找到 chromium")
    async with async_playwright() as pw:
        b = await pw.chromium.launch(
            executable_path=path, args=[*CHROMIUM_FLAGS, *resolver_rules(host_map)], headless=True
        )
        try:
            yield b
        finally:
            await b.close()


async def render_html(url: str, host_map: dict[str, str] | None = None, timeout_s: float = 30.0) -> str:
    """The DOM of `url` after its scripts ran (for lists rendered by script)."""
    async with browser(host_map) as b:
        pg = await b.new_page()
        await pg.goto(url, wait_until="networkidle", timeout=timeout_s * 1000)
        return str(await pg.content())


async def screenshot(
    url: str,
    path: Path,
    host_map: dict[str, str] | None = None,
    full_page: bool = True,
    timeout_s: float = 30.0,
) -> Path:
    """Save a PNG screenshot of `url` to `path` (evidence for a finding)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    async with browser(host_map) as b:
        pg = await b.new_page(viewport={"width": 1366, "height": 900})
        await pg.goto(url, wait_until="load", timeout=timeout_s * 1000)
        await pg.screenshot(path=str(path), full_page=full_page)
    return path


class Renderer:
    """One browser kept open for a crawl; `html(url)` renders a page, None when rendering fails."""

    def __init__(self, host_map: dict[str, str] | None, timeout_s: float = 30.0) -> None:
        self.host_map = host_map
        self.timeout_s = timeout_s
        self._cm: Any = None
        self._browser: Any = None
        self._starting = asyncio.Lock()  # page workers render at once: one browser, started once

    async def html(self, url: str) -> str | None:
        try:
            async with self._starting:
                if self._browser is None:
                    cm = browser(self.host_map)
                    self._browser = await cm.__aenter__()
                    self._cm = cm  # closed only once it was entered
            pg = await self._browser.new_page()
            try:
                await pg.goto(url, wait_until="networkidle", timeout=self.timeout_s * 1000)
                return str(await pg.content())
            finally:
                await pg.close()
        except Exception:
            return None

    async def close(self) -> None:
        if self._cm is not None:
            await self._cm.__aexit__(None, None, None)
            self._cm = self._browser = None
