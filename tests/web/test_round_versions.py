"""Published means frozen: a rejudge after the notice is published keeps the published results and adds a version."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from conftest import ROUND, World, log_in
from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.context import open_round, targets_in_scope
from govinspect.jobs.pipeline import judge_round, rejudge_round
from govinspect.jobs.review import review_findings
from govinspect.scoring import ReviewState
from govinspect.store import PublishedNotice, StoreError, VersionStore


@pytest.fixture
def published(world: World) -> World:
    """The world's round judged for real, then its notice published."""
    ctx = open_round(world.settings, world.store, ROUND)
    for kind, key in targets_in_scope(ctx):
        world.store.mark_target(ROUND, kind, key, "done")
    judge_round(ctx)
    world.store.publish_notice(PublishedNotice(ROUND, "rev", dt.datetime(2023, 7, 1, 10, tzinfo=m.TZ), ()))
    return world


def _gov(world: World) -> tuple[str, float | None]:
    r = next(r for r in world.store.results(ROUND) if r.target == "gov")
    return r.verdict.value, r.score


def _reject_gov(world: World) -> None:
    """A reviewer marks the 首页 veto of the 县政府门户网站 误报 (which re-judges the round)."""
    (f,) = [f for f in world.store.findings(ROUND) if f.target == "gov" and f.code == "homepage.stale"]
    review_findings(world.settings, world.store, ROUND, [f], ReviewState.REJECTED, "首页当日有更新", "sup")


def test_a_published_round_is_unchanged_by_a_rejudge(published: World) -> None:
    before = published.store.results(ROUND)
    assert _gov(published)[0] == "不合格"
    _reject_gov(published)
    assert published.store.results(ROUND) == before  # what was published stays
    (v,) = VersionStore(published.store).versions(ROUND)
    assert v.version == 2
    assert [(c.target, c.before_verdict, c.after_verdict) for c in v.changes] == [("gov", "不合格", "合格")]
    assert next(r for r in v.results if r.target == "gov").verdict == m.Verdict.PASS


def test_an_unpublished_round_is_rejudged_in_place(world: World) -> None:
    ctx = open_round(world.settings, world.store, ROUND)
    for kind, key in targets_in_scope(ctx):
        world.store.mark_target(ROUND, kind, key, "done")
    judge_round(ctx)
    _reject_gov(world)
    assert _gov(world)[0] == "合格" and VersionStore(world.store).versions(ROUND) == []


def test_the_new_version_and_its_differences_are_visible(app_client: TestClient, published: World) -> None:
    _reject_gov(published)
    log_in(app_client, "sup")
    page = app_client.get(f"/rounds/{ROUND}").text
    assert "下列结果为发布版，已冻结" in page and 'id="version-2"' in page
    section = page.split('id="version-2"')[1]
    assert "县政府门户网站" in section and "不合格" in section and "合格" in section
    got = app_client.get(f"/api/v1/rounds/{ROUND}/versions").json()
    assert [c["target"] for c in got["versions"][0]["changes"]] == ["gov"]
    assert got["versions"][0]["changes"][0]["before"]["verdict"] == "不合格"
    app_client.cookies.clear()
    log_in(app_client, "edu")  # 县政府办's change is not the 教育局's to see
    assert app_client.get(f"/api/v1/rounds/{ROUND}/versions").json()["versions"][0]["changes"] == []


def test_a_published_round_keeps_its_profile(published: World, tmp_path: object) -> None:
    settings: Settings = published.settings
    with pytest.raises(StoreError, match="不能更换检查指标画像"):
        rejudge_round(settings, published.store, ROUND, profile="tongbai-2021")
    assert published.store.get_round(ROUND).profile != "tongbai-2021"
