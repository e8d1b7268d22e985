"""Entry points behind `govinspect sim serve|export|registry`: serve a scenario, export it, write its 底账."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

from openpyxl import Workbook

from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import World, build_world

SITE_HEADINGS = ["网站名称", "网站标识码", "首页网址", "主办单位", "网站类型", "运行状态", "其他域名"]
ACCOUNT_HEADINGS = ["账号名称", "平台", "账号ID", "主办单位", "认证主体", "订阅地址"]
COLUMN_HEADINGS = ["网站标识码", "栏目名称", "栏目地址", "栏目类别"]


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
    """Write the scenario's 网站底账 / 政务新媒体底账 (and 栏目) as one XLSX workbook."""
    world = world_of(path)
    reg = world.registry()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "网站底账"
    ws.append(SITE_HEADINGS)
    for s in reg.sites:
        ws.append(
            [s.name, s.code, s.home_url, s.unit, s.kind.value, s.status.value, "；".join(s.extra_hosts)]
        )
    wa = wb.create_sheet("政务新媒体底账")
    wa.append(ACCOUNT_HEADINGS)
    for a in reg.accounts:
        wa.append(
            [a.name, a.platform.value, a.account_id, a.unit, a.certified_entity or "", a.feed_url or ""]
        )
    wc = wb.create_sheet("栏目")
    wc.append(COLUMN_HEADINGS)
    for s in reg.sites:
        for c in s.columns:
            wc.append([s.code, c.name, c.url, c.category.value])
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out_path)
    return out_path
