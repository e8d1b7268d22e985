"""New-media (政务新媒体) checks: freshness, frequency, gaps, content, links, 认证主体, interaction.

Pure functions of (account, unit, posts, facts, checkpoint, profile); thresholds come from the
profile's `media:` section, veto/points from its `media_checks`. Every finding carries evidence.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence

from govinspect.checks.lexicon import scan_text
from govinspect.feeds import AccountFacts, Post
from govinspect.model import TZ, Account, Evidence, Finding, TargetKind, Unit, cn_date
from govinspect.rules import Profile

# --------------------------------------------------------------------------- helpers


def _local_date(value: dt.datetime) -> dt.date:
    return value.astimezone(TZ).date() if value.tzinfo else value.date()


def _finding(
    account: Account,
    code: str,
    message: str,
    facts: AccountFacts | None,
    detail: dict[str, object],
    count: int = 1,
) -> Finding:
    url = (facts.source_url if facts else None) or account.feed_url or account.profile_url or ""
    return Finding(
        code=code,
        target_kind=TargetKind.ACCOUNT,
        target=account.key,
        message=message,
        evidence=Evidence(url=url, captured_at=facts.captured_at if facts else None, detail=detail),
        count=count,
    )


def _post_detail(post: Post | None) -> dict[str, object]:
    if post is None:
        return {"last_post_title": None, "last_post_date": None, "last_post_url": None}
    return {
        "last_post_title": post.title,
        "last_post_date": post.published.isoformat(),
        "last_post_url": post.url,
    }


def _window_start(checkpoint: dt.datetime, period_start: dt.date | None, profile: Profile) -> dt.date:
    """First day of the statistics period: the round's, else the profile's default length back."""
    fallback = profile.media.default_period_days
    return period_start or (_local_date(checkpoint) - dt.timedelta(days=fallback - 1))


def _visible(posts: Iterable[Post], checkpoint: dt.datetime) -> list[Post]:
    """Posts up to the checkpoint, newest first."""
    return sorted((p for p in posts if p.published <= checkpoint), key=lambda p: p.published, reverse=True)


# --------------------------------------------------------------------------- single checks


def check_not_updated(
    account: Account, posts: Sequence[Post], facts: AccountFacts, checkpoint: dt.datetime, profile: Profile
) -> list[Finding]:
    """media.not_updated and media.zombie from the last post before the checkpoint."""
    if facts.source_error or not posts:
        return []
    last = posts[0]
    days = (_local_date(checkpoint) - _local_date(last.published)).days
    out: list[Finding] = []
    detail = {
        **_post_detail(last),
        "checkpoint": _local_date(checkpoint).isoformat(),
        "days": days,
        "post_source": last.source,  # feed / import / manual
    }
    if days >= profile.media.no_update_days:
        out.append(_finding(account, "media.not_updated", f"长期不更新 ({days} 天)", facts, detail))
    if days >= profile.media.zombie_days:
        since = cn_date(_local_date(last.published))
        out.append(
            _finding(
                account,
                "media.zombie",
                f"“僵尸”账号：已 {days} 天未更新（最近更新 {since}），建议关停注销",
                facts,
                {**detail, "recommendation": "关停注销"},
            )
        )
    return out


def check_low_frequency(
    account: Account,
    posts: Sequence[Post],
    facts: AccountFacts,
    checkpoint: dt.datetime,
    profile: Profile,
    period_start: dt.date | None,
) -> list[Finding]:
    """media.low_frequency: full 7-day weeks back from the checkpoint with too few posts."""
    need = profile.media.min_posts_per_week
    if not need or facts.source_error or not posts or all(p.source == "manual" for p in posts):
        return []
    end = _local_date(checkpoint)
    start = _window_start(checkpoint, period_start, profile)
    days = [_local_date(p.published) for p in posts]
    weeks: list[dict[str, object]] = []
    week_end = end
    while week_end - dt.timedelta(days=6) >= start:
        week_start = week_end - dt.timedelta(days=6)
        n = sum(1 for d in days if week_start <= d <= week_end)
        if n < need:
            weeks.append({"from": week_start.isoformat(), "to": week_end.isoformat(), "posts": n})
        week_end = week_start - dt.timedelta(days=1)
    if not weeks:
        return []
    weeks.reverse()
    need_text = f"{need:g}"
    return [
        _finding(
            account,
            "media.low_frequency",
            f"更新频率不足：{len(weeks)} 周发布少于每周 {need_text} 次",
            facts,
            {
                "weeks": weeks,
                "min_posts_per_week": need,
                "period_start": start.isoformat(),
                "checkpoint": end.isoformat(),
            },
            count=len(weeks),
        )
    ]


def check_gap(
    account: Account,
    posts: Sequence[Post],
    facts: AccountFacts,
    checkpoint: dt.datetime,
    profile: Profile,
    period_start: dt.date | None,
) -> list[Finding]:
    """media.gap: the longest interval without posts inside the round, if longer than allowed."""
    limit = profile.media.max_gap_days
    if limit is None or facts.source_error or not posts or all(p.source == "manual" for p in posts):
        return []
    start = _window_start(checkpoint, period_start, profile)
    end = _local_date(checkpoint)
    dates = sorted({_local_date(p.published) for p in posts})
    before = [d for d in dates if d < start]
    inside = [d for d in dates if start <= d <= end]
    anchors = ([before[-1]] if before else [start]) + inside + [end]
    best: tuple[int, dt.date, dt.date] | None = None
    for a, b in itertools.pairwise(anchors):
        gap = (b - a).days
        if gap > limit and (best is None or gap > best[0]):
            best = (gap, a, b)
    if best is None:
        return []
    gap, a, b = best
    return [
        _finding(
            account,
            "media.gap",
            f"断更 {gap} 天（{cn_date(a)}至{cn_date(b)}），超过 {limit} 天",
            facts,
            {"gap_days": gap, "gap_from": a.isoformat(), "gap_to": b.isoformat(), "max_gap_days": limit},
        )
    ]


def _round_posts(posts: Sequence[Post], checkpoint: dt.datetime, period_start: dt.date | None) -> list[Post]:
    if period_start is None:
        return list(posts)
    return [p for p in posts if _local_date(p.published) >= period_start and p.published <= checkpoint]


def check_content(
    account: Account,
    posts: Sequence[Post],
    facts: AccountFacts,
    checkpoint: dt.datetime,
    period_start: dt.date | None,
) -> list[Finding]:
    """media.content_error: lexicon hits in titles and texts of the round's posts.

    Findings carry the lexicon's own codes (content.serious_error …) so the profile's media_checks
    judge them exactly like the same problem on a website.
    """
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for post in _round_posts(posts, checkpoint, period_start):
        for text in (post.title, post.text):
            if not text:
                continue
            for hit in scan_text(text, _local_date(post.published)):
                key = (post.url or post.title, hit.term)
                if key in seen:
                    continue
                seen.add(key)
                fix = f"，应为“{hit.correct}”" if hit.correct else ""
                out.append(
                    _finding(
                        account,
                        hit.code,
                        f"{hit.label}：“{hit.term}”{fix}（《{post.title}》）",
                        facts,
                        {
                            "post_title": post.title,
                            "post_date": post.published.isoformat(),
                            "post_url": post.url,
                            "matched": hit.term,
                            "suggestion": hit.correct,
                            "kind": hit.kind,
                            "severity": hit.severity,
                            "rule": hit.rule_label,
                            "category": hit.category_label,
                            "source": hit.source,
                            "context": hit.context,
                        },
                    )
                )
    return out


def links_to_check(
    account: Account,
    posts: Sequence[Post],
    facts: AccountFacts,
    checkpoint: dt.datetime,
    period_start: dt.date | None = None,
) -> dict[str, str]:
    """URL → where it was seen (菜单 / 文章标题), for the caller's link checker."""
    out: dict[str, str] = {}
    for url in [*facts.menu_links, *account.menu_links]:
        out.setdefault(url, "自定义菜单")
    for post in _round_posts(posts, checkpoint, period_start):
        for url in post.links:
            out.setdefault(url, f"《{post.title}》")
    return out


