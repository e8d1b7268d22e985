"""A round built from monitoring: each target's latest full check as of the checkpoint, judged again.

The weekly 全面检查 of continuous monitoring is a round of its own (监测YYYYMMDDHHMM) with a crawl of
every site and the feed of every account. A round whose source is 常态化监测 fetches nothing: it takes
the newest such check of each target at or before its checkpoint (no older than office.yaml's
`monitor.round_snapshot_days`), links its archive into the round's own directory and runs the round's
checks at the round's checkpoint, with the probe series of the window as every round does. A target
without a usable check is 待核实 with the reason (fail closed; docs/decisions/0022).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

from govinspect import model as m
from govinspect.jobs.context import RoundContext
from govinspect.jobs.pipeline import judge_site, snapshot_complete
from govinspect.jobs.runner import NotJudged
from govinspect.store import MonitorSnapshotRow, MonitorStore

RUN = "govinspect schedule run 每周全面检查"


def latest_check(ctx: RoundContext, key: str) -> MonitorSnapshotRow:
    """The target's newest weekly check at or before the checkpoint, within the allowed age."""
    days = ctx.office.monitor.round_snapshot_days
    row = MonitorStore(ctx.store).latest_snapshot("weekly", key, ctx.round.checkpoint)
    at = ctx.round.checkpoint
    if row is None:
        raise NotJudged(
            f"监测数据中没有该对象在监测时间点（{at:%Y-%m-%d %H:%M}）前的全面检查记录（运行 {RUN}，或改为重新抓取）"
        )
    if row.at < at - dt.timedelta(days=days):
        raise NotJudged(
            f"最近一次全面检查（{row.at.astimezone(m.TZ):%Y-%m-%d %H:%M}）早于监测时间点前 {days} 天，"
            f"监测数据已过期（运行 {RUN}，或改为重新抓取）"
        )
    return row


async def take_from_monitoring(ctx: RoundContext, kind: m.TargetKind, key: str) -> dict[str, Any]:
    """The task function of a round built from monitoring: one target from its latest check."""
    row = latest_check(ctx, key)
    source = dataclasses.replace(ctx, round=ctx.round.model_copy(update={"name": row.data["round"]}))
    info: dict[str, Any] = {"source": m.RoundSource.MONITORING.value, "monitoring_round": row.data["round"],
                            "captured_at": row.at.isoformat()}  # fmt: skip
    when = f"{row.at.astimezone(m.TZ):%Y-%m-%d %H:%M}"
    if kind == m.TargetKind.SITE:
        if not snapshot_complete(source, key):
            raise NotJudged(f"最近一次全面检查（{when}）未能完整抓取该网站，监测数据不足以判定")
        _link_tree(source.snapshot_dir(key), ctx.snapshot_dir(key))
        _link_file(source.home_attempts_file(key), ctx.home_attempts_file(key))
        return {"snapshot": str(ctx.snapshot_dir(key)), **info, **judge_site(ctx, key)}
    feed = source.feed_file(key)
    if not feed.exists():
        raise NotJudged(f"最近一次全面检查（{when}）未能读取该账号的发布记录，监测数据不足以判定")
    _link_file(feed, ctx.feed_file(key))
    _link_file(feed.with_suffix(".links.json"), ctx.feed_file(key).with_suffix(".links.json"))
    return info


def _link_tree(src: Path, dst: Path) -> None:
    """The round's own copy of an archive: hard links where the file system allows (archives are never rewritten)."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, copy_function=_link)


def _link_file(src: Path, dst: Path) -> None:
    if not src.exists():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.unlink(missing_ok=True)
    _link(str(src), str(dst))


def _link(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system, or links not allowed: a copy
        shutil.copy2(src, dst)
