"""What an inspection office does around a round, played against the simulator.

A real office probes home pages for a week before the 监测时间点 and records what its
inspectors saw by eye. On a simulated jurisdiction the week is replayed in seconds (the
probes really go to the simulator; their times are laid out over the week before the
checkpoint), and the inspector's record is the ground truth's manual faults, imported
through the same XLSX path a user takes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from govinspect import model as m
from govinspect.store import Store


async def replay_probe_week(
    store: Store,
    sites: list[m.Site],
    checkpoint: dt.datetime,
    host_map: dict[str, str],
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
            got[url].append(await probe_once(url, host_map))

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
