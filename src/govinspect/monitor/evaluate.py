"""The 预警 conditions open now, read off what monitoring stored: probes, the daily and weekly
snapshots, and the schedules themselves.

Snapshot data (written by the jobs in `govinspect.jobs.monitoring`):
- daily, site: {"home_newest": date|None, "columns": [{name, url, category, level, newest}], "cert": {...},
  "home_print": fingerprint, "tamper": comparison with the confirmed baseline (monitor.tamper)}
- daily, account: {"last_post": date|None}
- weekly, site/account: {"verdict": str, "vetoes": [名称, …], "security": [security.* finding messages]}
A date that could not be read raises no early warning: the round's own checks judge it (待核实).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from govinspect import model as m
from govinspect.config import MonitorConfig
from govinspect.monitor import rules as r
from govinspect.monitor.schedules import WATCHED_JOBS, is_stale, period
from govinspect.rules import Profile
from govinspect.store import MonitorStore, Store


def _date(v: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def probe_conditions(
    ms: MonitorStore, site: m.Site, profile: Profile, cfg: MonitorConfig, now: dt.datetime
) -> list[r.Condition]:
    """home_down and fail_ratio of one site; the ratio only over a full window of probes."""
    n = cfg.warnings.down_after_probes
    probes = [r.Probe(p.at, p.ok, p.error) for p in ms.last_probes(site.code, n, now)]
    out = [r.home_down(site.unit, site.code, site.name, probes, n)]
    days = profile.availability.window_days
    total, failed = ms.probe_counts(site.code, now - dt.timedelta(days=days), now)
    if total >= days * profile.availability.min_probes_per_day:
        out.append(
            r.fail_ratio(site.unit, site.code, site.name, total, failed, cfg.warnings.fail_ratio_warn,
                         profile.availability.fail_ratio_gte, days)
        )  # fmt: skip
    return [c for c in out if c is not None]


def column_conditions(
    site: m.Site, data: dict[str, Any], profile: Profile, cfg: MonitorConfig, today: dt.date
) -> list[r.Condition]:
    """column_due of the home page and each registered column with a window in the profile."""
    lead = cfg.warnings.window_lead_days
    out: list[r.Condition | None] = []
    home = _date(data.get("home_newest"))
    if home is not None:
        hw = profile.freshness.homepage
        out.append(
            r.column_due(site.unit, site.code, site.name, "首页", site.home_url, home, hw, lead, today)
        )
    for col in data.get("columns", []):
        window = profile.freshness.window_for(str(col.get("category", "")), int(col.get("level", 1)))
        newest = _date(col.get("newest"))
        if window is not None and newest is not None:
            out.append(
                r.column_due(site.unit, site.code, site.name, str(col["name"]), str(col["url"]), newest,
                             window, lead, today)
            )  # fmt: skip
    return [c for c in out if c is not None]


def cert_conditions(
    site: m.Site, data: dict[str, Any], cfg: MonitorConfig, now: dt.datetime
) -> list[r.Condition]:
    cert = data.get("cert") or {}
    if not cert:
        return []
    not_after = dt.datetime.fromisoformat(cert["not_after"]) if cert.get("not_after") else None
    c = r.cert_problem(site.unit, site.code, site.name, not_after, bool(cert.get("host_ok", True)),
                       cfg.warnings.cert_days, now)  # fmt: skip
    return [c] if c is not None else []


def schedule_conditions(ms: MonitorStore, now: dt.datetime) -> list[r.Condition]:
    """stale: enabled fetching schedules that produced nothing for more than twice their period."""
    out = []
    for s in ms.schedules():
        if (
            s.enabled
            and s.job in WATCHED_JOBS
            and is_stale(s.trigger, now, s.last_produced, ms.first_run(s.name), s.next_run)
        ):
            hours = period(s.trigger, now).total_seconds() / 3600
            out.append(r.stale_schedule(s.name, f"每 {hours:g} 小时"))
    return out


def current_conditions(
    store: Store, registry: m.Registry, profile: Profile, cfg: MonitorConfig, now: dt.datetime
) -> list[r.Condition]:
    """Every 预警 condition open as of `now`."""
    ms = MonitorStore(store)
    daily = ms.latest_snapshots("daily", now)
    weekly = ms.latest_snapshots("weekly", now)
    today = now.date()
    out: list[r.Condition] = []
    for site in registry.sites:
        if site.status != m.SiteStatus.RUNNING:
            continue
        out += probe_conditions(ms, site, profile, cfg, now)
        if site.code in daily:
            out += column_conditions(site, daily[site.code].data, profile, cfg, today)
            out += cert_conditions(site, daily[site.code].data, cfg, now)
            tamper = r.tampered(site.unit, site.code, site.name, daily[site.code].data.get("tamper"))
            out += [tamper] if tamper is not None else []
    quiet_window = profile.media.no_update_days
    for acc in registry.accounts:
        last = _date(daily[acc.key].data.get("last_post")) if acc.key in daily else None
        if last is not None:
            c = r.account_quiet(
                acc.unit, acc.key, acc.name, last, cfg.warnings.account_quiet_days, quiet_window, today
            )
            out += [c] if c is not None else []
    names = {s.code: (s.unit, s.name) for s in registry.sites} | {
        a.key: (a.unit, a.name) for a in registry.accounts
    }
    for target, snap in weekly.items():
        if target in names:
            unit, name = names[target]
            c = r.veto_found(unit, target, name, [str(v) for v in snap.data.get("vetoes", [])])
            sec = r.security_found(unit, target, name, [str(p) for p in snap.data.get("security", [])])
            out += [x for x in (c, sec) if x is not None]
    return out + schedule_conditions(ms, now)


def target_names(registry: m.Registry) -> dict[str, str]:
    """Display name of each site and account, by code / key."""
    return {s.code: s.name for s in registry.sites} | {a.key: a.name for a in registry.accounts}
