"""The order a round's targets start in: largest sites first, accounts spread among the sites."""

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


def test_accounts_spread_among_sites_not_after_them(store: Store, tmp_path: object) -> None:
    ctx = _ctx(store, [_site(f"s{i}") for i in range(4)], [_account(i) for i in range(8)], tmp_path)
    kinds = [kind for kind, _ in run_order(ctx, _targets(ctx))]
    assert sorted(kinds) == sorted(k for k, _ in _targets(ctx))  # every target once
    assert kinds[-1] == m.TargetKind.ACCOUNT and m.TargetKind.ACCOUNT in kinds[:3]
    halves = kinds[:6], kinds[6:]
    assert [h.count(m.TargetKind.SITE) for h in halves] == [2, 2]
