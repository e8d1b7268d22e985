"""A round from start to verdicts: the task functions that wire the stages together.

`inspect_site` and `inspect_account` fetch (crawl / feeds) into the round directory and
judge what was fetched; `judge_round` scores every target from stored findings. The same
functions serve the in-process runner, the Celery workers and `round rejudge`, which
re-reads stored snapshots without fetching anything.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from govinspect import model as m
from govinspect.config import Settings
from govinspect.crawl.records import PageRecord
from govinspect.extract.facts import ListFacts
from govinspect.jobs.context import RoundContext, open_round, targets_in_scope
from govinspect.jobs.runner import Target, run_targets
from govinspect.scoring.engine import totals_line
from govinspect.store import Store

if TYPE_CHECKING:
    from govinspect.checks.inputs import SiteInput

log = logging.getLogger(__name__)

HTML_TYPES = (
    "text/html",
    "application/xhtml",
    "text/xml",
    "application/xml",
    "text/plain",
)


async def inspect_target(ctx: RoundContext, kind: m.TargetKind, key: str) -> dict[str, Any]:
    """The task function of every runner: fetch and judge one site or account."""
    if kind == m.TargetKind.SITE:
        return await inspect_site(ctx, key)
    return await inspect_account(ctx, key)


# -- websites -------------------------------------------------------------------------


async def inspect_site(ctx: RoundContext, code: str) -> dict[str, Any]:
    """Crawl one site into the round directory (resuming), then judge it."""
    from govinspect.crawl.crawler import crawl_site
    from govinspect.crawl.settings import CrawlSettings

    site = ctx.site(code)
    settings = CrawlSettings().for_site({**ctx.crawl_overrides, **site.crawl})
    summary = await crawl_site(site, ctx.snapshot_dir(code), settings, ctx.host_map)
    findings = evaluate_site(ctx, code)
    ctx.store.replace_findings(ctx.round.name, m.TargetKind.SITE, code, findings)
    return {"snapshot": str(ctx.snapshot_dir(code)), "pages": summary.pages, "findings": len(findings)}


def site_input(ctx: RoundContext, code: str) -> SiteInput:
    """A site's stored snapshot read as the checks see it: every page extracted, script lists filled."""
    from govinspect.checks.inputs import PageView, SiteInput
    from govinspect.content.files import file_text, is_attachment_response
    from govinspect.crawl.records import ProbeResult
    from govinspect.crawl.snapshot import Snapshot
    from govinspect.extract import extract_page

    site = ctx.site(code)
    pages: list[PageView] = []
    with Snapshot.open(ctx.snapshot_dir(code)) as snap:
        data: dict[str, PageRecord] = {}  # JSON endpoints of script-loaded lists
        for rec in snap.pages():
            facts = None
            ctype = (rec.content_type or "text/html").lower()
            if rec.error is None and "json" in ctype:
                data[rec.url] = data[rec.final_url] = rec
            elif rec.error is None and ctype.startswith(HTML_TYPES):
                body = snap.body(rec)
                if body:
                    facts = extract_page(rec.final_url or rec.url, body, rec.headers)
            elif rec.error is None and is_attachment_response(rec.final_url or rec.url, rec.content_type):
                pages.append(PageView(rec, None, file_text(rec.final_url or rec.url, snap.body(rec))))
                continue
            pages.append(PageView(rec, facts))
        for pv in pages:
            lst = pv.facts.list if pv.facts else None
            if lst is not None and lst.unreadable and lst.data_url in data:
                _read_script_list(lst, data[lst.data_url], snap.body(data[lst.data_url]))
        links = list(snap.links())
    window = dt.timedelta(days=ctx.profile.availability.window_days)
    probes = [
        ProbeResult(
            url=p.url, at=p.at.isoformat(), ok=p.ok, status=p.status, elapsed_ms=p.elapsed_ms, error=p.error
        )
        for p in ctx.store.probes(code, ctx.round.checkpoint - window, ctx.round.checkpoint)
    ]
    group = [s.code for s in ctx.registry.sites if site.group and s.group == site.group] or [code]
    return SiteInput(
        site=site,
        unit=ctx.unit(site.unit),
        checkpoint=ctx.round.checkpoint,
        pages=pages,
        links=links,
        probes=probes,
        expected_service_hosts=list(ctx.office.service_hosts),
        group_sites=group,
    )


