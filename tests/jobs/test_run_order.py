"""How a round's targets are scheduled: the longest expected first, and on a cluster one worker at a time
per site host."""

from __future__ import annotations

import datetime as dt

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.context import RoundContext, run_order
from govinspect.rules.profile import load_profile
from govinspect.store import Store

CHECKPOINT = dt.datetime(2026, 9, 30, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _site(code: str, columns: int = 1) -> m.Site:
    cols = tuple(m.Column(name=f"栏目{i}", url=f"http://{code}.gov.cn/c{i}/") for i in range(columns))
    return m.Site(code=code, name=code, home_url=f"http://{code}.gov.cn/", unit="县政府办", columns=cols)


def _account(n: int) -> m.Account:
    return m.Account(platform=m.Platform.WECHAT, name=f"号{n}", account_id=f"a{n}", unit="县政府办")


def _ctx(store: Store, sites: list[m.Site], accounts: list[m.Account], tmp: object) -> RoundContext:
    rnd = m.Round(name="本轮", checkpoint=CHECKPOINT)
    store.create_round(rnd)
    registry = m.Registry(sites=tuple(sites), accounts=tuple(accounts))
    return RoundContext(Settings(data_dir=tmp), store, rnd, registry, load_profile("national-2019"))


def _crawled(store: Store, pages: dict[str, int]) -> None:
    store.create_round(m.Round(name="上一轮", checkpoint=CHECKPOINT - dt.timedelta(days=91)))
    for code, n in pages.items():
        store.mark_target("上一轮", m.TargetKind.SITE, code, "running")
        store.mark_target("上一轮", m.TargetKind.SITE, code, "done", info={"pages": n})


def _targets(ctx: RoundContext) -> list[tuple[m.TargetKind, str]]:
    sites = [(m.TargetKind.SITE, s.code) for s in ctx.registry.sites]
    return sites + [(m.TargetKind.ACCOUNT, a.key) for a in ctx.registry.accounts]


def test_largest_last_crawl_starts_first(store: Store, tmp_path: object) -> None:
    _crawled(store, {"small": 120, "big": 3900, "mid": 800})
    ctx = _ctx(store, [_site("small"), _site("big"), _site("new"), _site("mid")], [], tmp_path)
    order = [key for _, key in run_order(ctx, _targets(ctx))]
    assert order == ["new", "big", "mid", "small"]  # never crawled counts as large


def test_sizes_unknown_keep_registry_order_by_columns(store: Store, tmp_path: object) -> None:
    ctx = _ctx(store, [_site("a", 2), _site("b", 5), _site("c", 2)], [], tmp_path)
    order = [key for _, key in run_order(ctx, _targets(ctx))]
    assert order == ["b", "a", "c"]  # more registered columns first; ties keep the registry's order


def test_accounts_fill_in_after_long_crawls_before_tiny_ones(store: Store, tmp_path: object) -> None:
    _crawled(store, {"big": 3900, "mid": 400, "tiny": 8})  # 8 pages at 4/s: 2 s, shorter than an account
    sites = [_site("tiny"), _site("mid"), _site("big")]
    ctx = _ctx(store, sites, [_account(i) for i in range(3)], tmp_path)
    order = [key for _, key in run_order(ctx, _targets(ctx))]
    assert order == ["big", "mid", "微信公众号:a0", "微信公众号:a1", "微信公众号:a2", "tiny"]


def test_a_slower_allowed_rate_makes_no_site_shorter_than_an_account(store: Store, tmp_path: object) -> None:
    _crawled(store, {"tiny": 8})
    ctx = _ctx(store, [_site("tiny")], [_account(0)], tmp_path)
    ctx.crawl_overrides = {"per_host_rate": 1.0}  # 8 s at one request a second
    assert [key for _, key in run_order(ctx, _targets(ctx))] == ["tiny", "微信公众号:a0"]


def test_sites_on_one_host_share_a_cluster_lock(store: Store, tmp_path: object) -> None:
    from govinspect.jobs.distributed import lock_name

    portal = _site("portal")
    section = portal.model_copy(update={"code": "cun1", "home_url": "http://PORTAL.gov.cn/xxgk/cun1/",
                                        "path_prefix": "/xxgk/cun1/"})  # fmt: skip
    ctx = _ctx(store, [portal, section, _site("other")], [_account(1), _account(2)], tmp_path)
    site, account = m.TargetKind.SITE, m.TargetKind.ACCOUNT
    assert lock_name(ctx, site, "portal") == lock_name(ctx, site, "cun1")  # hit: one host, one crawl at once
    assert lock_name(ctx, site, "portal") != lock_name(ctx, site, "other")  # miss: hosts apart
    assert lock_name(ctx, account, "微信公众号:a1") != lock_name(ctx, account, "微信公众号:a2")
