"""Headless chromium renders the demo county's home, list (script-rendered too), article and mailbox pages."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from govinspect.crawl.render import CHROMIUM_FLAGS
from govinspect.sim import World, build_world, load_scenario
from govinspect.sim.server import SimServer, start

pytestmark = pytest.mark.browser
DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-county.yaml"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip("未安装 chromium（Debian 包 chromium），跳过浏览器测试", allow_module_level=True)


@pytest.fixture(scope="module")
def demo_world() -> World:
    return build_world(load_scenario(DEMO))


@pytest.fixture
async def server(demo_world: World) -> AsyncIterator[SimServer]:
    s = await start(demo_world)
    yield s
    await s.stop()


async def chromium(server: SimServer, tmp: Path, url: str, *mode: str) -> bytes:
    assert CHROMIUM, "CI=true 但没有 chromium"
    args = [
        *CHROMIUM_FLAGS,
        f"--user-data-dir={tmp / 'profile'}",
        f"--host-resolver-rules=MAP * 127.0.0.1:{server.port}",
        "--virtual-time-budget=5000",
        "--window-size=1280,900",
        *mode,
        url,
    ]
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, cwd=tmp
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 90)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return out


def _site(world: World, name: str) -> str:
    return next(s.home_url for s in world.sites if s.name == name)


async def test_home_screenshot_and_dom(server: SimServer, demo_world: World, tmp_path: Path) -> None:
    home = _site(demo_world, "梅溪县人民政府")
    shot = tmp_path / "home.png"
    await chromium(server, tmp_path, home, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
    dom = (await chromium(server, tmp_path, home, "--dump-dom")).decode()
    assert "梅溪县人民政府" in dom and "更多&gt;&gt;" in dom and "网站标识码：4190010001" in dom


async def test_script_rendered_lists(server: SimServer, demo_world: World, tmp_path: Path) -> None:
    jcms = _site(demo_world, "梅溪县教育局") + "gzdt/index.html"
    raw = demo_world.responses["jyj.meixi.gov.cn"]["/gzdt/index.html"].body.decode()
    assert '<ul class="list" id="list-col1000"></ul>' in raw  # the list exists only after the script runs
    dom = (await chromium(server, tmp_path, jcms, "--dump-dom")).decode()
    assert re.search(r'<ul class="list" id="list-col1000">\s*<li class="clearfix"><a', dom)
    json_list = _site(demo_world, "梅溪县财政局") + "gzdt/index.html"
    dom = (await chromium(server, tmp_path, json_list, "--dump-dom")).decode()
    assert re.search(r'id="list-col1000" data-src="/gzdt/list_0.json">\s*<li><a href="/gzdt/20', dom)


async def test_article_and_mailbox(server: SimServer, demo_world: World, tmp_path: Path) -> None:
    host = "www.meixi.gov.cn"
    article = next(p for p in demo_world.responses[host] if p.startswith("/ywdt/20"))
    dom = (await chromium(server, tmp_path, f"http://{host}{article}", "--dump-dom")).decode()
    assert "发布时间：" in dom and "来源：梅溪县人民政府" in dom
    dom = (await chromium(server, tmp_path, f"http://{host}/hdjl/zxxx/index.html", "--dump-dom")).decode()
    assert "留言统计" in dom and "已回复" in dom
    shot = tmp_path / "mailbox.png"
    await chromium(server, tmp_path, f"http://{host}/hdjl/zxxx/index.html", f"--screenshot={shot}")
    assert shot.exists()
