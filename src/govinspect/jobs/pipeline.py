"""A round from start to verdicts: the task functions that wire the stages together.

`inspect_site` and `inspect_account` fetch (crawl / feeds) into the round directory and
judge what was fetched; `judge_round` scores every target from stored findings. The same
functions serve the in-process runner, the Celery workers and `round rejudge`, which
re-reads stored snapshots without fetching anything.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import logging
import shutil
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from govinspect import model as m
from govinspect.config import Settings
from govinspect.crawl import ErrorClass, PageRecord, ProbeResult, is_html_type
from govinspect.extract.facts import ListFacts, PageFacts
from govinspect.jobs.context import RoundContext, open_round, run_order, targets_in_scope
from govinspect.jobs.lock import round_lock
from govinspect.jobs.progress import RoundProgress
from govinspect.jobs.review import allowed_findings, counted_findings
from govinspect.jobs.runner import NotJudged, Target, failure_reason, reason_line, run_targets
from govinspect.scoring.engine import totals_line
from govinspect.store import Store, StoreError, VersionStore

if TYPE_CHECKING:
    from govinspect.checks.inputs import SiteInput
    from govinspect.crawl.snapshot import SnapshotSummary

log = logging.getLogger(__name__)
RENDERED_HEADERS = {"content-type": "text/html; charset=utf-8"}  # conversion records are UTF-8 HTML


async def inspect_target(ctx: RoundContext, kind: m.TargetKind, key: str) -> dict[str, Any]:
    """The task function of every runner: fetch and judge one site or account."""
    if kind == m.TargetKind.SITE:
        return await inspect_site(ctx, key)
    return await inspect_account(ctx, key)


# -- websites -------------------------------------------------------------------------


async def inspect_site(ctx: RoundContext, code: str) -> dict[str, Any]:
    """Crawl one site into the round directory (resuming), then judge it.

    A home page that fails during the crawl is visited again at the profile's spacing; a site
    whose home page never opened, or whose URL our own settings cannot reach, is not judged.
    """
    from govinspect.crawl.probe import url_problem

    site = ctx.site(code)
    problem = url_problem(site.home_url, ctx.host_map)
    if problem:
        raise NotJudged(f"{problem}（运行配置问题，不是网站的问题）")
    summary = await crawl_with_home_retries(ctx, site)
    info = await asyncio.to_thread(judge_site, ctx, code)  # off the event loop: other crawls keep pace
    return {"snapshot": str(ctx.snapshot_dir(code)), "pages": summary.pages, **info}


async def crawl_with_home_retries(ctx: RoundContext, site: m.Site) -> SnapshotSummary:
    """Crawl the site; while its home page has not opened, visit it again after the profile's spacing.

    Every visit is kept as evidence (`RoundContext.home_attempts_file`); a visit that opens the home
    page starts a fresh crawl.
    """
    from govinspect.crawl.crawler import crawl_site
    from govinspect.crawl.probe import probe_once
    from govinspect.crawl.settings import CrawlSettings

    a = ctx.profile.availability
    spacing = a.homepage_retry_s if ctx.homepage_retry_s is None else ctx.homepage_retry_s
    sections = {"exclude_prefixes": ctx.sections_within(site)}
    settings = CrawlSettings().for_site({**ctx.crawl_overrides, **sections, **site.crawl})
    snap_dir = ctx.snapshot_dir(site.code)
    summary = await crawl_site(site, snap_dir, settings, ctx.host_map)
    attempts = [_home_visit(snap_dir, site)]
    if attempts[-1].error == ErrorClass.DNS and ctx.host_map is not None:  # with a host map, DNS is ours
        raise NotJudged("首页（或其跳转到的网址）的域名不在主机映射文件中（运行配置问题，不是网站的问题）")
    if attempts[-1].error == ErrorClass.CHALLENGE:  # the protection system let neither us nor chromium in
        raise NotJudged(challenge_reason(snap_dir, site))
    while not attempts[-1].ok and len(attempts) < a.homepage_attempts:
        await asyncio.sleep(spacing)
        visit = await probe_once(site.home_url, ctx.host_map, a.timeout_s)
        attempts.append(visit)
        if visit.ok:  # the site is up again: crawl it afresh
            shutil.rmtree(snap_dir, ignore_errors=True)
            summary = await crawl_site(site, snap_dir, settings, ctx.host_map)
            attempts.append(_home_visit(snap_dir, site))
    write_home_attempts(ctx.home_attempts_file(site.code), attempts)
    return summary


def challenge_reason(snap_dir: Path, site: m.Site) -> str:
    """Why a site behind a challenge nobody passed is 待核实, with the evidence (Chinese, one line)."""
    from govinspect.crawl.snapshot import Snapshot

    detail = ""
    with Snapshot.open(snap_dir) as snap:
        for err in snap.errors():
            if err.error == ErrorClass.CHALLENGE and err.url.rstrip("/") == site.home_url.rstrip("/"):
                detail = f"（{err.detail}，{err.at}，原始响应见抓取存档）"
                break
    return (
        f"首页访问受限（防护拦截）：网站防护系统返回验证页，浏览器方式也未能通过{detail}；"
        "请与网站运维单位核实，或将检查方地址列入白名单后重新检查"
    )


def _home_visit(snap_dir: Path, site: m.Site) -> ProbeResult:
    """The crawl's fetch of the home page as one visit (a failed visit when it is missing)."""
    from govinspect.crawl.page import now_iso
    from govinspect.crawl.snapshot import Snapshot

    home = site.home_url.rstrip("/")
    with Snapshot.open(snap_dir) as snap:
        for rec in snap.pages():
            if rec.url.rstrip("/") == home:
                ok = rec.error is None and rec.status is not None and 200 <= rec.status < 400
                return ProbeResult(rec.url, rec.fetched_at, ok, rec.status, rec.elapsed_ms, rec.error)
    return ProbeResult(site.home_url, now_iso(), False, None, 0, "other")


