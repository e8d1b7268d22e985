"""One polite HTTP fetch: per-host limits, manual redirects with loop detection, size cap, retries.

Errors never raise out of `Fetcher.fetch`; they come back as an ErrorClass value on the result.
"""

from __future__ import annotations

import asyncio
import email.utils
import ssl
import time
import weakref
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Container
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urldefrag, urljoin

import aiohttp

from govinspect.crawl.net import HostMap, OfflineLookupError
from govinspect.crawl.records import ErrorClass
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.urls import host_of

REDIRECT_CODES = frozenset((301, 302, 303, 307, 308))


@dataclass(slots=True)
class Exchange:
    """One request and its response as seen on the wire (body still content-encoded)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes
    at: float  # wall clock when the response arrived
    truncated: bool = False  # the body was cut at the size limit (more was sent or declared)


@dataclass(slots=True)
class FetchResult:
    """Outcome of a fetch after redirects and retries."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # final response, lower-case names
    content: bytes = b""  # decoded (content-encoding removed) body of the final response
    redirects: list[str] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)  # every hop, for the archive
    error: str | None = None
    detail: str = ""
    elapsed_ms: int = 0
    truncated: bool = False  # `content` was cut at the size limit (on the wire or once decompressed)


class FetchError(Exception):
    """A classified failure of one request."""

    def __init__(self, error: str, detail: str, exchange: Exchange | None = None) -> None:
        super().__init__(detail)
        self.error = error
        self.detail = detail
        self.exchange = exchange


def classify_exception(exc: BaseException) -> str:
    """Map an aiohttp/OS exception to an ErrorClass value."""
    if isinstance(exc, FetchError):
        return exc.error
    if isinstance(exc, TimeoutError | aiohttp.ServerTimeoutError):
        return ErrorClass.TIMEOUT
    if isinstance(exc, aiohttp.ClientConnectorDNSError | OfflineLookupError):
        return ErrorClass.DNS
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError | ssl.SSLError):
        return ErrorClass.TLS
    if isinstance(exc, aiohttp.ClientConnectorError):
        os_error = exc.os_error
        if isinstance(os_error, ConnectionRefusedError):
            return ErrorClass.REFUSED
        if isinstance(os_error, ssl.SSLError):
            return ErrorClass.TLS
        if isinstance(os_error, OfflineLookupError):
            return ErrorClass.DNS
        return ErrorClass.REFUSED
    if isinstance(exc, aiohttp.TooManyRedirects):
        return ErrorClass.REDIRECT_LOOP
    if isinstance(exc, ConnectionRefusedError):
        return ErrorClass.REFUSED
    return ErrorClass.OTHER


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds named by a Retry-After header (delta or HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def decode_content(body: bytes, encoding: str | None, limit: int, partial_ok: bool = False) -> bytes:
    """Remove a gzip/deflate/br content-encoding, reading at most `limit` + 1 bytes of output.

    A result longer than `limit` (a bomb, or simply a big page) raises TOO_LARGE unless `partial_ok`, which
    also accepts a stream cut short; the caller cuts an over-long result at the limit. A broken stream raises.
    """
    enc = (encoding or "").strip().lower()
    if not enc or enc == "identity" or not body:
        return body
    try:
        if enc in ("gzip", "x-gzip", "deflate"):
            wbits = 47 if enc != "deflate" else 15
            try:
                d = zlib.decompressobj(wbits)
                out = d.decompress(body, limit + 1)
            except zlib.error:
                if enc != "deflate":
                    raise
                d = zlib.decompressobj(-15)
                out = d.decompress(body, limit + 1)
            if len(out) > limit and not partial_ok:
                raise FetchError(ErrorClass.TOO_LARGE, f"解压后超过 {limit} 字节")
            if len(out) <= limit and not d.eof and not partial_ok:
                raise FetchError(ErrorClass.BROKEN_ENCODING, f"{enc} 数据流不完整")
            return out
        if enc == "br":
            import brotli

            dec = brotli.Decompressor()
            out = bytes(dec.process(body, output_buffer_limit=limit + 1))
            if len(out) > limit and not partial_ok:
                raise FetchError(ErrorClass.TOO_LARGE, f"解压后超过 {limit} 字节")
            if len(out) <= limit and not dec.is_finished() and not partial_ok:
                raise FetchError(ErrorClass.BROKEN_ENCODING, f"{enc} 数据流不完整")
            return out
    except FetchError:
        raise
    except Exception as exc:
        raise FetchError(ErrorClass.BROKEN_ENCODING, f"{enc} 解压失败: {exc}") from exc
    return body  # unknown coding: keep the bytes as they are


def cut_content(body: bytes, encoding: str | None, limit: int) -> tuple[bytes, bool]:
    """A response body decoded and cut at `limit` bytes; True when something was cut off."""
    out = decode_content(body, encoding, limit, partial_ok=True)
    return (out[:limit], True) if len(out) > limit else (out, False)


_Slot = tuple[asyncio.Semaphore, "Spacing | None"]
# A site host's slots, shared by every crawl on the event loop: several targets on one host (a portal
# and its 信息公开平台 sections) share the host's limits instead of multiplying them.
_HOST_SLOTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Slot]] = (
    weakref.WeakKeyDictionary()
)


