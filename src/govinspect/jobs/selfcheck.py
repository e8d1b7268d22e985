"""Running a 自查: the round's crawl, extract and checks on one target, into the self-inspection's folder.

The site is crawled as a round would crawl it (home page visits included) and judged by the round's
checks and profile (the newest round's, else national-2019); an account's feed is read the same
way. What is found is kept on the self-inspection only: no round, finding or result row is written.
"""

from __future__ import annotations

import datetime as dt

from govinspect import model as m
from govinspect.config import Settings, load_office_config
from govinspect.jobs.context import RoundContext
from govinspect.jobs.pipeline import (
    crawl_with_home_retries,
    evaluate_accounts,
    evaluate_site,
    inspect_account,
    read_home_attempts,
)
from govinspect.jobs.review import allowed_findings
from govinspect.jobs.runner import NotJudged, failure_reason
from govinspect.rectify.selfcheck import SelfInspection, SelfState, finish_inspection, get_inspection
from govinspect.rectify.tasks import RectifyError
from govinspect.rules import load_profile
from govinspect.store import Store

DEFAULT_PROFILE = "national-2019"


async def run_inspection(
    settings: Settings, store: Store, inspection_id: int, *, host_map: dict[str, str] | None = None
) -> SelfInspection:
    """Inspect the target now and keep the findings, or why it could not be judged (never a clean list)."""
    insp = get_inspection(store, inspection_id, None)
    if insp.state != SelfState.RUNNING:
        raise RectifyError(f"自查 {insp.id} 已结束（{insp.state}）")
    rounds = store.list_rounds()
    profile = rounds[-1].profile if rounds else DEFAULT_PROFILE
    at = dt.datetime.now(m.TZ)
    ctx = RoundContext(
        settings=settings, store=store, round=m.Round(name=f"自查{insp.id}", checkpoint=at, profile=profile),
        registry=store.load_registry(), profile=load_profile(profile), host_map=host_map,
        office=load_office_config(settings), homepage_retry_s=0.0,
        folder=settings.data_dir / "self-inspections" / str(insp.id),
    )  # fmt: skip
    try:
        findings = await _inspect(ctx, insp)
    except Exception as e:  # fail closed: 未完成 with the reason
        return finish_inspection(store, insp.id, findings=None, summary=f"未能完成自查：{failure_reason(e)}")
    return finish_inspection(store, insp.id, findings=findings, summary=_summary(ctx, insp, findings))


async def _inspect(ctx: RoundContext, insp: SelfInspection) -> list[m.Finding]:
    from govinspect.crawl import url_problem

    if insp.target_kind == m.TargetKind.SITE:
        site = ctx.site(insp.target)
        problem = url_problem(site.home_url, ctx.host_map)
        if problem:
            raise NotJudged(f"{problem}（运行配置问题，不是网站的问题）")
        await crawl_with_home_retries(ctx, site)
        visits = read_home_attempts(ctx.home_attempts_file(site.code))
        if not visits or not visits[-1].ok:
            raise NotJudged("首页无法打开，未能检查")
        return allowed_findings(ctx.store, evaluate_site(ctx, site.code))
    info = await inspect_account(ctx, insp.target)
    if info.get("source_error"):
        raise NotJudged(f"发布记录无法读取（{info['source_error']}）")
    return allowed_findings(ctx.store, evaluate_accounts(ctx, [insp.target]).get(insp.target, []))


def _summary(ctx: RoundContext, insp: SelfInspection, findings: list[m.Finding]) -> str:
    """The verdict and score the round's profile would give, said to be a self-inspection's."""
    from govinspect.scoring import TargetInfo, score_round

    if insp.target_kind == m.TargetKind.SITE:
        site = ctx.site(insp.target)
        info = TargetInfo.from_site(site, ctx.unit(site.unit))
    else:
        account = ctx.account(insp.target)
        info = TargetInfo.from_account(account, ctx.unit(account.unit))
    (r,) = score_round([info], findings, ctx.profile, unjudged={}).results
    scheme = ctx.profile.title or ctx.profile.name
    score = f"，按“{scheme}”评分约 {r.score:g} 分" if r.score is not None else ""
    return f"发现问题 {len(findings)} 条{score}，结论“{r.verdict.value}”（自查结果，仅供本单位整改参考，不计入检查轮次）"
