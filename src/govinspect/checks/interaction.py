"""Interaction checks: consultation channel, unanswered and late letters, letter display and
statistics, 意见征集 and 在线访谈 activity within the profile's look-back."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from govinspect.calendar import workdays_between
from govinspect.checks.common import matches_any, parse_date, site_finding
from govinspect.checks.freshness import column_state, is_channel_name, site_columns
from govinspect.checks.inputs import SiteInput
from govinspect.extract import Letter
from govinspect.model import Finding, cn_date
from govinspect.rules import Profile, months_before

# statuses with 已 that still mean "not answered yet" (accepted, forwarded, signed for)
UNANSWERED_STATUSES = (
    "未回复", "未答复", "办理中", "待回复", "待处理", "处理中", "已受理", "受理中", "已转办", "已交办", "已签收",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SeenLetter:
    letter: Letter
    page: str
    fetched_at: str
    asked: dt.date | None
    replied: dt.date | None


def site_letters(inp: SiteInput) -> list[SeenLetter]:
    """Every letter shown on the site, once (keyed by its URL, else title + date asked)."""
    out: dict[tuple[str, str], SeenLetter] = {}
    for pv in sorted(inp.pages, key=lambda p: p.record.url):
        if pv.facts is None:
            continue
        for le in cast(Sequence[Letter], pv.facts.letters):  # facts.py's `list` field shadows the builtin
            seen = SeenLetter(
                le, pv.record.url, pv.record.fetched_at, parse_date(le.asked), parse_date(le.replied)
            )
            # one letter shows on the list and on its own page: keyed by title and date asked
            key = (le.title.strip(), seen.asked.isoformat() if seen.asked else (le.asked or ""))
            old = out.get(key)
            if old is None or _richer(seen, old):
                out[key] = seen
    return [out[k] for k in sorted(out)]


def _richer(new: SeenLetter, old: SeenLetter) -> bool:
    """Prefer the copy that knows the reply date, then the one with the letter's own URL."""
    return (new.replied is not None, bool(new.letter.url)) > (old.replied is not None, bool(old.letter.url))


def _excluded(le: Letter, profile: Profile) -> bool:
    return matches_any(le.type, profile.interaction.excluded_channel_keywords) is not None


def _status_answered(status: str | None) -> bool:
    """The letter's status says it was answered (已回复/已办结, not 未回复/办理中 …)."""
    text = status or ""
    return "已" in text and not any(s in text for s in UNANSWERED_STATUSES)


def is_answered(sl: SeenLetter, day: dt.date) -> bool:
    """Answered as of `day`: a reply dated on or before it, or a status saying it was answered."""
    return (sl.replied is not None and sl.replied <= day) or _status_answered(sl.letter.status)


def _answered_undated(sl: SeenLetter) -> bool:
    """Shown as answered (已回复/已办结) without a reply date: its lag cannot be judged."""
    return sl.replied is None and _status_answered(sl.letter.status)


def channel_links(inp: SiteInput, profile: Profile) -> list[tuple[str, str, str | None]]:
    """(url, name, error) of consultation channels: nav entries, links and mailbox pages."""
    found: dict[str, tuple[str, str, str | None]] = {}

    def is_channel(name: str | None) -> bool:
        return is_channel_name(name, profile)

    for pv in sorted(inp.pages, key=lambda p: p.record.url):
        f = pv.facts
        if f is None:
            continue
        if f.page_type == "mailbox" or f.letters:
            found.setdefault(pv.record.url, (pv.record.url, f.column.name or f.title or "", pv.record.error))
        for n in f.nav:
            if is_channel(n.name):
                found.setdefault(n.url, (n.url, n.name, None))
    errors = {link.url: link.error for link in inp.links}
    for link in sorted(inp.links, key=lambda x: x.url):
        for s in link.sources:
            if is_channel(s.anchor):
                found.setdefault(link.url, (link.url, s.anchor, link.error))
    dead = set(profile.links.dead_errors)
    out = []
    for url, (u, name, err) in sorted(found.items()):
        err = err or errors.get(url)
        out.append((u, name, err if err in dead else None))
    return out


