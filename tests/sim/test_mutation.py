"""World.mutate_site: a test changes a served site mid-run, as its unit would fix (or break) it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from govinspect.sim import ScenarioError, build_world, load_scenario
from govinspect.sim.server import start

SCENARIO = Path(__file__).resolve().parents[1] / "rectify" / "loop_scenario.yaml"


def test_a_fixed_column_is_served_fresh_from_the_next_request() -> None:
    world = build_world(load_scenario(SCENARIO))
    site = world.sites[0]
    host = site.home_url.split("/")[2]
    assert [f.check for f in world.faults_of(site.code)] == ["column.stale"]
    other = dict(world.responses[world.sites[1].home_url.split("/")[2]])

    async def page() -> str:
        server = await start(world)
        try:
            async with aiohttp.ClientSession() as s:
                url = server.url(host, "/gzdt/index.html")
                async with s.get(url, headers={"Host": host}) as r:
                    before = await r.text()
                world.mutate_site(site.code, columns=[{"name": "工作动态", "category": "动态要闻"}])
                async with s.get(url, headers={"Host": host}) as r:
                    return before + "\n----\n" + await r.text()
        finally:
            await server.stop()

    before, after = asyncio.run(page()).split("\n----\n")
    assert "2023-08-11" in before and "2023-08-11" not in after
    assert world.faults_of(site.code) == []  # the ground truth follows the site
    assert world.responses[world.sites[1].home_url.split("/")[2]] == other  # other sites untouched


def test_an_unknown_site_is_refused() -> None:
    world = build_world(load_scenario(SCENARIO))
    with pytest.raises(ScenarioError, match="场景中没有网站标识码为 999 的网站"):
        world.mutate_site("999", columns=[])
