"""Continuous monitoring at work: the scheduled jobs, one `tick` of the scheduler, and APScheduler.

Each tick runs the schedules that are due (rows in the store), stores what they saw as dated
snapshots, re-reads the 预警 conditions, queues alerts and sends what is due. APScheduler only calls
the tick's two halves every minute, the crawls in a thread of their own (`start_scheduler` in the
web process, `run_foreground` for `govinspect monitor`); the schedules' own times are the store's,
so an edited schedule takes effect at the next tick and a restarted process picks up where the last
one stopped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from govinspect import model as m
from govinspect.config import OfficeConfig, Settings, load_office_config
from govinspect.crawl import (
    CrawlSettings,
    Fetcher,
    HostMap,
    Politeness,
    make_session,
    probe_once,
    url_problem,
)
from govinspect.extract import decode_html, extract_page, outlinks
from govinspect.feeds import FeedError, parse_feed
from govinspect.jobs.lock import LEASE_S, SchedulerLease
from govinspect.monitor import (
    DEFAULT_SCHEDULES,
    Sender,
    SmsSender,
    compare,
    current_conditions,
    deliver_due,
    fingerprint,
    next_run,
    read_certificate,
    reconcile,
    senders,
    target_names,
)
from govinspect.rules import Profile, load_profile
from govinspect.store import AlertSendRow, MonitorStore, Store

log = logging.getLogger(__name__)


@dataclass
class Monitor:
    """What the jobs share: settings, store, host map (simulations) and the alert senders."""

    settings: Settings
    store: Store
    office: OfficeConfig
    profile: Profile
    host_map: dict[str, str] | None = None
    send: dict[str, Sender] = field(default_factory=dict)
    sms: SmsSender | None = None

    @classmethod
    def open(
        cls,
        settings: Settings,
        store: Store,
        host_map: dict[str, str] | None = None,
        sms: SmsSender | None = None,
    ) -> Monitor:
        """The office's monitoring settings, profile and senders (office.yaml `monitor`)."""
        office = load_office_config(settings)
        profile = load_profile(office.monitor.profile)
        return cls(settings, store, office, profile, host_map, senders(office.monitor, sms), sms)

    def reload(self) -> None:
        """Re-read office.yaml and the profile, so that edited settings apply from the next tick."""
        self.office = load_office_config(self.settings)
        self.profile = load_profile(self.office.monitor.profile)
        self.send = senders(self.office.monitor, self.sms)

    def running_sites(self, reg: m.Registry) -> list[m.Site]:
        return [
            s
            for s in reg.sites
            if s.status == m.SiteStatus.RUNNING and not url_problem(s.home_url, self.host_map)
        ]


def _now() -> dt.datetime:
    return dt.datetime.now(m.TZ)


# -- jobs ------------------------------------------------------------------------------


async def probe_job(mon: Monitor, reg: m.Registry, at: dt.datetime) -> int:
    """One probe of every running site's home page, stored with the probes the rounds read."""
    sites = mon.running_sites(reg)
    timeout = mon.profile.availability.timeout_s
    results = await asyncio.gather(*(probe_once(s.home_url, mon.host_map, timeout) for s in sites))
    for site, res in zip(sites, results, strict=True):
        mon.store.add_probes(site.code, [(at, res)])
    return len(results)


def _fetch_settings(timeout_s: float) -> CrawlSettings:
    return CrawlSettings(total_timeout=timeout_s, connect_timeout=min(timeout_s, 10.0), read_timeout=timeout_s,
                         retries=1, per_host_rate=None, external_rate=None)  # fmt: skip


