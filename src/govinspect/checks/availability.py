"""Availability checks: 站点无法访问 from a probe series, and 首页无法访问 from the round's own visits.

Only a probe series that meets the profile's minimum (every day of the window, e.g. ≥ 20 visits a
day for 7 days) can give the 站点无法访问 veto; without one the site is 未监测 and the home-page
visits of the round (the crawl's and its spaced retries) are reported as 首页无法访问, a veto only
when the profile says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from govinspect.checks.common import error_text, parse_time, site_finding
from govinspect.checks.inputs import SiteInput
from govinspect.crawl.records import ErrorClass, ProbeResult
from govinspect.model import Finding
from govinspect.rules.profile import Profile

Probe = tuple[dt.datetime, ProbeResult]


def window_probes(probes: Iterable[ProbeResult], checkpoint: dt.datetime, profile: Profile) -> list[Probe]:
    """The probes of the window before the checkpoint, oldest first."""
    start = checkpoint - dt.timedelta(days=profile.availability.window_days)
    out = []
    for p in probes:
        at = parse_time(p.at)
        if at is not None and start < at <= checkpoint:
            out.append((at, p))
    out.sort(key=lambda x: (x[0], x[1].url))
    return out


def monitoring_gap(probes: Iterable[ProbeResult], checkpoint: dt.datetime, profile: Profile) -> str | None:
    """Why these probes are no series the rule can use (Chinese, for 未监测); None when they are.

    A series has at least `min_probes_per_day` probes in every day of the window (days end at
    the checkpoint's time of day).
    """
    a = profile.availability
    start = checkpoint - dt.timedelta(days=a.window_days)
    counts = [0] * a.window_days
    for at, _ in window_probes(probes, checkpoint, profile):
        day = min(a.window_days - 1, int((at - start - dt.timedelta(microseconds=1)) / dt.timedelta(days=1)))
        counts[day] += 1
    fewest = min(counts) if counts else 0
    if fewest >= a.min_probes_per_day:
        return None
    if not any(counts):
        return f"未监测：监测时间点前{a.window_days}天内没有首页连续访问记录"
    return (
        f"未监测：监测时间点前{a.window_days}天内首页访问记录不足"
        f"（最少的一天{fewest}次，方案要求每天不少于{a.min_probes_per_day}次）"
    )


def _monitored(inp: SiteInput, profile: Profile) -> bool:
    return monitoring_gap(inp.probes, inp.checkpoint, profile) is None


def check_unreachable(inp: SiteInput, profile: Profile) -> list[Finding]:
    """availability.unreachable: failed probes / probes in the window ≥ the profile's ratio."""
    a = profile.availability
    if not _monitored(inp, profile):
        return []
    probes = window_probes(inp.probes, inp.checkpoint, profile)
    failed = [(at, p) for at, p in probes if _attempt_failed(p, a.timeout_s)]
    limited = sum(1 for _, p in probes if p.error == ErrorClass.CHALLENGE)
    ratio = len(failed) / len(probes)
    if ratio < a.fail_ratio_gte:
        return []
    last = failed[-1][0]
    aside = f"；另有{limited}次访问受限（防护拦截），不计为失败" if limited else ""
    return [
        site_finding(
            inp,
            "availability.unreachable",
            f"监测时间点前{a.window_days}天内首页访问{len(probes)}次，失败{len(failed)}次，"
            f"失败率{ratio:.1%}（不低于{a.fail_ratio_gte:.0%}）{aside}",
            url=inp.site.home_url,
            captured_at=last,
            detail={
                "attempts": len(probes),
                "failures": len(failed),
                "limited": limited,
                "ratio": round(ratio, 4),
                "window_start": probes[0][0].isoformat(),
                "window_end": probes[-1][0].isoformat(),
                "timeout_s": a.timeout_s,
                "failed_probes": [
                    {"at": at.isoformat(), "status": p.status, "error": p.error, "elapsed_ms": p.elapsed_ms}
                    for at, p in failed[:20]
                ],
            },
        )
    ]


def _attempt_failed(p: ProbeResult, timeout_s: float) -> bool:
    """A visit a person's browser would have failed too; a WAF challenge (受限) is counted apart."""
    if p.error == ErrorClass.CHALLENGE:
        return False
    return not p.ok or p.elapsed_ms > timeout_s * 1000


def check_homepage_down(inp: SiteInput, profile: Profile) -> list[Finding]:
    """availability.homepage_down: without a probe series, the round's visits of the home page failed.

    Every visit of the round (the crawl's and the spaced retries) is evidence; the finding is made
    when the home page never opened, or when any visit failed (a site that fails now and then).
    """
    a = profile.availability
    if _monitored(inp, profile):
        return []  # the probe series decides
    attempts = list(inp.homepage_attempts)
    if not attempts:
        hp = inp.homepage()
        if hp is None:
            return []
        rec = hp.record
        ok = rec.error is None and rec.status is not None and 200 <= rec.status < 400
        attempts = [ProbeResult(rec.url, rec.fetched_at, ok, rec.status, rec.elapsed_ms, rec.error)]
    failed = [p for p in attempts if _attempt_failed(p, a.timeout_s)]
    if not failed:
        return []
    last = failed[-1]
    never = len(failed) == len(attempts)
    what = error_text(last.error, last.status) if last.error or last.status else "超时"
    message = (
        f"检查期间首页访问{len(attempts)}次均无法打开：{what}"
        if never
        else f"检查期间首页访问{len(attempts)}次，{len(failed)}次无法打开：{what}"
    )
    return [
        site_finding(
            inp,
            "availability.homepage_down",
            message,
            url=inp.site.home_url,
            captured_at=parse_time(last.at),
            detail={
                "status": last.status,
                "error": last.error,
                "elapsed_ms": last.elapsed_ms,
                "attempts": [
                    {"at": p.at, "status": p.status, "error": p.error, "elapsed_ms": p.elapsed_ms, "ok": p.ok}
                    for p in attempts
                ],
            },
        )
    ]
