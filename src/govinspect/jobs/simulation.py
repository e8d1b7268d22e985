"""A round on a simulated jurisdiction, set up the way an office sets up a real one.

The 底账 is written as XLSX and imported like a user's; the office settings come from the
scenario. A real office also probes home pages for a week before the 监测时间点 and records
what its inspectors saw by eye: here the week is replayed in seconds (the probes really go
to the simulator; their times are laid out over the week before the checkpoint), and the
inspector's record is the ground truth's manual faults, imported through the same XLSX path
a user takes. Used by `govinspect demo`, the end-to-end tests and the benchmarks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from openpyxl import Workbook
from rich.console import Console

from govinspect import model as m
from govinspect.config import OfficeConfig, Settings, save_office_config
from govinspect.store import Store

# Loopback sites can take more than a real government server; robots.txt stays obeyed.
SIM_CRAWL = {"per_host_concurrency": 8, "per_host_rate": None, "feed_concurrency": 8, "feed_rate": None,
             "external_rate": None, "retries": 1}  # fmt: skip


def sim_crawl(ca_file: str | None) -> dict[str, Any]:
    """The crawl overrides of a simulated round: SIM_CRAWL, trusting the simulator's root when it serves https."""
    return {**SIM_CRAWL, "ca_file": ca_file} if ca_file else dict(SIM_CRAWL)


def office_config_of(scenario: Any) -> OfficeConfig:
    """The office settings a scenario carries (issuer, 文号 or 期号, 政务服务 platform)."""
    issuer = scenario.issuer
    fields: dict[str, object] = {}
    if issuer.name:
        fields["name"] = issuer.name
    if issuer.date:
        fields["date"] = issuer.date.isoformat()
    if issuer.doc_no:
        fields["issue_no" if "期" in issuer.doc_no else "doc_number"] = issuer.doc_no
    for key in ("recipients", "send_to", "report_to"):
        if getattr(issuer, key):
            fields[key] = getattr(issuer, key)
    service = urlsplit(scenario.service_url or "").hostname
    cfg = OfficeConfig(
        jurisdiction=scenario.jurisdiction,
        service_hosts=[service] if service else [],
        title=issuer.title,
        issuer=fields,
        template=issuer.template,
    )
    if issuer.sections is not None:
        cfg.sections = list(issuer.sections)
    return cfg


def set_up_round(
    settings: Settings, world: Any, name: str, console: Console | None = None
) -> tuple[Store, m.Round]:
    """Import the world's 底账 through XLSX, write office.yaml and create the round."""
    from govinspect.registry import read_registry, write_registry_xlsx

    sc = world.scenario
    store = Store(settings.db_url())
    store.migrate()
    ledger = write_registry_xlsx(world.registry(), settings.data_dir / "台账.xlsx")
    store.save_registry(read_registry([ledger], known_units=store.unit_names()))
    save_office_config(settings, office_config_of(sc))
    rnd = m.Round(name=name, checkpoint=m.checkpoint_at(sc.checkpoint), profile=sc.profile)
    store.create_round(rnd)
    if console:
        console.print(f"已导入台账：{ledger}")
        console.print(f"检查轮次 {name}，监测时间点 {sc.checkpoint}，指标 {sc.profile}。")
    return store, rnd


async def prepare_round(
    store: Store,
    world: Any,
    rnd: m.Round,
    host_map: dict[str, str],
    data: Path,
    console: Console | None = None,
) -> None:
    """Before the round: a week of availability probes and the inspector's 人工 record."""
    from govinspect.jobs.records import read_manual_findings
    from govinspect.rules.profile import load_profile

    timeout_s = load_profile(rnd.profile).availability.timeout_s
    n = await replay_probe_week(store, list(world.sites), rnd.checkpoint, host_map, timeout_s)
    if console:
        console.print(f"可用性监测：监测时间点前 7 天，每站每天 20 次，共 {n} 次（仿真回放）。")
    sheet = write_inspector_sheet(world.ground_truth, data / "人工检查记录.xlsx", rnd.checkpoint)
    if sheet is not None:
        found = read_manual_findings(sheet, store.load_registry())
        store.add_findings(rnd.name, found)
        if console:
            console.print(f"已导入人工检查记录 {len(found)} 条：{sheet}")


async def replay_probe_week(
    store: Store,
    sites: list[m.Site],
    checkpoint: dt.datetime,
    host_map: dict[str, str],
    timeout_s: float,
    *,
    per_day: int = 20,
    days: int = 7,
) -> int:
    """Probe each home page per_day × days times now, stored as spread over the week before checkpoint."""
    from govinspect.crawl.probe import probe_once

    by_url = {s.home_url: s for s in sites}
    got: dict[str, list[Any]] = defaultdict(list)
    count = per_day * days
    gate = asyncio.Semaphore(64)

    async def probe(url: str) -> None:
        async with gate:
            got[url].append(await probe_once(url, host_map, timeout_s))

    # Probes of one site overlap here (the replay compresses a week); each is still one real request.
    await asyncio.gather(*(probe(url) for url in by_url for _ in range(count)))
    start = checkpoint - dt.timedelta(days=days)
    step = dt.timedelta(days=days) / count
    for url, results in got.items():
        store.add_probes(by_url[url].code, [(start + step * (i + 1), r) for i, r in enumerate(results)])
    return sum(len(v) for v in got.values())


def write_inspector_sheet(ground_truth: list[Any], path: Path, checkpoint: dt.datetime) -> Path | None:
    """The 人工检查记录 XLSX for the planted faults only an inspector's eye can see."""
    rows = [g for g in ground_truth if g.detail.get("manual") and g.check]
    if not rows:
        return None
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["对象类型", "对象", "指标代码", "问题描述", "网址", "检查时间", "检查人"])
    for g in rows:
        ws.append(
            [
                g.target_kind.value,
                g.target,
                g.check,
                g.detail.get("message") or "首页排版混乱错位",
                g.detail.get("url", ""),
                checkpoint.strftime("%Y-%m-%d %H:%M"),
                "检查组",
            ]
        )
    wb.save(path)
    return path