async def _site_pass(
    fetcher: Fetcher, site: m.Site, host_map: dict[str, str] | None, baseline: dict[str, Any] | None
) -> dict[str, Any]:
    """Newest dates of the home page and of each registered column (None where unreadable), the home
    page's fingerprint and its change from the confirmed baseline, and an https home page's certificate."""
    home = await fetcher.fetch(site.home_url, max_bytes=4 * 1024 * 1024)
    home_newest = None
    home_print = tamper = None
    if home.error is None and home.status is not None and home.status < 400:
        facts = extract_page(home.final_url, home.content, home.headers, home=True)
        home_newest = facts.list.page_newest_date if facts.list is not None else None
        links = [o.url for o in outlinks(home.final_url, decode_html(home.content, home.headers)[0])]
        home_print = fingerprint(facts.text, links)
        tamper = compare(baseline, facts.text, links) if baseline is not None else None
    columns = []
    for col in site.columns:
        if not col.registered:
            continue
        res = await fetcher.fetch(col.url, max_bytes=4 * 1024 * 1024)
        newest = None
        if res.error is None and res.status is not None and res.status < 400:
            lst = extract_page(res.final_url, res.content, res.headers).list
            newest = lst.newest_date if lst is not None else None
        columns.append({"name": col.name, "url": col.url, "category": col.category.value, "level": col.level,
                        "newest": newest})  # fmt: skip
    cert = await read_certificate(site.home_url, host_map, fetcher.settings.connect_timeout)
    return {"home_ok": home.error is None, "home_newest": home_newest, "columns": columns, "cert": cert,
            "home_print": home_print, "tamper": tamper}  # fmt: skip


async def _account_pass(fetcher: Fetcher, store: Store, acc: m.Account) -> dict[str, Any]:
    """Date of the account's newest post: from its feed when it has one, else from stored posts."""
    posts = []
    if acc.feed_url:
        res = await fetcher.fetch(acc.feed_url, max_bytes=4 * 1024 * 1024)
        if res.error is None and res.status is not None and res.status < 400:
            try:
                posts = parse_feed(res.content, acc.key, res.headers.get("content-type"), res.final_url)
            except FeedError:
                posts = []
    if posts:
        return {"last_post": posts[0].published.date().isoformat(), "source": "feed"}
    stored = store.posts(acc.key)
    last = max((p.published for p in stored), default=None)
    return {"last_post": last.date().isoformat() if last else None, "source": "store"}


async def daily_job(mon: Monitor, reg: m.Registry, at: dt.datetime) -> int:
    """Home page, registered columns and account feeds of every target: one dated snapshot each."""
    settings = _fetch_settings(mon.profile.availability.timeout_s)
    hosts = HostMap(mon.host_map, offline=mon.host_map is not None)
    rows: list[tuple[str, str, dt.datetime, dict[str, Any]]] = []
    baselines: list[tuple[str, str, dt.datetime, dict[str, Any]]] = []
    async with make_session(hosts, settings.user_agent, cookies=False) as session:
        fetcher = Fetcher(session, settings, hosts, Politeness(settings, set()))
        sites = mon.running_sites(reg)
        base = {k: v.data for k, v in MonitorStore(mon.store).latest_snapshots("baseline", at).items()}
        passes = await asyncio.gather(
            *(_site_pass(fetcher, s, mon.host_map, base.get(s.code)) for s in sites)
        )
        for site, data in zip(sites, passes, strict=True):
            rows.append((m.TargetKind.SITE.value, site.code, at, data))
            if site.code not in base and data["home_print"] is not None:  # the first look is the baseline
                baselines.append(
                    (
                        m.TargetKind.SITE.value,
                        site.code,
                        at,
                        {**data["home_print"], "confirmed_by": "首次监测"},
                    )
                )
        accs = reg.accounts
        for acc, data in zip(
            accs, await asyncio.gather(*(_account_pass(fetcher, mon.store, a) for a in accs)), strict=True
        ):
            rows.append((m.TargetKind.ACCOUNT.value, acc.key, at, data))
    MonitorStore(mon.store).add_snapshots("baseline", baselines)
    return MonitorStore(mon.store).add_snapshots("daily", rows)


