"""复查: re-inspect only what a submitted 整改任务's items concern, at a new checkpoint, archived.

The site's home page and the pages the items name (the stale column's list page, the page holding
the dead link or the wrong wording) are fetched by the round's crawler and judged by the round's
checks (`pipeline.evaluate_site`); an account's feed by `inspect_account` and `evaluate_accounts`.
Each item is then 已整改 (its finding is gone), 疑似未整改 (still there, with the new evidence) or
无法复核 (its page could not be fetched).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.context import RoundContext, open_round
from govinspect.jobs.pipeline import evaluate_accounts, evaluate_site, inspect_account
from govinspect.rectify import Item, Recheck, Task, check_move, get_task, list_tasks, precheck_due, transition
from govinspect.store import RectifyItemRow, RectifyTaskRow, Store, User

log = logging.getLogger(__name__)

Outcome = tuple[Recheck, dict[str, Any]]
# the platform itself, for the re-check started by a submission and the nightly one (audited under this name)
SYSTEM = User(id=0, name="系统自动复查", role="supervisor", unit=None, active=True, locked_until=None)


async def recheck_task(
    settings: Settings,
    store: Store,
    task_id: int,
    actor: User,
    scope: frozenset[str] | None,
    *,
    host_map: dict[str, str] | None = None,
    crawl_overrides: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    ip: str = "",
    move: str = "recheck",
) -> Task:
    """Re-check a task's items and record each item's outcome: a submitted task moves to 复核中
    (`recheck`); a task 整改中 stays there (`precheck`, the nightly look past half its time)."""
    if move not in ("recheck", "precheck"):
        raise ValueError(move)
    task = get_task(store, task_id, scope)
    check_move(task, move, actor)
    at = at or dt.datetime.now(m.TZ)
    base = open_round(settings, store, task.round_name, host_map=host_map, crawl_overrides=crawl_overrides)
    folder = settings.data_dir / "rectify" / str(task.id) / f"recheck-{at:%Y%m%d-%H%M%S}"
    ctx = RoundContext(
        settings=settings,
        store=store,
        round=base.round.model_copy(update={"checkpoint": at}),
        registry=base.registry,
        profile=base.profile,
        host_map=host_map,
        crawl_overrides=dict(crawl_overrides or {}),
        office=base.office,
        homepage_retry_s=0.0,
        folder=folder,
    )
    outcomes: dict[int, Outcome] = {}
    targets = list(dict.fromkeys((i.target_kind, i.target) for i in task.items))
    for kind, key in targets:
        items = [i for i in task.items if (i.target_kind, i.target) == (kind, key)]
        if kind == m.TargetKind.SITE:
            outcomes.update(await _recheck_site(ctx, key, items))
        else:
            outcomes.update(await _recheck_account(ctx, key, items))
    archive = str(folder.relative_to(settings.data_dir))

    def change(s: Session, row: RectifyTaskRow) -> dict[str, Any]:
        for item in s.scalars(select(RectifyItemRow).where(RectifyItemRow.task_id == row.id)):
            verdict, evidence = outcomes[item.id]
            item.recheck = verdict.value
            item.recheck_evidence = {**evidence, "checkpoint": at.isoformat(), "archive": archive}
            item.rechecked_at = at
        tally: dict[str, int] = {}
        for verdict, _ in outcomes.values():
            tally[verdict.value] = tally.get(verdict.value, 0) + 1
        return {"复查结果": tally, "存档": archive}

    return transition(store, task.id, move, actor, scope, ip=ip, change=change)


async def recheck_due_tasks(
    settings: Settings,
    store: Store,
    now: dt.datetime,
    *,
    host_map: dict[str, str] | None = None,
    actor: User = SYSTEM,
    scope: frozenset[str] | None = None,
    round_name: str | None = None,
) -> list[Task]:
    """The nightly 中期复查: every task 整改中 past half its working days, items re-checked, state unchanged."""
    due = [t for t in list_tasks(store, round_name, scope) if precheck_due(t, now.astimezone(m.TZ).date())]
    done = []
    for t in due:
        try:
            done.append(
                await recheck_task(
                    settings, store, t.id, actor, scope, host_map=host_map, at=now, move="precheck"
                )
            )
        except Exception:  # one task that cannot be re-checked leaves the others their turn
            log.exception("整改任务 %s 中期复查失败", t.id)
    return done


async def _recheck_site(ctx: RoundContext, code: str, items: list[Item]) -> dict[int, Outcome]:
    """Crawl the home page and the items' pages only, run the site checks, judge each item."""
    from govinspect.crawl import CrawlSettings, Snapshot, crawl_site

    site = ctx.site(code)
    pages = [u for u in dict.fromkeys(_page(i, site) for i in items) if _norm(u) != _norm(site.home_url)]
    registered = {_norm(c.url): c for c in site.columns}
    seeds = tuple(
        registered.get(_norm(u)) or m.Column(name=f"复查页面{n}", url=u, registered=False)
        for n, u in enumerate(pages, 1)
    )
    trimmed = site.model_copy(update={"columns": seeds})
    ctx.registry = ctx.registry.model_copy(
        update={"sites": tuple(trimmed if s.code == code else s for s in ctx.registry.sites)}
    )
    limits = {**ctx.crawl_overrides, **site.crawl, "max_depth": 0, "max_column_pages": 1}
    snap_dir = ctx.snapshot_dir(code)
    try:
        await crawl_site(trimmed, snap_dir, CrawlSettings().for_site(limits), ctx.host_map)
        findings = evaluate_site(ctx, code)
        with Snapshot.open(snap_dir) as snap:
            fetched = {_norm(r.url): r for r in snap.pages()}
            fetched.update({_norm(r.final_url): r for r in snap.pages() if r.final_url})
    except Exception as e:  # an unreadable crawl leaves every item unjudged, never 已整改
        return {i.id: (Recheck.UNKNOWN, {"reason": f"复查抓取失败：{e}"}) for i in items}
    out: dict[int, Outcome] = {}
    for item in items:
        page = _page(item, site)
        rec = fetched.get(_norm(page))
        if rec is None or rec.error is not None or rec.status is None or rec.status >= 400:
            why = rec.error or f"HTTP {rec.status}" if rec is not None else "未抓取到"
            out[item.id] = (Recheck.UNKNOWN, {"url": page, "reason": f"页面无法打开（{why}）"})
            continue
        same = next(
            (f for f in findings if _key(f.code, f.evidence.url, f.evidence.detail) == _item_key(item)), None
        )
        if same is not None:
            out[item.id] = (Recheck.NOT_FIXED, {"url": page, "message": same.message,
                                                "evidence": same.evidence.model_dump(mode="json")})  # fmt: skip
        else:
            out[item.id] = (Recheck.FIXED, {"url": page, "captured_at": rec.fetched_at})
    return out


