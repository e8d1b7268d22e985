"""Planted formulation errors in a page, a PDF attachment and a post, found on the simulator with evidence."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from scenario_run import SCENARIOS
from text_pdf import text_pdf

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.simulation import SIM_CRAWL, prepare_round, set_up_round
from govinspect.sim.scenario import Expected, Filler, load_scenario
from govinspect.sim.server import start
from govinspect.sim.types import Resp
from govinspect.sim.world import build_world

pytestmark = pytest.mark.slow

PAGE_ERROR = "习近平总书纪"
PDF_TEXT = "关于深入学习贯彻党的二十次三中全会精神的实施方案"
POST_ERROR = "中国特色社会主意"
PDF_PATH = "/uploadfiles/e2e/fangan.pdf"


def test_variants_in_page_attachment_and_post(tmp_path: Path) -> None:
    sc = load_scenario(SCENARIOS / "demo-county.yaml")
    site = next(s for s in sc.sites if s.name == "梅溪县教育局")
    site = site.model_copy(
        update={"faults": [f.model_copy(update={"text": PAGE_ERROR}) for f in site.faults]}
    )
    acc = next(a for a in sc.accounts if a.name == "梅溪卫健")
    acc = acc.model_copy(update={"faults": [f.model_copy(update={"text": POST_ERROR}) for f in acc.faults]})
    sc = sc.model_copy(
        update={"sites": [site], "accounts": [acc], "filler": Filler(), "hostile": [], "expected": Expected()}
    )
    world = build_world(sc)
    (reg_site,) = world.sites
    host = next(h for h in world.responses if h in reg_site.home_url)
    pages = world.responses[host]
    article = next(
        p for p, r in sorted(pages.items()) if re.search(r"/(art|t20)[^/]*/.*\.html$|/t20\d+_\d+\.html$", p)
    )
    resp = pages[article]
    link = f'<a href="{PDF_PATH}">fangan.pdf</a>'.encode()
    pages[article] = Resp(resp.status, resp.headers, resp.body.replace(b"</body>", link + b"</body>"))
    pages[PDF_PATH] = Resp(200, (("Content-Type", "application/pdf"),), text_pdf(PDF_TEXT))

    settings = Settings(data_dir=tmp_path)
    store, rnd = set_up_round(settings, world, "R")

    async def go() -> None:
        server = await start(world)
        try:
            await prepare_round(store, world, rnd, server.host_map, tmp_path)
            await run_round(settings, store, "R", host_map=server.host_map, crawl_overrides=SIM_CRAWL)
        finally:
            await server.stop()

    asyncio.run(go())
    found = {
        (f.target_kind, f.evidence.detail.get("matched")): f
        for f in store.findings("R")
        if f.code == "content.serious_error"
    }
    page = found[(m.TargetKind.SITE, PAGE_ERROR)]
    assert page.evidence.detail["correction"] == "习近平总书记" and page.evidence.detail["rule"] == "同音字"
    assert PAGE_ERROR in page.evidence.detail["context"] and page.evidence.url.endswith(".html")
    pdf = found[(m.TargetKind.SITE, "二十次三中全会")]
    assert pdf.evidence.url.endswith(PDF_PATH) and pdf.evidence.detail["correction"] == "二十届三中全会"
    assert pdf.evidence.detail["rule"] == "届次混用" and pdf.evidence.detail["attachment_of"].endswith(
        article
    )
    post = found[(m.TargetKind.ACCOUNT, POST_ERROR)]
    assert post.evidence.detail["suggestion"] == "中国特色社会主义" and post.evidence.detail["post_url"]
    assert post.evidence.detail["source"] and POST_ERROR in post.evidence.detail["context"]