def evaluate_site(ctx: RoundContext, code: str) -> list[m.Finding]:
    """Run the site checks on a site's stored snapshot."""
    from govinspect.checks.site import run_site_checks

    return run_site_checks(site_input(ctx, code), ctx.profile)


def _read_script_list(lst: ListFacts, rec: PageRecord, body: bytes) -> None:
    """Fill a script-loaded list from the JSON its script fetches, as a browser would show it."""
    from govinspect.extract.lists import parse_json_list

    got = parse_json_list(rec.final_url or rec.url, body)
    if got.unreadable:
        return
    lst.items, lst.newest_date, lst.total = got.items, got.newest_date, got.total or lst.total
    lst.blank, lst.unreadable, lst.blank_reason = got.blank, False, got.blank_reason
    lst.source = "json"


# -- new media ------------------------------------------------------------------------


async def inspect_account(ctx: RoundContext, key: str) -> dict[str, Any]:
    """Fetch one account's posts and profile facts into the round directory."""
    from govinspect.crawl.settings import CrawlSettings
    from govinspect.feeds.archive import write_results
    from govinspect.feeds.http import check_links
    from govinspect.feeds.sources import FetchContext, RoutedSource, collect

    account = ctx.account(key)
    until = ctx.round.checkpoint
    source = RoutedSource(**_stored_sources(ctx.store, key))
    http = CrawlSettings().for_site(ctx.crawl_overrides)
    results = await collect([account], source, until, FetchContext(host_map=ctx.host_map, settings=http))
    result = results[key]
    urls = list(dict.fromkeys([*result.facts.menu_links, *(u for p in result.posts for u in p.links)]))
    links = await check_links(urls, ctx.host_map, http) if urls else {}
    path = ctx.feed_file(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_results(results, path)
    path.with_suffix(".links.json").write_text(json.dumps(links, ensure_ascii=False), encoding="utf-8")
    ctx.store.save_posts(
        {
            "account": key,
            "title": p.title,
            "published": p.published,
            "url": p.url,
            "text": p.text,
            "source": p.source,
        }
        for p in result.posts
    )
    return {"posts": len(result.posts), "source_error": result.facts.source_error}


def _stored_sources(store: Store, key: str) -> dict[str, Any]:
    """Posts an inspector recorded by hand or a unit's file imported: they take precedence over the feed."""
    from govinspect.feeds.post import Post
    from govinspect.feeds.sources import ImportSource, ManualRecord, ManualSource

    rows = store.posts(key)
    manual = [r for r in rows if r.source == "manual"]
    imported = [r for r in rows if r.source == "import"]
    out: dict[str, Any] = {}
    if manual:
        last = max(manual, key=lambda r: r.published)
        record = ManualRecord(key, last.published.date(), note=last.text, title=last.title)
        out["manual"] = ManualSource({key: record})
    if imported:
        posts = [Post(key, r.title, r.published, r.url, r.text, source="import") for r in imported]
        out["imported"] = ImportSource({key: posts}, file="导入的发布记录")
    return out


def evaluate_accounts(ctx: RoundContext, keys: list[str]) -> dict[str, list[m.Finding]]:
    """Judge stored account data (duplicates need the whole set, so this runs once per round)."""
    from govinspect.checks.media import account_findings
    from govinspect.feeds.archive import read_results

    accounts = [ctx.account(k) for k in keys]
    posts, facts, links = {}, {}, {}
    for a in accounts:
        path = ctx.feed_file(a.key)
        if not path.exists():
            continue
        for k, r in read_results(path).items():
            posts[k], facts[k] = r.posts, r.facts
        lp = path.with_suffix(".links.json")
        if lp.exists():
            links.update(json.loads(lp.read_text(encoding="utf-8")))
    return account_findings(
        accounts,
        list(ctx.registry.units),
        posts,
        facts,
        ctx.round.checkpoint,
        ctx.profile,
        link_results=links,
        period_start=ctx.round.period_start,
    )


# -- the round ------------------------------------------------------------------------


def judge_round(ctx: RoundContext) -> list[m.TargetResult]:
    """Score every target of the round from stored findings and save the results."""
    from govinspect.scoring import TargetInfo, score_round

    infos = []
    for kind, key in targets_in_scope(ctx):
        if kind == m.TargetKind.SITE:
            site = ctx.site(key)
            infos.append(TargetInfo.from_site(site, ctx.unit(site.unit)))
        else:
            account = ctx.account(key)
            infos.append(TargetInfo.from_account(account, ctx.unit(account.unit)))
    results = list(score_round(infos, ctx.store.findings(ctx.round.name), ctx.profile).results)
    ctx.store.save_results(ctx.round.name, results)
    return results


async def run_round(
    settings: Settings,
    store: Store,
    name: str,
    *,
    concurrency: int = 8,
    host_map: dict[str, str] | None = None,
    crawl_overrides: dict[str, Any] | None = None,
    console: Console | None = None,
) -> list[m.TargetResult]:
    """Fetch and judge every target of a round, resuming what an earlier run left undone."""
    ctx = open_round(settings, store, name, host_map=host_map, crawl_overrides=crawl_overrides)
    store.set_round(name, status=m.RoundStatus.RUNNING)
    targets = targets_in_scope(ctx)

    async def task(kind: m.TargetKind, key: str) -> dict[str, Any]:
        return await inspect_target(ctx, kind, key)

    with _progress(console) as progress:
        bar = progress.add_task("检查网站与政务新媒体", total=len(targets))
        report = await run_targets(
            store, name, targets, task, concurrency=concurrency, progress=lambda _t, _s: progress.advance(bar)
        )
    if report.failed and console:
        for (kind, key), error in report.failed.items():
            console.print(f"{kind.value} {key} 检查出错：{error}", style="red")
    return finish_round(ctx, targets, failed=bool(report.failed), console=console)


def finish_round(
    ctx: RoundContext, targets: list[Target], *, failed: bool = False, console: Console | None = None
) -> list[m.TargetResult]:
    """After every target was fetched: judge the accounts together, score the round, close it."""
    _judge_accounts(ctx, targets)
    results = judge_round(ctx)
    ctx.store.set_round(ctx.round.name, status=m.RoundStatus.FAILED if failed else m.RoundStatus.DONE)
    if console:
        _print_totals(console, results)
    return results


def _judge_accounts(ctx: RoundContext, targets: list[Target]) -> None:
    keys = [k for kind, k in targets if kind == m.TargetKind.ACCOUNT]
    for key, findings in evaluate_accounts(ctx, keys).items():
        ctx.store.replace_findings(ctx.round.name, m.TargetKind.ACCOUNT, key, findings)


def rejudge_round(
    settings: Settings, store: Store, name: str, *, profile: str | None = None, console: Console | None = None
) -> list[m.TargetResult]:
    """Re-run extraction, checks and scoring on stored snapshots; nothing is fetched."""
    if profile:
        store.set_round(name, profile=profile)
    ctx = open_round(settings, store, name)
    targets = targets_in_scope(ctx)
    with _progress(console) as progress:
        bar = progress.add_task("重新判定", total=len(targets))
        for kind, key in targets:
            if kind == m.TargetKind.SITE and ctx.snapshot_dir(key).is_dir():
                store.replace_findings(name, kind, key, evaluate_site(ctx, key))
            progress.advance(bar)
    _judge_accounts(ctx, targets)
    results = judge_round(ctx)
    if console:
        _print_totals(console, results)
    return results


def _progress(console: Console | None) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=console is None,
        transient=False,
    )


def _print_totals(console: Console, results: list[m.TargetResult]) -> None:
    for kind in m.TargetKind:
        rows = [r for r in results if r.target_kind == kind]
        if rows:
            console.print(f"{kind.value}：{totals_line(rows)}。")
