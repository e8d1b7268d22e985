"""Serves a simulated world over real HTTP on loopback, routing by the Host header.

Every simulated host name maps to the one loopback address and port in `host_map` (like curl --resolve);
an https host gets a port of its own with its certificate (sim/tls.py), and the PKI host serves the
intermediate certificate at the AIA URL. `ca_file` is the root the crawler must trust. An IPv6-only host
is served on ::1 alone (its host map entry is "[::1]:PORT"); a machine without IPv6 cannot serve one.
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from govinspect.sim.obstacles import HTTPS_GATES, Gate
from govinspect.sim.tls import AIA_PATH, PKI_HOST, Pki, server_context
from govinspect.sim.types import Resp
from govinspect.sim.world import World

NOT_FOUND = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head>'
    "<body><h1>404</h1><p>您访问的页面不存在。</p></body></html>"
).encode()
HUGE_CHUNK = ("<p>" + "政务公开" * 2000 + "</p>\n").encode()


@dataclass(slots=True)
class SimServer:
    world: World
    host: str
    port: int
    runner: web.AppRunner
    access_log: list[tuple[str, str, float, float, int]] = field(default_factory=list)
    counters: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    gates: dict[str, Gate] = field(default_factory=dict)  # host → its challenge state
    tls_ports: dict[str, int] = field(default_factory=dict)  # https host → its own port
    extra: dict[tuple[str, str], Resp] = field(default_factory=dict)  # made at start (the AIA certificate)
    ca_file: str | None = None  # the simulator's root certificate (PEM), when it serves https
    folder: tempfile.TemporaryDirectory[str] | None = None
    down_hosts: set[str] = field(default_factory=set)  # hosts in an outage (monitoring tests switch them)
    v6_port: int | None = None  # the ::1 listener of IPv6-only hosts

    @property
    def host_map(self) -> dict[str, str]:
        """Every simulated host name → "127.0.0.1:PORT"; "host:443" → the https port of a host serving both schemes."""
        hosts = [*self.world.hosts(), *(h for h, _ in self.extra)]
        out = {h: f"{self.host}:{self.tls_ports.get(h, self.port)}" for h in hosts}
        for h, tls_port in self.tls_ports.items():
            gate = self.gates.get(h)
            if (
                gate is not None and gate.kind in HTTPS_GATES
            ):  # both schemes: http here, https on its own port
                out[h] = f"{self.host}:{self.port}"
                out[f"{h}:443"] = f"{self.host}:{tls_port}"
        for h in self.world.ipv6_hosts:
            out[h] = f"[::1]:{self.v6_port}"
        return out

    def url(self, host: str, path: str = "/") -> str:
        """A URL that reaches `host` directly (for clients that cannot map hosts)."""
        return f"http://{self.host}:{self.port}{path}"

    async def stop(self) -> None:
        await self.runner.cleanup()
        if self.folder is not None:
            self.folder.cleanup()

    def fails_now(self, key: tuple[str, str], ratio: float) -> bool:
        """Deterministic failure sequence: request n fails when floor((n+1)·ratio) > floor(n·ratio)."""
        n = self.counters[key]
        self.counters[key] = n + 1
        return int((n + 1) * ratio) > int(n * ratio)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        start = time.time()
        host = (request.host or "").split(":")[0].lower()
        path = request.raw_path
        status = 500
        try:
            resp = await self._respond(request, host, path)
            status = resp.status
            return resp
        finally:
            self.access_log.append((host, path, start, time.time(), status))

    async def _respond(self, request: web.Request, host: str, path: str) -> web.StreamResponse:
        if host in self.down_hosts:
            return web.Response(status=503, text="Service Unavailable")
        gate = self.gates.get(host)
        if gate is not None and (blocked := gate.admit(host, request)) is not None:
            return blocked
        r = self.extra.get((host, path)) or self.world.resolve(host, path)
        if r is None:
            return web.Response(status=404, body=NOT_FOUND, content_type="text/html", charset="utf-8")
        b = r.behaviour
        if b is not None:
            if b.kind == "intermittent" and self.fails_now((host, path), b.ratio):
                return web.Response(status=503, text="Service Unavailable")
            if b.kind == "slow":
                await asyncio.sleep(b.delay)
            if request.method == "HEAD" and b.kind in ("slow_drip", "huge_body"):
                return web.Response(status=r.status, headers=dict(r.headers))
            if b.kind == "slow_drip":
                return await self._drip(request, r, b.delay)
            if b.kind == "huge_body":
                return await self._huge(request, r, b.size)
        return web.Response(status=r.status, body=r.body or None, headers=dict(r.headers))

    async def _drip(self, request: web.Request, r: Resp, delay: float) -> web.StreamResponse:
        sr = web.StreamResponse(status=r.status, headers=dict(r.headers))
        await sr.prepare(request)
        step = max(1, len(r.body) // 10)
        for i in range(0, len(r.body), step):
            await sr.write(r.body[i : i + step])
            await asyncio.sleep(delay)
        await sr.write_eof()
        return sr

    async def _huge(self, request: web.Request, r: Resp, size: int) -> web.StreamResponse:
        sr = web.StreamResponse(status=200, headers=dict(r.headers))
        await sr.prepare(request)
        sent = 0
        try:
            await sr.write(
                b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>huge</title></head><body>'
            )
            while sent < size:
                await sr.write(HUGE_CHUNK)
                sent += len(HUGE_CHUNK)
            await sr.write(b"</body></html>")
            await sr.write_eof()
        except (ConnectionResetError, ConnectionError):
            pass
        return sr


async def start(world: World, host: str = "127.0.0.1", port: int = 0) -> SimServer:
    """Start serving `world` on a loopback address; port 0 picks a free port."""
    if not host.startswith("127."):
        raise ValueError(f"模拟服务只能监听回环地址（127.0.0.0/8），收到：{host}")
    app = web.Application()
    holder: dict[str, SimServer] = {}

    async def handler(request: web.Request) -> web.StreamResponse:
        return await holder["s"].handle(request)

    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    addrs = runner.addresses
    real_port = addrs[0][1] if addrs else port
    server = SimServer(world, host, real_port, runner)
    server.gates = {h: Gate(kind, uses) for h, (kind, uses) in world.gates.items()}
    holder["s"] = server
    if world.tls_hosts:
        await _serve_tls(server, runner)
    if world.ipv6_hosts:
        server.v6_port = await _serve_ipv6(runner)
    return server


async def _serve_ipv6(runner: web.AppRunner) -> int:
    """The ::1 listener of IPv6-only hosts; a clear error when the machine has no IPv6."""
    try:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        sock.bind(("::1", 0))
    except OSError as exc:
        raise ValueError(f"本机不支持 IPv6 回环地址（::1），无法模拟只有 IPv6 地址的网站：{exc}") from exc
    await web.SockSite(runner, sock).start()
    return int(sock.getsockname()[1])


async def _serve_tls(server: SimServer, runner: web.AppRunner) -> None:
    """One TLS listener per https host, with certificates made now; the intermediate at the AIA URL."""
    pki = Pki.create()
    server.folder = tempfile.TemporaryDirectory(prefix="govinspect-sim-tls-")
    folder = Path(server.folder.name)
    (folder / "root.pem").write_bytes(pki.root_pem())
    server.ca_file = str(folder / "root.pem")
    server.extra[(PKI_HOST, AIA_PATH)] = Resp(
        200, (("Content-Type", "application/pkix-cert"),), pki.intermediate_der()
    )
    aia_url = f"http://{PKI_HOST}{AIA_PATH}"
    for h, kind in sorted(server.world.tls_hosts.items()):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((server.host, 0))
        ctx = server_context(pki, h, kind, aia_url, folder)
        await web.SockSite(runner, sock, ssl_context=ctx).start()
        server.tls_ports[h] = sock.getsockname()[1]
