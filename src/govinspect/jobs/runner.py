"""In-process runner: works on many targets at once and records progress in the store.

Targets already marked done are skipped, so an interrupted round resumes where it
stopped. The task function knows nothing of the runner; a distributed runner
(Celery) calls the same function per target.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govinspect.model import TargetKind
from govinspect.store import Store

log = logging.getLogger(__name__)

Target = tuple[TargetKind, str]
Task = Callable[[TargetKind, str], Awaitable[dict[str, Any] | None]]
Progress = Callable[[Target, str], None]  # called with (target, "started" | "done" | "failed" | "skipped")


class NotJudged(Exception):
    """A target's inspection could not complete for a reason the user can act on (Chinese message).

    The target is 待核实 with this reason; a later run tries it again.
    """


def failure_reason(e: BaseException) -> str:
    """The Chinese reason a failed target is 待核实: the message of a NotJudged, else the error."""
    if isinstance(e, NotJudged):
        return str(e)
    return f"检查程序出错（{type(e).__name__}: {e}）"


def reason_line(error: str | None) -> str:
    """The reason stored with a failed target, without the traceback that may follow it."""
    return (error or "").split("\n", 1)[0].strip() or "检查未完成"


@dataclass
class RunReport:
    done: list[Target] = field(default_factory=list)
    skipped: list[Target] = field(default_factory=list)
    failed: dict[Target, str] = field(default_factory=dict)


async def run_one(store: Store, round_name: str, target: Target, task: Task) -> dict[str, Any] | None:
    """Run one target's task, recording running / done / failed (with the error) in the store."""
    kind, key = target
    store.mark_target(round_name, kind, key, "running")
    try:
        info = await task(kind, key)
    except Exception as e:
        err = failure_reason(e)
        if isinstance(e, NotJudged):
            log.warning("target %s not judged: %s", target, e)
        else:
            log.exception("target %s failed", target)
            err += "\n" + traceback.format_exc(limit=5)
        store.mark_target(round_name, kind, key, "failed", error=err)
        raise
    store.mark_target(round_name, kind, key, "done", info=info or None)
    return info


async def run_targets(
    store: Store,
    round_name: str,
    targets: Sequence[Target],
    task: Task,
    *,
    concurrency: int = 8,
    progress: Progress | None = None,
) -> RunReport:
    """Run `task` for every target not yet done: at most `concurrency` sites at a time, and as many
    accounts beside them (accounts wait on their feed service's limits, so they keep a lane of their own
    instead of holding the sites' places)."""
    store.ensure_targets(round_name, targets)
    status = store.target_status(round_name)
    report = RunReport()
    lanes: dict[TargetKind, asyncio.Semaphore] = {}

    async def one(t: Target) -> None:
        if status.get(t) == "done":
            report.skipped.append(t)
            if progress:
                progress(t, "skipped")
            return
        async with lanes.setdefault(t[0], asyncio.Semaphore(max(1, concurrency))):
            if progress:
                progress(t, "started")
            try:
                await run_one(store, round_name, t, task)
            except Exception as e:  # one broken target never stops the round
                report.failed[t] = failure_reason(e)
                if progress:
                    progress(t, "failed")
                return
            report.done.append(t)
            if progress:
                progress(t, "done")

    await asyncio.gather(*(one(t) for t in targets))
    return report
