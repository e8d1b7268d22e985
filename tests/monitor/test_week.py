"""A week of monitoring of the demo county under an injected clock, against the simulator on loopback.

The clock (time-machine) walks from 2023-06-20 00:00 to 06-27 00:00 in 30-minute steps; each step is
one scheduler tick. 李营镇's 乡镇动态 (newest item 06-15, window 2 weeks, stale from 06-30) crosses
its warning day (5 days ahead) on 06-25, a make-up working day after the 端午 holiday; 柳泉铺镇's site is down 06-24 10:00–12:00 (a
holiday Saturday, outside the sending window, but 首页无法访问 is urgent).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from govinspect import model as m
from govinspect.config import (
    MonitorConfig,
    OfficeConfig,
    Recipient,
    Settings,
    WarningThresholds,
    save_office_config,
)
from govinspect.jobs.monitoring import Monitor, ensure_default_schedules, run_schedule, tick
from govinspect.jobs.simulation import SIM_CRAWL
from govinspect.monitor import current_conditions, in_window
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import SimServer, start
from govinspect.sim.world import build_world
from govinspect.store import MonitorStore, Store

ROOT = Path(__file__).resolve().parents[2]
SITES = ("4190010018", "4190010022", "4190010025")  # 白庄镇 (healthy), 李营镇, 柳泉铺镇
START = dt.datetime(2023, 6, 20, 0, 0, tzinfo=m.TZ)
DOWN = (dt.datetime(2023, 6, 24, 10, 0, tzinfo=m.TZ), dt.datetime(2023, 6, 24, 12, 0, tzinfo=m.TZ))


@pytest.fixture(scope="module")
def county() -> Iterator[SimServer]:
    world = build_world(load_scenario(ROOT / "scenarios" / "demo-county.yaml"))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(start(world), loop).result(30)
    yield server
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def test_a_week_of_monitoring(county: SimServer, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    reg = county.world.registry()
    sites = tuple(s.model_copy(update={"crawl": dict(SIM_CRAWL)}) for s in reg.sites if s.code in SITES)
    units = {s.unit for s in sites}
    accounts = tuple(a for a in reg.accounts if a.unit in units)
    store.save_registry(reg.model_copy(update={"sites": sites, "accounts": accounts}))
    cfg = MonitorConfig(
        profile=county.world.scenario.profile,
        warnings=WarningThresholds(window_lead_days=5),
        recipients=[
            Recipient(unit=u, name=f"{u}负责人", email=f"{i}@meixi.gov.cn")
            for i, u in enumerate(sorted(units))
        ],
    )
    save_office_config(settings, OfficeConfig(monitor=cfg))
    sent: list[tuple[dt.datetime, str, str, str]] = []

    def mail(to: str, title: str, text: str) -> None:
        sent.append((dt.datetime.now(m.TZ), to, title, text))

    down_host = next(s for s in sites if s.code == "4190010025").home_url.split("/")[2]
    with time_machine.travel(START, tick=False) as clock:
        mon = Monitor.open(settings, store, county.host_map)
        mon.send = {"email": mail}
        ensure_default_schedules(store, START)
        at = START
        while at < START + dt.timedelta(days=7):
            clock.move_to(at)
            if DOWN[0] <= at < DOWN[1]:
                county.down_hosts.add(down_host)
            else:
                county.down_hosts.discard(down_host)
            tick(mon, at)
            at += dt.timedelta(minutes=30)

    ms = MonitorStore(store)
    # probes every 30 minutes, daily and weekly passes on time
    probes = store.probes("4190010022", START, START + dt.timedelta(days=7))
    assert len(probes) == 7 * 48 - 1  # from 00:30 on the first day (48 a day, above the national 20)
    assert len(ms.runs("每日巡检")) == 7
    weekly = ms.runs("每周全面检查")
    assert [r.started_at for r in weekly] == [dt.datetime(2023, 6, 26, 1, 0, tzinfo=m.TZ)]
    assert weekly[0].outcome == "成功" and weekly[0].produced == len(sites) + len(accounts)
    assert all(r.outcome == "成功" for r in ms.runs("首页可用性监测", limit=400))

    # a site down for two hours: one alert and one recovery, not four
    down_mail = [s for s in sent if "柳泉铺镇" in s[3] and "无法访问" in s[3]]
    assert [t.split("】")[0] for _, _, t, _ in down_mail] == ["【网站监测预警", "【预警解除"]
    assert DOWN[0] < down_mail[0][0] < DOWN[1]  # urgent: sent on the holiday Saturday
    assert down_mail[1][0] >= DOWN[1]

    # a column crossing its warning day: one alert, on the make-up working day 06-25 in the window
    column_mail = [s for s in sent if "乡镇动态" in s[3]]
    assert len(column_mail) == 1
    assert column_mail[0][0] == dt.datetime(2023, 6, 25, 8, 0, tzinfo=m.TZ)
    assert "李营镇" in column_mail[0][3]

    # nothing outside the window except urgent rules
    log = sorted(
        (s for s in ms.sends(limit=None) if s.channel == "email" and s.state == "成功"), key=lambda s: s.id
    )
    assert len(log) == len(sent)
    assert [s.title for s in log if s.sent_at and not in_window(s.sent_at, cfg.alerts)] == [
        d[2] for d in down_mail
    ]
    assert all(s.urgent for s in log if s.sent_at and not in_window(s.sent_at, cfg.alerts))

    # every unit's bell has its alerts; the healthy site raised nothing
    assert not [c for c in ms.conditions(active=None) if c.target == "4190010018"]


def test_a_tampered_home_page_alerts_until_its_new_page_is_confirmed(
    county: SimServer, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    reg = county.world.registry()
    site = next(s for s in reg.sites if s.code == "4190010018")
    store.save_registry(reg.model_copy(update={"sites": (site,), "accounts": ()}))
    save_office_config(settings, OfficeConfig(monitor=MonitorConfig(profile=county.world.scenario.profile)))
    mon = Monitor.open(settings, store, county.host_map)
    ms = MonitorStore(store)
    host = site.home_url.split("/")[2]
    original = county.world.responses[host]["/"]

    def daily(day: int) -> list[str]:
        at = START + dt.timedelta(days=day, hours=6)
        assert run_schedule(mon, "每日巡检", at) == "成功"
        return [
            c.message
            for c in current_conditions(store, store.load_registry(), mon.profile, cfg, at)
            if c.rule == "tamper"
        ]

    cfg = mon.office.monitor
    ensure_default_schedules(store, START)
    assert daily(0) == []  # the first look is the baseline
    assert (
        ms.latest_snapshots("baseline", START + dt.timedelta(days=1))["4190010018"].data["confirmed_by"]
        == "首次监测"
    )
    planted = original.body.replace(b"</body>", "<p>澳门百家乐官网 真人娱乐城 在线开户</p></body>".encode())
    county.world.responses[host]["/"] = dataclasses.replace(original, body=planted)
    try:
        [found] = daily(1)
        assert "百家乐" in found and "“澳门百家乐官网”" in found
        assert daily(2) == [found]  # still there the next day
        ms.confirm_baselines(["4190010018"], "督查员", START + dt.timedelta(days=2, hours=7))
        assert daily(3) == []  # an inspector said this page is the site's own
    finally:
        county.world.responses[host]["/"] = original