def check_channel(inp: SiteInput, profile: Profile) -> list[Finding]:
    """interaction.no_channel: no consultation channel, or every one of them is broken."""
    hp = inp.homepage()
    if hp is None or hp.facts is None or hp.record.error is not None:
        return []
    channels = channel_links(inp, profile)
    if any(err is None for _, _, err in channels):
        return []
    msg = "无咨询建言渠道" if not channels else "咨询建言渠道均无法使用"
    return [
        site_finding(
            inp,
            "interaction.no_channel",
            msg,
            url=hp.record.url,
            captured_at=hp.record.fetched_at,
            detail={
                "channels": [{"url": u, "name": n, "error": e} for u, n, e in channels],
                "keywords": profile.interaction.channel_keywords,
            },
        )
    ]


def _letter_detail(sl: SeenLetter, **extra: object) -> dict[str, object]:
    return {
        "title": sl.letter.title,
        "type": sl.letter.type,
        "asked": sl.asked.isoformat() if sl.asked else None,
        "replied": sl.replied.isoformat() if sl.replied else None,
        "status": sl.letter.status,
        "url": sl.letter.url or sl.page,
        **extra,
    }


def check_unanswered(inp: SiteInput, profile: Profile) -> list[Finding]:
    """interaction.unanswered: letters of the look-back year left unanswered longer than the limit."""
    ia = profile.interaction
    day = inp.checkpoint_date
    since = months_before(day, ia.lookback_months)
    overdue = []
    for sl in site_letters(inp):
        if sl.asked is None or not (since <= sl.asked <= day) or _excluded(sl.letter, profile):
            continue
        limit = months_before(sl.replied or day, ia.unanswered_gt_months)
        if _answered_undated(sl):
            continue
        if sl.asked < limit:
            overdue.append(sl)
    if not overdue:
        return []
    first = overdue[0]
    return [
        site_finding(
            inp,
            "interaction.unanswered",
            f"有{len(overdue)}件留言超过{ia.unanswered_gt_months}个月未答复（如《{first.letter.title}》，"
            f"{cn_date(first.asked) if first.asked else ''}提交）",
            url=first.letter.url or first.page,
            captured_at=first.fetched_at,
            detail={
                "letters": [_letter_detail(sl) for sl in overdue[:50]],
                "limit_months": ia.unanswered_gt_months,
                "lookback_from": since.isoformat(),
            },
            count=len(overdue),
        )
    ]


def reply_lags(inp: SiteInput, profile: Profile) -> list[tuple[SeenLetter, int]]:
    """(letter, working days from asking to reply — or to the checkpoint when unanswered)."""
    day = inp.checkpoint_date
    since = months_before(day, profile.interaction.lookback_months)
    out = []
    for sl in site_letters(inp):
        if sl.asked is None or not (since <= sl.asked <= day) or _excluded(sl.letter, profile):
            continue
        if _answered_undated(sl):
            continue
        out.append((sl, workdays_between(sl.asked, min(sl.replied or day, day))))
    return out


def reply_stats(inp: SiteInput, profile: Profile) -> dict[str, float | int | None]:
    """Reply-lag statistics in working days (count, replied, median, max)."""
    lags = reply_lags(inp, profile)
    replied = [d for sl, d in lags if sl.replied is not None]
    return {
        "letters": len(lags),
        "replied": len(replied),
        "median_workdays": statistics.median(replied) if replied else None,
        "max_workdays": max(replied) if replied else None,
    }