def check_broken_links(
    account: Account,
    posts: Sequence[Post],
    facts: AccountFacts,
    checkpoint: dt.datetime,
    link_results: Mapping[str, str | None],
    period_start: dt.date | None,
    dead_errors: Iterable[str] | None = None,
) -> list[Finding]:
    """media.broken_menu: custom-menu or in-post links the link checker could not open."""
    dead = set(dead_errors) if dead_errors is not None else None
    broken = []
    for url, where in links_to_check(account, posts, facts, checkpoint, period_start).items():
        error = link_results.get(url)
        if error is None or (dead is not None and error not in dead):
            continue
        broken.append({"url": url, "source": where, "error": error})
    if not broken:
        return []
    menu = sum(1 for b in broken if b["source"] == "自定义菜单")
    parts = []
    if menu:
        parts.append(f"自定义菜单链接 {menu} 个")
    if len(broken) - menu:
        parts.append(f"文章链接 {len(broken) - menu} 个")
    return [
        _finding(
            account,
            "media.broken_menu",
            f"链接无法打开（{'、'.join(parts)}）",
            facts,
            {"links": broken},
            count=len(broken),
        )
    ]


def check_entity(
    account: Account, unit: Unit | None, facts: AccountFacts, checkpoint: dt.datetime
) -> list[Finding]:
    """media.outdated_entity: 认证主体 is a former name of the unit or holds an outdated organ name."""
    entity = (facts.certified_entity or account.certified_entity or "").strip()
    if not entity:
        return []
    day = _local_date(checkpoint)
    detail: dict[str, object] = {"certified_entity": entity, "unit": unit.name if unit else account.unit}
    if unit is not None:
        for former in unit.former_names:
            related = former.name in entity or entity in former.name
            if former.until <= day and len(former.name) >= 3 and related:
                return [
                    _finding(
                        account,
                        "media.outdated_entity",
                        f"认证主体“{entity}”为单位曾用名，应变更为“{unit.name}”",
                        facts,
                        {**detail, "former_name": former.name, "suggestion": unit.name},
                    )
                ]
    for hit in scan_text(entity, day):
        if hit.kind != "outdated_name":
            continue
        fix = f"，现为“{hit.correct}”" if hit.correct else ""
        return [
            _finding(
                account,
                "media.outdated_entity",
                f"认证主体“{entity}”含已撤销机构名称“{hit.term}”{fix}",
                facts,
                {**detail, "former_name": hit.term, "suggestion": hit.correct},
            )
        ]
    return []