async def _recheck_account(ctx: RoundContext, key: str, items: list[Item]) -> dict[int, Outcome]:
    """Read the account's feed again as of the new checkpoint and judge each item by its check."""
    try:
        info = await inspect_account(ctx, key)
        findings = evaluate_accounts(ctx, [key]).get(key, [])
    except Exception as e:  # fail closed
        return {i.id: (Recheck.UNKNOWN, {"reason": f"复查读取失败：{e}"}) for i in items}
    if info.get("source_error"):
        return {
            i.id: (Recheck.UNKNOWN, {"reason": f"发布记录无法读取（{info['source_error']}）"}) for i in items
        }
    out: dict[int, Outcome] = {}
    for item in items:
        same = next((f for f in findings if f.code == item.code), None)
        if same is not None:
            out[item.id] = (Recheck.NOT_FIXED, {"message": same.message,
                                                "evidence": same.evidence.model_dump(mode="json")})  # fmt: skip
        else:
            out[item.id] = (Recheck.FIXED, {"posts": info.get("posts", 0)})
    return out


def _page(item: Item, site: m.Site) -> str:
    """The page an item concerns: its evidence's page, else the site's home page."""
    return str(item.evidence.get("url") or site.home_url)


def _norm(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def _key(code: str, url: str, detail: dict[str, Any]) -> tuple[str, str, str]:
    """What makes two site findings the same problem: the check, its page and the link it names."""
    return code, _norm(url), _norm(str(detail.get("link") or ""))


def _item_key(item: Item) -> tuple[str, str, str]:
    return _key(item.code, str(item.evidence.get("url") or ""), dict(item.evidence.get("detail") or {}))
