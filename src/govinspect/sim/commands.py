"""Entry points behind `govinspect sim serve|export|registry`: serve a scenario, export it, write its 底账."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

from govinspect.registry import write_registry_xlsx
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import World, build_world


def world_of(path: str | Path) -> World:
    return build_world(load_scenario(path))


def serve(path: str | Path, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve the scenario until interrupted, printing the host map (like curl --resolve)."""

    async def run() -> None:
        world = world_of(path)
        server = await start(world, host, port)
        sc = world.scenario
        print(
            f"模拟辖区：{sc.jurisdiction}　监测时间点：{sc.checkpoint.isoformat()}　"
            f"网站 {len(world.sites)} 个　政务新媒体 {len(world.accounts)} 个"
        )
        print(f"已在 {server.host}:{server.port} 上提供服务，域名映射如下（按 Ctrl+C 停止）：")
        for h, addr in sorted(server.host_map.items()):
            print(f"  {h} → {addr}")
        if world.sites:
            h = world.sites[0].home_url.split("/")[2]
            print(f"示例：curl --resolve {h}:{server.port}:{server.host} http://{h}:{server.port}/")
        try:
            await asyncio.Event().wait()
        finally:
            await server.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


def _file_for(root: Path, host: str, path: str) -> Path:
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return root / host / rel


def export(path: str | Path, out_dir: str | Path) -> dict[str, int]:
    """Write every static 200 response to OUT/<host>/<path> plus nginx.conf, ground_truth.json, registry.json.

    Query strings stay in the file name (`index.html?page=2`); the generated nginx.conf finds them with
    `try_files $uri$is_args$args`. Redirects become `return` rules. Dynamic behaviours are not exported.
    Returns the number of files written per host.
    """
    world = world_of(path)
    root = Path(out_dir)
    counts: dict[str, int] = {}
    conf: list[str] = []
    for host in world.hosts():
        redirects: list[str] = []
        n = 0
        for p, r in sorted(world.responses[host].items()):
            if r.status in (301, 302) and r.header("Location"):
                redirects.append(f"    location = {p} {{ return {r.status} {r.header('Location')}; }}")
                continue
            if r.status != 200 or (r.behaviour and r.behaviour.kind in ("huge_body", "endless_calendar")):
                continue
            f = _file_for(root, host, p)
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(r.body)
            n += 1
        counts[host] = n
        conf.append(
            "server {\n    listen 8080;\n"
            f"    server_name {host};\n    root {(root / host).resolve()};\n    default_type application/xml;\n"
            + "\n".join(redirects)
            + ("\n" if redirects else "")
            + "    location / { try_files $uri$is_args$args $uri $uri/index.html =404; }\n}\n"
        )
    (root / "nginx.conf").write_text("\n".join(conf), encoding="utf-8")
    (root / "ground_truth.json").write_text(
        json.dumps(world.ground_truth_json(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (root / "expected.json").write_text(
        json.dumps([e.to_json() for e in world.expected], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (root / "registry.json").write_text(world.registry().model_dump_json(indent=1), encoding="utf-8")
    return counts


def write_registry(path: str | Path, out: str | Path) -> Path:
    """Write the scenario's 底账 (单位, 网站底账, 栏目, 政务新媒体底账) in the registry's XLSX layout."""
    return write_registry_xlsx(world_of(path).registry(), Path(out))