def check_interaction(account: Account, facts: AccountFacts, profile: Profile) -> list[Finding]:
    """media.no_interaction: only when the source explicitly says interaction is off."""
    if not profile.media.interaction_required or facts.interaction is not False:
        return []
    return [
        _finding(
            account,
            "media.no_interaction",
            "未提供有效互动功能",
            facts,
            {"profile_url": account.profile_url},
        )
    ]


def check_source(account: Account, posts: Sequence[Post], facts: AccountFacts) -> list[Finding]:
    """media.source_error: the source failed or gave nothing; never judged as "not updated"."""
    error = facts.source_error
    if error is None and not posts:
        error = "未获取到任何发布记录"
    if error is None:
        return []
    return [
        _finding(
            account,
            "media.source_error",
            f"数据源异常，无法判定更新情况：{error}",
            facts,
            {"source_url": facts.source_url or account.feed_url, "error": error},
        )
    ]


# --------------------------------------------------------------------------- entry points


def run_account_checks(
    account: Account,
    unit: Unit | None,
    posts: Sequence[Post],
    facts: AccountFacts,
    checkpoint: dt.datetime,
    profile: Profile,
    link_results: Mapping[str, str | None] | None = None,
    period_start: dt.date | None = None,
) -> list[Finding]:
    """Every per-account check (all but media.duplicate, see find_duplicates)."""
    visible = _visible(posts, checkpoint)
    findings: list[Finding] = []
    findings += check_source(account, visible, facts)
    findings += check_not_updated(account, visible, facts, checkpoint, profile)
    findings += check_low_frequency(account, visible, facts, checkpoint, profile, period_start)
    findings += check_gap(account, visible, facts, checkpoint, profile, period_start)
    findings += check_content(account, visible, facts, checkpoint, period_start)
    if link_results is not None:
        findings += check_broken_links(
            account, visible, facts, checkpoint, link_results, period_start, profile.links.dead_errors
        )
    findings += check_entity(account, unit, facts, checkpoint)
    findings += check_interaction(account, facts, profile)
    return findings


def find_duplicates(accounts: Sequence[Account]) -> list[Finding]:
    """media.duplicate: one finding per account when a unit has several accounts on one platform."""
    groups: dict[tuple[str, str], list[Account]] = {}
    for account in accounts:
        groups.setdefault((account.unit, account.platform.value), []).append(account)
    out: list[Finding] = []
    for (unit, platform), members in groups.items():
        if len(members) < 2:
            continue
        names = "、".join(f"“{a.name}”" for a in members)
        for account in members:
            out.append(
                _finding(
                    account,
                    "media.duplicate",
                    f"{unit}在{platform}开设 {len(members)} 个账号（{names}），建议整合",
                    None,
                    {"accounts": [a.key for a in members], "recommendation": "整合"},
                )
            )
    return out


def account_findings(
    accounts: Sequence[Account],
    units: Sequence[Unit],
    posts: Mapping[str, Sequence[Post]],
    facts: Mapping[str, AccountFacts],
    checkpoint: dt.datetime,
    profile: Profile,
    link_results: Mapping[str, str | None] | None = None,
    period_start: dt.date | None = None,
) -> dict[str, list[Finding]]:
    """Every check over a jurisdiction's accounts, duplicates included, by Account.key.

    `posts` / `facts` are keyed by Account.key (e.g. from feeds.sources.collect); an account
    missing from `facts` is judged as a source error, never as "not updated".
    """
    unit_map = {u.name: u for u in units}
    by_account: dict[str, list[Finding]] = {a.key: [] for a in accounts}
    for account in accounts:
        known = facts.get(account.key) or AccountFacts(account.key, source_error="未采集该账号")
        by_account[account.key] += run_account_checks(
            account,
            unit_map.get(account.unit),
            posts.get(account.key, ()),
            known,
            checkpoint,
            profile,
            link_results,
            period_start,
        )
    for finding in find_duplicates(accounts):
        by_account[finding.target].append(finding)
    return by_account