class HostGate(Protocol):
    """Per-host limits held outside the process (`crawl.shared_limits`): the workers of a cluster together."""

    async def enter(self, host: str, concurrency: int, rate: float | None) -> str | None:
        """Wait for a turn on `host`; the turn's token, or None when the gate cannot be reached."""
        ...

    async def leave(self, host: str, token: str) -> None: ...


class AllHosts:
    """A host set that holds every host: each host an account reaches (its platform, its feed service,
    the sites its menus link to) is shared by all the round's accounts."""

    def __contains__(self, host: object) -> bool:
        return True


class Politeness:
    """Per-host concurrency and request spacing, by the kind of host.

    A site host's limits hold across all crawls on the event loop (one process), so targets that share
    a host share its limits; a feed service (`feed_hosts`) has the feed limits, shared the same way; an
    external host's limits are per crawl. With a `gate`, the shared limits hold across the cluster
    instead; while the gate cannot be reached, the process's own limits apply.
    """

    def __init__(
        self,
        settings: CrawlSettings,
        site_hosts: Container[str],
        feed_hosts: Container[str] = (),
        gate: HostGate | None = None,
    ) -> None:
        self.settings = settings
        self.site_hosts = site_hosts
        self.feed_hosts = feed_hosts
        self.gate = gate
        self._own: dict[str, _Slot] = {}

    def _limits(self, host: str) -> tuple[int, float | None, bool]:
        """Concurrency, rate, and whether the host's limits are shared beyond this crawl."""
        s = self.settings
        if host in self.feed_hosts:
            return s.feed_concurrency, s.feed_rate, True
        if host in self.site_hosts:
            return s.per_host_concurrency, s.per_host_rate, True
        return s.external_concurrency, s.external_rate, False

    def _entry(self, host: str, limits: tuple[int, float | None, bool]) -> tuple[dict[str, _Slot], _Slot]:
        """The table holding host's semaphore and spacing (the process's when shared, else this crawl's),
        and the pair, made on first use."""
        conc, rate, shared = limits
        table = _HOST_SLOTS.setdefault(asyncio.get_running_loop(), {}) if shared else self._own
        pair = table.get(host)
        if pair is None:
            pair = table[host] = (asyncio.Semaphore(conc), _limiter(rate))
        return table, pair

    def set_rate(self, host: str, rate: float) -> None:
        """Lower a host's rate (robots.txt Crawl-delay)."""
        table, (sem, _) = self._entry(host, self._limits(host))
        table[host] = (sem, _limiter(rate))

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        limits = self._limits(host)
        conc, rate, shared = limits
        if shared and self.gate is not None:
            token = await self.gate.enter(host, conc, rate)
            if token is not None:
                try:
                    yield
                finally:
                    await self.gate.leave(host, token)
                return
        sem, limiter = self._entry(host, limits)[1]
        async with sem:
            if limiter is not None:
                await limiter.acquire()
            yield