def check_late_reply(inp: SiteInput, profile: Profile) -> list[Finding]:
    """interaction.late_reply: replies (or open letters) beyond the profile's working-day limit."""
    limit = profile.interaction.reply_working_days
    if limit is None:
        return []
    veto_limit_months = profile.interaction.unanswered_gt_months
    late = []
    for sl, days in reply_lags(inp, profile):
        if days <= limit:
            continue
        assert sl.asked is not None
        if sl.asked < months_before(sl.replied or inp.checkpoint_date, veto_limit_months):
            continue  # already an interaction.unanswered
        late.append((sl, days))
    if not late:
        return []
    first, days = late[0]
    return [
        site_finding(
            inp,
            "interaction.late_reply",
            f"有{len(late)}件留言超过{limit}个工作日未答复（如《{first.letter.title}》，用时{days}个工作日）",
            url=first.letter.url or first.page,
            captured_at=first.fetched_at,
            detail={
                "letters": [_letter_detail(sl, workdays=d) for sl, d in late[:50]],
                "limit_workdays": limit,
                "stats": reply_stats(inp, profile),
            },
            count=len(late),
        )
    ]


def check_display(inp: SiteInput, profile: Profile) -> list[Finding]:
    """interaction.no_display / interaction.no_stats: a channel exists but no letters / no statistics shown."""
    channels = [c for c in channel_links(inp, profile) if c[2] is None]
    if not channels:
        return []
    hp = inp.homepage()
    url = channels[0][0]
    at = hp.record.fetched_at if hp else None
    out = []
    if not any(pv.facts is not None and pv.facts.letters for pv in inp.pages):
        out.append(
            site_finding(
                inp,
                "interaction.no_display",
                "咨询建言栏目未公开历史信件",
                url=url,
                captured_at=at,
                detail={"channels": [{"url": u, "name": n} for u, n, _ in channels]},
            )
        )
    pattern = re.compile(profile.interaction.stats_pattern)
    if not any(
        pv.facts is not None and (pv.facts.letter_stats is not None or pattern.search(pv.facts.text))
        for pv in inp.pages
    ):
        out.append(
            site_finding(
                inp,
                "interaction.no_stats",
                "未公开留言受理反馈情况统计数据",
                url=url,
                captured_at=at,
                detail={"channels": [{"url": u, "name": n} for u, n, _ in channels]},
            )
        )
    return out


def _activity(
    inp: SiteInput, profile: Profile, code: str, keywords: list[str], what: str, kinds: list[str]
) -> list[Finding]:
    if inp.site.kind.value not in kinds:
        return []
    day = inp.checkpoint_date
    since = months_before(day, profile.interaction.activity_months)
    cols = [c for c in site_columns(inp) if matches_any(c.name, keywords)]
    hp = inp.homepage()
    if hp is None or hp.facts is None or hp.record.error is not None:
        return []
    if not cols:
        return [
            site_finding(
                inp,
                code,
                f"未设置{what}栏目",
                url=hp.record.url,
                captured_at=hp.record.fetched_at,
                detail={"keywords": keywords, "columns": []},
            )
        ]
    newest: dt.date | None = None
    judged = False
    for c in cols:
        s = column_state(c, day)
        if s is None or s.unreadable:
            continue
        judged = True
        if s.newest is not None and (newest is None or s.newest > newest):
            newest = s.newest
    if not judged or (newest is not None and newest >= since):
        return []
    return [
        site_finding(
            inp,
            code,
            f"{profile.interaction.activity_months}个月内未开展{what}"
            + (f"（最近一次{cn_date(newest)}）" if newest else ""),
            url=cols[0].url,
            captured_at=cols[0].page.record.fetched_at if cols[0].page else None,
            detail={
                "columns": [{"name": c.name, "url": c.url} for c in cols],
                "newest_date": newest.isoformat() if newest else None,
                "since": since.isoformat(),
            },
        )
    ]


def check_solicitation(inp: SiteInput, profile: Profile) -> list[Finding]:
    """interaction.no_solicitation: no 意见征集 column, or none within the activity window."""
    ia = profile.interaction
    return _activity(
        inp,
        profile,
        "interaction.no_solicitation",
        ia.solicitation_keywords,
        "意见征集",
        ia.solicitation_site_kinds,
    )


def check_interview(inp: SiteInput, profile: Profile) -> list[Finding]:
    """interaction.no_interview: no 在线访谈 column, or none within the activity window."""
    ia = profile.interaction
    return _activity(
        inp, profile, "interaction.no_interview", ia.interview_keywords, "在线访谈", ia.interview_site_kinds
    )
