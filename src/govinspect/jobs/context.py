"""A round's context: the round, its registry, profile and office settings, built once per process.

Every task function (site, account, judging, reporting) takes a `RoundContext`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govinspect import model as m
from govinspect.config import OfficeConfig, Settings, load_office_config
from govinspect.jobs.runner import Target
from govinspect.rules.profile import Profile, load_profile
from govinspect.store import Store


@dataclass
class RoundContext:
    """Everything a task needs; built once per round (or per worker process)."""

    settings: Settings
    store: Store
    round: m.Round
    registry: m.Registry
    profile: Profile
    host_map: dict[str, str] | None = None
    crawl_overrides: dict[str, Any] = field(default_factory=dict)
    office: OfficeConfig = field(default_factory=OfficeConfig)
    homepage_retry_s: float | None = None  # overrides the profile's spacing of home-page visits (simulations)
    folder: Path | None = None  # a re-check or a self-inspection writes here, not in the round's folder
    limits_url: str | None = None  # Redis holding the accounts' host limits for the cluster (workers)

    @property
    def work_dir(self) -> Path:
        return self.folder or self.settings.round_dir(self.round.name)

    def site(self, code: str) -> m.Site:
        return next(s for s in self.registry.sites if s.code == code)

    def sections_within(self, site: m.Site) -> list[str]:
        """Path prefixes of the other registered sites (信息公开平台 sections) inside this site's scope."""
        return m.sections_within(site, self.registry.sites)

    def account(self, key: str) -> m.Account:
        return next(a for a in self.registry.accounts if a.key == key)

    def unit(self, name: str) -> m.Unit | None:
        return next((u for u in self.registry.units if u.name == name), None)

    def snapshot_dir(self, code: str) -> Path:
        return self.work_dir / "sites" / code

    def home_attempts_file(self, code: str) -> Path:
        """The round's visits of a site's home page (the crawl's and the spaced retries)."""
        return self.work_dir / "sites" / f"{code}.home-visits.json"

    def feed_file(self, key: str) -> Path:
        return self.work_dir / "accounts" / (key.replace(":", "_").replace("/", "_") + ".json")


def open_round(
    settings: Settings,
    store: Store,
    name: str,
    *,
    profile: str | None = None,
    host_map: dict[str, str] | None = None,
    crawl_overrides: dict[str, Any] | None = None,
) -> RoundContext:
    rnd = store.get_round(name)
    office = load_office_config(settings)
    return RoundContext(
        settings=settings,
        store=store,
        round=rnd,
        registry=store.load_registry(),
        profile=load_profile(profile or rnd.profile),
        host_map=host_map,
        crawl_overrides={**office_crawl(office), **(crawl_overrides or {})},
        office=office,
    )


def office_crawl(office: OfficeConfig) -> dict[str, Any]:
    """office.yaml's `crawl:` settings, checked against CrawlSettings; a bad one is named as crawl.<setting>."""
    from pydantic import ValidationError

    from govinspect.crawl import CrawlSettings

    try:
        CrawlSettings().for_site(office.crawl)
    except ValidationError as exc:
        errors: Any = [
            {"type": e["type"], "loc": ("crawl", *e["loc"]), "input": e["input"], **({"ctx": e["ctx"]} if "ctx" in e else {})}
            for e in exc.errors()
        ]  # fmt: skip
        raise ValidationError.from_exception_data("OfficeConfig", errors) from None
    return office.crawl


def site_in_service(site: m.Site, checkpoint: dt.date) -> bool:
    """Running at the checkpoint: 运行, or 关停 / 改版报备 / 迁移 from a date after it (no date: at once)."""
    if site.status == m.SiteStatus.RUNNING:
        return True
    return site.status_since is not None and checkpoint < site.status_since


def targets_in_scope(ctx: RoundContext) -> list[Target]:
    """Sites in service at the checkpoint and all accounts of the units in the round's scope (all if none given)."""
    scope = set(ctx.round.scope_units)

    def wanted(unit: str) -> bool:
        if not scope:
            return True
        u = ctx.unit(unit)
        return unit in scope or (u is not None and u.parent in scope)

    sites = [
        (m.TargetKind.SITE, s.code)
        for s in ctx.registry.sites
        if site_in_service(s, ctx.round.checkpoint.date()) and wanted(s.unit)
    ]
    accounts = [(m.TargetKind.ACCOUNT, a.key) for a in ctx.registry.accounts if wanted(a.unit)]
    return sites + accounts


ACCOUNT_SECONDS = 5.0  # an account's fetch: a few requests to its platform at one a second
UNCRAWLED_PAGES = 10_000  # a site never crawled is taken for a large one


def run_order(ctx: RoundContext, targets: list[Target]) -> list[Target]:
    """The order targets start in: the longest expected first (a greedy schedule close to the shortest).

    A round lasts at least as long as its largest site's crawl, whose pace politeness fixes, so that crawl
    starts first. A site is expected to take the pages of its last crawl ÷ its allowed rate; a site never
    crawled counts as large (its registered columns order those); an account a few seconds, so accounts
    fill the slots the sites leave and run beside the long crawls instead of after them.
    """
    from govinspect.crawl import CrawlSettings

    rate = CrawlSettings().for_site(ctx.crawl_overrides).per_host_rate or 0.0
    pages = ctx.store.last_site_pages(key for kind, key in targets if kind == m.TargetKind.SITE)

    def expected(t: Target) -> tuple[float, int]:
        if t[0] != m.TargetKind.SITE:
            return ACCOUNT_SECONDS, 0
        n = pages.get(t[1], UNCRAWLED_PAGES)
        return (n / rate if rate > 0 else n / 100), len(ctx.site(t[1]).columns)

    return sorted(targets, key=expected, reverse=True)  # stable: ties keep the registry's order