class Spacing:
    """Requests to one host at most `rate` per second, evenly spaced, on a schedule that does not drift.

    Each request has a due time one interval after the previous one's. A request that starts late (the
    event loop was busy) does not push the later ones back: they keep the schedule, so a busy crawler
    still reaches its allowed rate over time. Lateness is made up for by half an interval at most, so in
    any one second no more than `rate` + 1 requests start, even after an idle spell.
    """

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._due = 0.0
        self._turn = asyncio.Lock()  # first come, first served

    async def acquire(self) -> None:
        async with self._turn:
            loop = asyncio.get_running_loop()
            due = max(self._due, loop.time() - self.interval / 2)
            self._due = due + self.interval
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)


def _limiter(rate: float | None) -> Spacing | None:
    if not rate or rate <= 0:
        return None
    return Spacing(rate)


class Fetcher:
    """Fetches URLs through one session under the crawl's politeness, timeouts and limits."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        settings: CrawlSettings,
        hosts: HostMap,
        politeness: Politeness,
    ) -> None:
        self.session = session
        self.settings = settings
        self.hosts = hosts
        self.politeness = politeness
        self.timeout = aiohttp.ClientTimeout(
            total=settings.total_timeout,
            connect=settings.connect_timeout,
            sock_connect=settings.connect_timeout,
            sock_read=settings.read_timeout,
        )
        self.requests = 0

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
        """Fetch `url` following redirects; never raises.

        `await follow(next_url)` returning False stops at that redirect (the crawler fetches the target itself).
        """
        started = time.monotonic()
        result = FetchResult(url=url, final_url=url)
        limit = max_bytes or self.settings.max_response_bytes
        seen = {url}
        current = url
        try:
            for hop in range(self.settings.max_redirects + 1):
                ex = await self._with_retries(current, method, limit, truncate_ok, retries)
                result.exchanges.append(ex)
                result.final_url = current
                result.status = ex.status
                if ex.status in REDIRECT_CODES:
                    location = _header(ex.headers, "location")
                    if location:
                        nxt = urldefrag(urljoin(current, location.strip()))[0]
                        result.redirects.append(nxt)
                        if nxt in seen:
                            raise FetchError(ErrorClass.REDIRECT_LOOP, f"重定向循环: {nxt}")
                        if hop >= self.settings.max_redirects:
                            raise FetchError(
                                ErrorClass.REDIRECT_LOOP, f"重定向超过 {self.settings.max_redirects} 次"
                            )
                        if follow is not None and not await follow(nxt):
                            result.final_url = nxt
                            result.headers = {k.lower(): v for k, v in ex.headers}
                            break
                        seen.add(nxt)
                        current = nxt
                        if ex.status == 303 and method != "HEAD":
                            method = "GET"
                        continue
                result.headers = {k.lower(): v for k, v in ex.headers}
                if method != "HEAD":
                    if truncate_ok:
                        try:
                            result.content, cut = cut_content(
                                ex.body, result.headers.get("content-encoding"), limit
                            )
                        except FetchError:
                            if not ex.truncated:
                                raise
                            result.content, cut = b"", False  # a cut-off brotli stream: nothing readable
                        result.truncated = ex.truncated or cut
                    else:
                        result.content = decode_content(
                            ex.body, result.headers.get("content-encoding"), self.settings.max_response_bytes
                        )
                break
            if result.status is not None and result.status >= 400:
                result.error = ErrorClass.HTTP_5XX if result.status >= 500 else ErrorClass.HTTP_4XX
                result.detail = f"HTTP {result.status}"
        except FetchError as exc:
            result.error, result.detail = exc.error, exc.detail
            if exc.exchange is not None:
                result.exchanges.append(exc.exchange)
                result.final_url = exc.exchange.url
                result.status = exc.exchange.status
                result.headers = {k.lower(): v for k, v in exc.exchange.headers}
        except Exception as exc:  # classified, never raised
            result.error = classify_exception(exc)
            result.detail = f"{type(exc).__name__}: {exc}"[:300]
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    async def _with_retries(
        self, url: str, method: str, limit: int, truncate_ok: bool, retries: int | None
    ) -> Exchange:
        s = self.settings
        attempts = (s.retries if retries is None else retries) + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                ex = await self._once_fresh(url, method, limit, truncate_ok)
            except Exception as exc:
                error = classify_exception(exc)
                if last or error not in (ErrorClass.TIMEOUT, ErrorClass.OTHER):
                    raise
                await asyncio.sleep(min(s.backoff_max, s.backoff_base * 2**attempt))
                continue
            if (ex.status == 429 or ex.status >= 500) and not last:
                wait = retry_after_seconds(_header(ex.headers, "retry-after"))
                if wait is not None and wait > s.max_retry_after:
                    return ex
                if wait is None:
                    wait = s.backoff_base * 2**attempt
                await asyncio.sleep(min(max(wait, 0.0), max(s.backoff_max, s.max_retry_after)))
                continue
            return ex
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once_fresh(self, url: str, method: str, limit: int, truncate_ok: bool) -> Exchange:
        """`_once`, sent again at once while the server drops kept-alive connections on reuse.

        aiohttp closes a connection the server dropped and resends once, but the resend may take another
        idle connection of the pool that the server dropped too. Each is met once, so per-host concurrency
        + 1 tries reach a fresh connection; these tries are not retries (no wait, not counted)."""
        for _ in range(self.settings.per_host_concurrency):
            try:
                return await self._once(url, method, limit, truncate_ok)
            except aiohttp.ServerDisconnectedError:
                continue
        return await self._once(url, method, limit, truncate_ok)

    def request_options(self, host: str) -> dict[str, Any]:
        """Per-host request options (headers, SSL context) a subclass adds; none for a plain fetch."""
        return {}

    async def _once(self, url: str, method: str, limit: int, truncate_ok: bool) -> Exchange:
        host = host_of(url)
        if not self.hosts.allowed(host):
            raise FetchError(ErrorClass.DNS, f"域名无法解析（离线模式，未在主机映射中）: {host}")
        async with self.politeness.slot(host):
            self.requests += 1
            async with self.session.request(
                method, url, allow_redirects=False, timeout=self.timeout, **self.request_options(host)
            ) as resp:
                headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.raw_headers]
                ex = Exchange(
                    url=url,
                    method=method,
                    request_headers=list(resp.request_info.headers.items()),
                    status=resp.status,
                    reason=resp.reason or "",
                    version=f"HTTP/{resp.version.major}.{resp.version.minor}" if resp.version else "HTTP/1.1",
                    headers=headers,
                    body=b"",
                    at=time.time(),
                )
                if method == "HEAD" or resp.status in REDIRECT_CODES:
                    return ex
                declared = resp.content_length
                if declared is not None and declared > limit:
                    if not truncate_ok:
                        raise FetchError(
                            ErrorClass.TOO_LARGE, f"响应声明 {declared} 字节，超过上限 {limit}", ex
                        )
                    ex.truncated = True
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.content.iter_any():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        if not truncate_ok:
                            raise FetchError(ErrorClass.TOO_LARGE, f"响应超过上限 {limit} 字节", ex)
                        ex.truncated = True
                        chunks[-1] = chunk[: len(chunk) - (size - limit)]
                        break
                ex.body = b"".join(chunks)
                ex.at = time.time()
                return ex


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None
