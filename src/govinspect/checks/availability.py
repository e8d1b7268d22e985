"""Availability checks: 站点无法访问 from the probe series, and the homepage during the round."""

from __future__ import annotations

import datetime as dt

from govinspect.checks.common import error_text, parse_time, site_finding
from govinspect.checks.inputs import SiteInput
from govinspect.crawl.records import ProbeResult
from govinspect.model import Finding
from govinspect.rules.profile import Profile


def _window_probes(inp: SiteInput, profile: Profile) -> list[tuple[dt.datetime, ProbeResult]]:
    a = profile.availability
    start = inp.checkpoint - dt.timedelta(days=a.window_days)
    out = []
    for p in inp.probes:
        at = parse_time(p.at)
        if at is not None and start < at <= inp.checkpoint:
            out.append((at, p))
    out.sort(key=lambda x: (x[0], x[1].url))
    return out


def check_unreachable(inp: SiteInput, profile: Profile) -> list[Finding]:
    """availability.unreachable: failed probes / probes in the window ≥ the profile's ratio."""
    a = profile.availability
    probes = _window_probes(inp, profile)
    if len(probes) < a.min_probes:
        return []
    failed = [(at, p) for at, p in probes if not p.ok or p.elapsed_ms > a.timeout_s * 1000]
    ratio = len(failed) / len(probes)
    if ratio < a.fail_ratio_gte:
        return []
    last = failed[-1][0]
    return [
        site_finding(
            inp,
            "availability.unreachable",
            f"监测时间点前{a.window_days}天内首页访问{len(probes)}次，失败{len(failed)}次，"
            f"失败率{ratio:.1%}（不低于{a.fail_ratio_gte:.0%}）",
            url=inp.site.home_url,
            captured_at=last,
            detail={
                "attempts": len(probes),
                "failures": len(failed),
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


def check_homepage_down(inp: SiteInput, profile: Profile) -> list[Finding]:
    """availability.homepage_down: the homepage failed during the crawl and no probe series judges it."""
    if len(_window_probes(inp, profile)) >= profile.availability.min_probes:
        return []
    hp = inp.homepage()
    if hp is None:
        return []
    rec = hp.record
    ok = rec.error is None and rec.status is not None and 200 <= rec.status < 400
    if ok:
        return []
    return [
        site_finding(
            inp,
            "availability.homepage_down",
            f"检查期间首页无法访问：{error_text(rec.error, rec.status)}",
            url=rec.url,
            captured_at=rec.fetched_at,
            detail={"status": rec.status, "error": rec.error, "elapsed_ms": rec.elapsed_ms},
        )
    ]


CHECKS = {
    "availability.unreachable": check_unreachable,
    "availability.homepage_down": check_homepage_down,
}