async def weekly_job(mon: Monitor, reg: m.Registry, at: dt.datetime) -> int:
    """A full check of every target as a round of its own (监测YYYYMMDDHHMM); its verdicts are snapshots."""
    from govinspect.jobs.pipeline import run_round

    name = f"监测{at:%Y%m%d%H%M}"
    mon.store.create_round(m.Round(name=name, checkpoint=at, profile=mon.office.monitor.profile))
    results = await run_round(mon.settings, mon.store, name, host_map=mon.host_map)
    rows = []
    for r in results:
        vetoes = [_rule_name(mon.profile, v, r.target_kind == m.TargetKind.ACCOUNT) for v in r.vetoes]
        security = [f.message for f in r.findings if f.code.startswith("security.")]
        data = {"round": name, "verdict": r.verdict.value, "vetoes": vetoes, "security": security}
        rows.append((r.target_kind.value, r.target, at, data))
    return MonitorStore(mon.store).add_snapshots("weekly", rows)


def _rule_name(profile: Profile, code: str, media: bool) -> str:
    rule = profile.rule_for(code, media=media)
    return rule.name if rule is not None and rule.name else code


async def rectify_job(mon: Monitor, reg: m.Registry, at: dt.datetime) -> int:
    """The nightly 整改 中期复查 (`jobs.recheck.recheck_due_tasks`); how many tasks were re-checked."""
    from govinspect.jobs.recheck import recheck_due_tasks

    return len(await recheck_due_tasks(mon.settings, mon.store, at, host_map=mon.host_map))


async def digest_job(mon: Monitor, reg: m.Registry, at: dt.datetime) -> int:
    """The office's daily roll-up by e-mail: open 预警 by rule and the last day's messages."""
    to = mon.office.monitor.alerts.digest_email
    ms = MonitorStore(mon.store)
    open_rows = ms.conditions(active=True)
    lines = [f"截至 {at:%Y-%m-%d %H:%M}，未解除的预警 {len(open_rows)} 条："]
    names = target_names(reg)
    lines += [f"- {r.unit or '监测系统'} {names.get(r.target, r.target)}：{r.message}" for r in open_rows]
    since = at - dt.timedelta(days=1)
    sent = [s for s in ms.sends(limit=None) if s.created_at >= since and s.event != "汇总"]
    by_state: dict[str, int] = {}
    for s in sent:
        by_state[s.state] = by_state.get(s.state, 0) + 1
    lines.append("近 24 小时消息：" + ("，".join(f"{k} {v} 条" for k, v in by_state.items()) or "无"))
    if to:
        ms.add_send(
            AlertSendRow(condition_key=f"digest|{at:%Y-%m-%d}", event="汇总", unit="", urgent=False,
                         channel="email", recipient=to, title=f"【网站监测日报】{at:%Y年%m月%d日}",
                         text="\n".join(lines), state="待发送", attempts=0, not_before=at, created_at=at)
        )  # fmt: skip
    return 1


JOB_FUNCS = {
    "probe": probe_job,
    "daily": daily_job,
    "weekly": weekly_job,
    "rectify": rectify_job,
    "digest": digest_job,
}
LONG_JOBS = frozenset({"daily", "weekly"})  # crawls: run beside the probes, never in their way


# -- the scheduler ---------------------------------------------------------------------


def ensure_default_schedules(store: Store, now: dt.datetime) -> int:
    """Add the default schedules missing from the store; returns how many were added."""
    return MonitorStore(store).add_missing_schedules(
        (d.name, d.job, d.trigger, next_run(d.trigger, now)) for d in DEFAULT_SCHEDULES
    )


def run_schedule(mon: Monitor, name: str, now: dt.datetime) -> str:
    """Run one schedule now and record the run in its history; returns the outcome (成功 / 失败)."""
    ms = MonitorStore(mon.store)
    row = ms.schedule(name)
    started = time.monotonic()
    produced, error = 0, None
    try:
        produced = asyncio.run(JOB_FUNCS[row.job](mon, mon.store.load_registry(), now))
        outcome = "成功"
    except Exception as exc:  # a failed run is recorded and the next one still happens
        log.exception("计划任务“%s”运行失败", name)
        outcome, error = "失败", f"{type(exc).__name__}：{exc}"[:500]
    ms.record_run(name, now, time.monotonic() - started, outcome, produced, error, next_run(row.trigger, now))
    return outcome