def write_home_attempts(path: Path, attempts: list[ProbeResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [dataclasses.asdict(a) for a in attempts]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def read_home_attempts(path: Path) -> list[ProbeResult]:
    if not path.exists():
        return []
    return [ProbeResult(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def judge_site(ctx: RoundContext, code: str) -> dict[str, Any]:
    """Run the checks on a site's stored snapshot and store its findings.

    Raises NotJudged when the snapshot holds no readable home page: what little was read is
    kept as findings, but no verdict rests on it. Returns what the round records of the site.
    """
    from govinspect.checks.common import error_text
    from govinspect.checks.site import run_site_checks

    try:
        inp = site_input(ctx, code)
    except (zlib.error, EOFError, OSError) as e:
        where = ctx.snapshot_dir(code)
        raise NotJudged(f"网站存档损坏，无法读取（{e}）；删除目录 {where} 后重新运行即重新抓取") from e
    findings = allowed_findings(ctx.store, run_site_checks(inp, ctx.profile))
    ctx.store.replace_findings(ctx.round.name, m.TargetKind.SITE, code, findings)
    info: dict[str, Any] = {"findings": len(findings)}
    hp = inp.homepage()
    if hp is not None and hp.facts is not None:
        return info
    rec = hp.record if hp is not None else None
    if rec is not None and rec.error is None and rec.status is not None and rec.status < 400:
        raise NotJudged(f"首页内容无法读取（{rec.content_type or '未知类型'}）")
    what = error_text(rec.error, rec.status) if rec is not None else "抓取结果中没有首页"
    visits = inp.homepage_attempts or []
    failed = sum(1 for v in visits if not v.ok)
    if failed == len(visits):
        raise NotJudged(f"首页无法访问（检查期间访问{max(1, len(visits))}次均未打开：{what}）")
    raise NotJudged(f"首页无法访问（检查期间访问{len(visits)}次，{failed}次未打开，抓取时未能读取：{what}）")


def site_input(ctx: RoundContext, code: str) -> SiteInput:
    """A site's stored snapshot read as the checks see it: every page extracted, script lists filled
    (from their JSON data, else from the page chromium rendered when the crawl rendered it)."""
    from govinspect.checks.inputs import PageView, SiteInput
    from govinspect.content.files import file_text, is_attachment_response
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
            elif rec.error is None and is_html_type(ctype):
                body = snap.body(rec)
                if body:
                    home = site.home_url in (rec.url, rec.final_url)  # the crawl starts at the home URL
                    facts = extract_page(rec.final_url or rec.url, body, rec.headers, home=home)
            elif rec.error is None and is_attachment_response(rec.final_url or rec.url, rec.content_type):
                pages.append(PageView(rec, None, file_text(rec.final_url or rec.url, snap.body(rec))))
                continue
            pages.append(PageView(rec, facts))
        for pv in pages:
            lst = pv.facts.list if pv.facts else None
            if lst is not None and lst.unreadable and lst.data_url in data:
                _read_script_list(lst, data[lst.data_url], snap.body(data[lst.data_url]))
            if pv.facts is not None and pv.record.render_offset is not None and wants_render(pv.facts):
                home = site.home_url in (pv.record.url, pv.record.final_url)
                _read_rendered_list(pv.facts, snap.rendered(pv.record), home)
        links = list(snap.links())
    probes = site_probes(ctx, code)
    group = [s.code for s in ctx.registry.sites if site.group and s.group == site.group] or [code]
    return SiteInput(
        site=site,
        unit=ctx.unit(site.unit),
        checkpoint=ctx.round.checkpoint,
        pages=pages,
        links=links,
        probes=probes,
        homepage_attempts=read_home_attempts(ctx.home_attempts_file(code)),
        expected_service_hosts=list(ctx.office.service_hosts),
        group_sites=group,
    )


def site_probes(ctx: RoundContext, code: str) -> list[ProbeResult]:
    """The stored availability probes of a site in the profile's window before the checkpoint."""
    window = dt.timedelta(days=ctx.profile.availability.window_days)
    return [
        ProbeResult(
            url=p.url, at=p.at.isoformat(), ok=p.ok, status=p.status, elapsed_ms=p.elapsed_ms, error=p.error
        )
        for p in ctx.store.probes(code, ctx.round.checkpoint - window, ctx.round.checkpoint)
    ]


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


def wants_render(facts: PageFacts) -> bool:
    """The static page holds no readable list (none, or drawn by a script whose data was not found)."""
    return facts.list is None or facts.list.unreadable


def _read_rendered_list(facts: PageFacts, rendered: bytes | None, home: bool) -> None:
    """Where the static HTML held no readable list, take the list of the page chromium rendered.

    The rendered DOM is what a visitor's browser shows, so the reading carries no doubt of its own (the
    reader's usual doubts still apply to it). Only the list is taken: the footer, meta and menus stay as
    the server sent them. No rendering, or a render holding no readable list either: nothing changes."""
    from govinspect.extract import extract_page

    if not rendered or facts.page_type not in ("list", "other"):  # an article or mailbox was read already
        return
    seen = extract_page(facts.url, rendered, RENDERED_HEADERS, home=home)
    if seen.page_type != "list" or seen.list is None or seen.list.unreadable:
        return
    seen.list.source = "rendered"
    facts.list, facts.page_type = seen.list, "list"
    facts.column.url = facts.column.url or seen.column.url


# -- new media ------------------------------------------------------------------------


async def inspect_account(ctx: RoundContext, key: str) -> dict[str, Any]:
    """Fetch one account's posts and profile facts, and check the links its checks will judge."""
    from govinspect.checks.media import links_to_check
    from govinspect.crawl.settings import CrawlSettings
    from govinspect.feeds.archive import replace_text, write_results
    from govinspect.feeds.http import FeedHttp, check_links, feed_hosts
    from govinspect.feeds.sources import FetchContext, RoutedSource, collect

    account = ctx.account(key)
    until = ctx.round.checkpoint
    source = RoutedSource(**_stored_sources(ctx.store, key))
    settings = CrawlSettings().for_site(ctx.crawl_overrides)
    async with FeedHttp(ctx.host_map, settings, feed_hosts([account]), ctx.limits_url) as http:
        fetch = FetchContext(host_map=ctx.host_map, settings=settings, http=http)
        results = await collect([account], source, until, fetch)
        result = results[key]
        urls = links_to_check(account, result.posts, result.facts, until, ctx.round.period_start)
        links = await check_links(urls, http) if urls else {}
    path = ctx.feed_file(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_results(results, path)
    replace_text(path.with_suffix(".links.json"), json.dumps(links, ensure_ascii=False))
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


def unjudged_targets(ctx: RoundContext, targets: list[Target]) -> dict[Target, str]:
    """Every target of the round whose inspection did not complete, with the reason (Chinese)."""
    errors = ctx.store.target_errors(ctx.round.name)
    known = ctx.store.target_status(ctx.round.name)
    out: dict[Target, str] = {}
    for t in targets:
        if t not in known:
            out[t] = "本轮尚未检查"
        elif t in errors:
            status, error = errors[t]
            out[t] = reason_line(error) if status == "failed" else "检查未完成（运行被中断）"
    return out


def judge_round(ctx: RoundContext) -> list[m.TargetResult]:
    """Score every target of the round from stored findings (less the 误报) and save the results.

    Once the round's notice is published its results stay as published: the new ones are kept as
    the round's next version (`store.VersionStore`) with their differences.

    Targets whose inspection did not complete are handed to the engine by name, so they are
    待核实 with their reason and never scored as clean for want of findings.
    """
    from govinspect.scoring import TargetInfo, score_round

    targets = targets_in_scope(ctx)
    infos = []
    for kind, key in targets:
        if kind == m.TargetKind.SITE:
            site = ctx.site(key)
            infos.append(TargetInfo.from_site(site, ctx.unit(site.unit)))
        else:
            account = ctx.account(key)
            infos.append(TargetInfo.from_account(account, ctx.unit(account.unit)))
    record_monitoring(ctx, targets)
    findings = counted_findings(ctx.store, ctx.round.name, ctx.profile)
    unjudged = unjudged_targets(ctx, targets)
    results = list(score_round(infos, findings, ctx.profile, unjudged=unjudged).results)
    if ctx.store.published_notice(ctx.round.name) is not None:  # published means frozen: a new version
        VersionStore(ctx.store).add(ctx.round.name, results)
    else:
        ctx.store.save_results(ctx.round.name, results)
    return results


def record_monitoring(ctx: RoundContext, targets: list[Target]) -> None:
    """Note with each site whether a probe series backs its availability (`unmonitored`: the 未监测 reason)."""
    from govinspect.checks.availability import monitoring_gap

    for kind, key in targets:
        if kind == m.TargetKind.SITE:
            gap = monitoring_gap(site_probes(ctx, key), ctx.round.checkpoint, ctx.profile)
            ctx.store.set_target_info(ctx.round.name, kind, key, {"unmonitored": gap})


async def run_round(
    settings: Settings,
    store: Store,
    name: str,
    *,
    concurrency: int = 8,
    host_map: dict[str, str] | None = None,
    crawl_overrides: dict[str, Any] | None = None,
    homepage_retry_s: float | None = None,
    console: Console | None = None,
) -> list[m.TargetResult]:
    """Fetch and judge every target of a round, resuming what an earlier run left undone; a round
    whose source is monitoring takes each target from its latest monitoring check instead of fetching.

    Holds the round's lease throughout: a second writer of the same round is refused (RoundBusy).
    """
    store.get_round(name)  # an unknown round is named before anything is locked
    with round_lock(store, name, "run"):
        ctx = open_round(settings, store, name, host_map=host_map, crawl_overrides=crawl_overrides)
        ctx.homepage_retry_s = homepage_retry_s
        store.set_round(name, status=m.RoundStatus.RUNNING)
        targets = targets_in_scope(ctx)
        work, title = inspect_target, "检查网站与政务新媒体"
        if ctx.round.source == m.RoundSource.MONITORING:
            from govinspect.jobs.from_monitoring import take_from_monitoring

            work, title = take_from_monitoring, "依据常态化监测数据判定"

        async def task(kind: m.TargetKind, key: str) -> dict[str, Any]:
            return await work(ctx, kind, key)

        label = lambda t: target_name(ctx, t)  # noqa: E731
        with RoundProgress(console, title, len(targets), label=label) as bar:
            report = await run_targets(
                store, name, run_order(ctx, targets), task, concurrency=concurrency, progress=bar.update
            )
        return finish_round(ctx, targets, failed=bool(report.failed), console=console)


def finish_round(
    ctx: RoundContext, targets: list[Target], *, failed: bool = False, console: Console | None = None
) -> list[m.TargetResult]:
    """After every target was fetched: judge the accounts together, score the round, close it."""
    _judge_accounts(ctx, targets)
    results = judge_round(ctx)
    ctx.store.set_round(ctx.round.name, status=m.RoundStatus.FAILED if failed else m.RoundStatus.DONE)
    if console:
        _print_totals(console, results, ctx.profile.report.pass_rate_decimals)
    return results


def _judge_accounts(ctx: RoundContext, targets: list[Target]) -> None:
    """Judge the fetched accounts together; if that fails, every one of them is left unjudged."""
    keys = [k for kind, k in targets if kind == m.TargetKind.ACCOUNT]
    status = ctx.store.target_status(ctx.round.name)
    fetched = [k for k in keys if status.get((m.TargetKind.ACCOUNT, k)) == "done"]
    try:
        judged = evaluate_accounts(ctx, fetched)
    except Exception as e:
        log.exception("judging the accounts of round %s failed", ctx.round.name)
        for key in fetched:
            ctx.store.mark_target(
                ctx.round.name, m.TargetKind.ACCOUNT, key, "failed", error=failure_reason(e)
            )
        return
    for key, findings in judged.items():
        ctx.store.replace_findings(
            ctx.round.name, m.TargetKind.ACCOUNT, key, allowed_findings(ctx.store, findings)
        )


def rejudge_round(
    settings: Settings, store: Store, name: str, *, profile: str | None = None, console: Console | None = None
) -> list[m.TargetResult]:
    """Re-run extraction, checks and scoring on stored snapshots; nothing is fetched.

    A site is re-judged only from a complete snapshot; one that cannot be read (a damaged
    archive, a check that raises) becomes 待核实 with the reason, the others go on.
    """
    store.get_round(name)
    with round_lock(store, name, "rejudge"):
        if profile and profile != store.get_round(name).profile and store.published_notice(name) is not None:
            raise StoreError(f"检查轮次“{name}”的通报已发布，不能更换检查指标画像（请新建轮次）")
        if profile:
            store.set_round(name, profile=profile)
        ctx = open_round(settings, store, name)
        targets = targets_in_scope(ctx)
        label = lambda t: target_name(ctx, t)  # noqa: E731
        with RoundProgress(console, "重新判定", len(targets), label=label) as bar:
            for kind, key in targets:
                bar.update((kind, key), "started")
                if kind == m.TargetKind.SITE and snapshot_complete(ctx, key):
                    try:
                        judge_site(ctx, key)
                    except Exception as e:
                        if not isinstance(e, NotJudged):
                            log.exception("re-judging site %s failed", key)
                        store.mark_target(name, kind, key, "failed", error=failure_reason(e))
                        bar.update((kind, key), "failed")
                        continue
                    store.mark_target(name, kind, key, "done")
                bar.update((kind, key), "done")
        _judge_accounts(ctx, targets)
        results = judge_round(ctx)
    if console:
        _print_totals(console, results, ctx.profile.report.pass_rate_decimals)
    return results


def snapshot_complete(ctx: RoundContext, code: str) -> bool:
    """Does the round hold a finished crawl of this site (its summary says complete)?"""
    from govinspect.crawl.snapshot import Snapshot

    if not (ctx.snapshot_dir(code) / "summary.json").exists():
        return False
    try:
        return Snapshot(ctx.snapshot_dir(code)).summary().complete
    except (OSError, ValueError):
        return False


def target_name(ctx: RoundContext, target: Target) -> str:
    kind, key = target
    try:
        return ctx.site(key).name if kind == m.TargetKind.SITE else ctx.account(key).name
    except StopIteration:
        return key


def unjudged_lines(results: list[m.TargetResult]) -> list[str]:
    """One Chinese line per 待核实 target: who it is and why it was not judged."""
    return [
        f"{r.target_kind.value}“{r.name}”（{r.unit}）待核实：{r.summary}"
        for r in results
        if r.verdict == m.Verdict.UNVERIFIED
    ]


def _print_totals(console: Console, results: list[m.TargetResult], decimals: int) -> None:
    for kind in m.TargetKind:
        rows = [r for r in results if r.target_kind == kind]
        if rows:
            console.print(f"{kind.value}：{totals_line(rows, decimals)}。", markup=False)
    lines = unjudged_lines(results)
    if lines:
        console.print(f"以下 {len(lines)} 个对象未能判定（不计入检查数和合格率）：", markup=False)
        for line in lines:
            console.print(f"  {line}", markup=False)
