"""Host map resolution (like curl --resolve) and the aiohttp session every crawl component shares.

With a host map or `offline`, names outside the map fail as DNS errors without any real lookup,
and only loopback addresses are ever contacted.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult


class OfflineLookupError(OSError):
    """Raised instead of resolving a name that is not in the host map."""


def is_loopback(host: str) -> bool:
    """True for a literal loopback address (127.0.0.0/8, ::1) or 'localhost'."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_target(target: str) -> tuple[str, int | None]:
    """'127.0.0.2:8080' → ('127.0.0.2', 8080); '[::1]:8080' → ('::1', 8080); '127.0.0.2', '::1' → (ip, None)."""
    if target.startswith("["):
        ip, _, rest = target[1:].partition("]")
        return ip, int(rest[1:]) if rest.startswith(":") else None
    if target.count(":") == 1:
        ip, port = target.split(":")
        return ip, int(port)
    return target, None


class HostMap:
    """Host → loopback address(es) map; decides whether a host may be contacted at all.

    A value may list several addresses, comma-separated (a host's A and AAAA records): each is tried in turn.
    """

    def __init__(self, mapping: dict[str, str] | None, offline: bool = False) -> None:
        self.mapping = {
            k.lower(): [parse_target(t.strip()) for t in v.split(",") if t.strip()]
            for k, v in (mapping or {}).items()
        }
        self.offline = offline or bool(mapping)

    def allowed(self, host: str) -> bool:
        """May this host be contacted? Always yes when online; else only mapped or loopback hosts."""
        host = host.lower()
        return not self.offline or host in self.mapping or is_loopback(host)

    def targets(self, host: str, port: int) -> list[tuple[str, int]]:
        """Every (ip, port) of a mapped host ("host:port" before "host"); [] when the host is not mapped."""
        host = host.lower()
        hits = self.mapping.get(f"{host}:{port}") or self.mapping.get(host) or []
        return [(ip, p if p is not None else port) for ip, p in hits]

    def target(self, host: str, port: int) -> tuple[str, int] | None:
        """The first (ip, port) of a mapped host, None when the host is not mapped."""
        hits = self.targets(host, port)
        return hits[0] if hits else None


class HostMapResolver(AbstractResolver):
    """aiohttp resolver answering from the host map; falls back to real DNS only when online."""

    def __init__(self, hosts: HostMap) -> None:
        self.hosts = hosts
        self._fallback: AbstractResolver | None = None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        hits = self.hosts.targets(host, port)
        if hits:  # every address family the map gives: the connector tries each in turn
            return [
                ResolveResult(
                    hostname=host,
                    host=ip,
                    port=mapped_port,
                    family=socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    proto=0,
                    flags=socket.AI_NUMERICHOST,
                )
                for ip, mapped_port in hits
            ]
        if is_loopback(host):
            return [
                ResolveResult(
                    hostname=host,
                    host="127.0.0.1" if host == "localhost" else host,
                    port=port,
                    family=socket.AF_INET,
                    proto=0,
                    flags=socket.AI_NUMERICHOST,
                )
            ]
        if self.hosts.offline:
            raise OfflineLookupError(socket.EAI_NONAME, f"offline: {host} is not in the host map")
        if self._fallback is None:
            self._fallback = aiohttp.ThreadedResolver()
        return await self._fallback.resolve(host, port, family)

    async def close(self) -> None:
        if self._fallback is not None:
            await self._fallback.close()


def make_session(
    hosts: HostMap,
    user_agent: str,
    *,
    limit: int = 0,
    cookies: bool = True,
    **kwargs: Any,
) -> aiohttp.ClientSession:
    """A session with the host-map resolver, raw (not auto-decompressed) bodies and its own cookie jar.

    aiohttp resends a GET/HEAD once on a fresh connection when a kept-alive one was dropped on reuse.
    """
    connector = aiohttp.TCPConnector(
        resolver=HostMapResolver(hosts),
        limit=limit,
        limit_per_host=0,
        ttl_dns_cache=300,
        enable_cleanup_closed=False,
    )
    jar: aiohttp.abc.AbstractCookieJar = (
        aiohttp.CookieJar(unsafe=True) if cookies else aiohttp.DummyCookieJar()
    )
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=jar,
        auto_decompress=False,
        headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate, br"},
        **kwargs,
    )