ScheduleRun = Callable[[Monitor, str, dt.datetime], str]


def run_due(
    mon: Monitor, now: dt.datetime, jobs: frozenset[str] | None = None, run: ScheduleRun = run_schedule
) -> list[str]:
    """Run the enabled schedules whose time has come (of these jobs only, when given); their names."""
    ran = []
    for s in MonitorStore(mon.store).schedules():
        due = s.enabled and s.next_run is not None and s.next_run <= now
        if due and (jobs is None or s.job in jobs):
            run(mon, s.name, now)
            ran.append(s.name)
    return ran


def react(mon: Monitor, now: dt.datetime) -> None:
    """Re-read the 预警 conditions, queue alerts for what opened or cleared, send what is due."""
    ms = MonitorStore(mon.store)
    reg = mon.store.load_registry()
    found = current_conditions(mon.store, reg, mon.profile, mon.office.monitor, now)
    reconcile(ms, mon.office.monitor, found, target_names(reg), now)
    deliver_due(ms, mon.office.monitor, mon.send, now)


def tick(mon: Monitor, now: dt.datetime | None = None) -> list[str]:
    """Run everything that is due, then react; returns the names of the schedules that ran."""
    now = now or _now()
    ran = run_due(mon, now)
    react(mon, now)
    return ran


def _scheduler(blocking: bool, mon: Monitor) -> Any:
    """Two APScheduler jobs a minute apart in their own threads: the crawls (daily, weekly), and the
    rest with the one `react` (so a long crawl never delays probes or alerts, and alerts are queued
    by one thread only). Both run only while this process holds the store's `SchedulerLease`, which a
    third job renews; the lease is released when the scheduler shuts down."""
    from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    short = frozenset(JOB_FUNCS) - LONG_JOBS
    lease = SchedulerLease(mon.store)

    def quick() -> None:
        if not lease.hold():
            return
        now = _now()
        mon.reload()
        run_due(mon, now, short)
        react(mon, now)

    runner = crawl_runner(mon)

    def crawls() -> None:
        if lease.hold():
            run_due(mon, _now(), LONG_JOBS, runner)

    cls = BlockingScheduler if blocking else BackgroundScheduler
    sched = cls(timezone=m.TZ)
    every = {
        "trigger": "interval",
        "minutes": 1,
        "max_instances": 1,
        "coalesce": True,
        "next_run_time": _now(),
    }
    sched.add_job(quick, id="govinspect-monitor", **every)
    sched.add_job(crawls, id="govinspect-crawls", **every)
    beat = {**every, "minutes": 0, "seconds": int(LEASE_S // 3)}
    sched.add_job(lease.hold, id="govinspect-lease", **beat)
    sched.add_listener(lambda _event: lease.release(), EVENT_SCHEDULER_SHUTDOWN)
    return sched


def crawl_runner(mon: Monitor) -> ScheduleRun:
    """Where the crawls (daily, weekly) run: on the workers when a task queue is configured, else here."""
    if not mon.settings.broker_url:
        return run_schedule
    from govinspect.jobs.distributed import make_app, schedule_runner

    return schedule_runner(make_app(mon.settings), mon.host_map)


def start_scheduler(
    settings: Settings, host_map: dict[str, str] | None = None, sms: SmsSender | None = None
) -> Any:
    """Start the monitoring schedules in this process (background threads); returns the scheduler to shut down.

    `sms` is the office's SMS gateway, when it has one (no provider is built in)."""
    store = Store(settings.db_url())
    store.migrate()
    ensure_default_schedules(store, _now())
    sched = _scheduler(False, Monitor.open(settings, store, host_map, sms))
    sched.start()
    return sched


def run_foreground(
    settings: Settings, host_map: dict[str, str] | None = None, sms: SmsSender | None = None
) -> None:
    """Run the monitoring schedules in the foreground until interrupted (`govinspect monitor`)."""
    store = Store(settings.db_url())
    store.migrate()
    ensure_default_schedules(store, _now())
    _scheduler(True, Monitor.open(settings, store, host_map, sms)).start()
