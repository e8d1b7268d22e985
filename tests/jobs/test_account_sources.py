"""An inspector's manual record and a unit's imported posts take precedence over the account's feed."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.context import open_round
from govinspect.jobs.pipeline import evaluate_accounts, inspect_account
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import build_world
from govinspect.store import Store

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-county.yaml"


def test_manual_and_imported_posts_override_the_feed(tmp_path: Path) -> None:
    sc = load_scenario(SCENARIO)
    world = build_world(sc)
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    store.save_registry(world.registry())
    cp = m.checkpoint_at(sc.checkpoint)
    store.create_round(m.Round(name="R", checkpoint=cp, profile=sc.profile))
    healthy = [a for a in world.accounts if not any(g.target == a.key for g in world.ground_truth)][:2]
    manual, imported = healthy
    old = cp - dt.timedelta(days=30)
    store.save_posts([{"account": manual.key, "title": "人工记录", "published": old, "url": None,
                       "text": "平台无法订阅", "source": "manual"}])  # fmt: skip
    store.save_posts([{"account": imported.key, "title": "单位报送的旧文章", "published": old, "url": None,
                       "text": "", "source": "import"}])  # fmt: skip
    ctx = open_round(settings, store, "R")

    async def go() -> None:
        server = await start(world)
        try:
            ctx.host_map = server.host_map
            for a in healthy:
                await inspect_account(ctx, a.key)
        finally:
            await server.stop()

    asyncio.run(go())
    found = evaluate_accounts(ctx, [a.key for a in healthy])
    for a in healthy:
        codes = {f.code for f in found[a.key]}
        assert "media.not_updated" in codes, (a.key, codes)  # the feed alone would pass
    src = next(f for f in found[manual.key] if f.code == "media.not_updated").evidence
    assert "人工" in str(src.detail) or "人工" in src.url
