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
Progress = Callable[[Target, str], None]  # called with (target, "done" | "failed" | "skipped")


@dataclass
class RunReport:
    done: list[Target] = field(default_factory=list)
    skipped: list[Target] = field(default_factory=list)
    failed: dict[Target, str] = field(default_factory=dict)


async def run_targets(
    store: Store,
    round_name: str,
    targets: Sequence[Target],
    task: Task,
    *,
    concurrency: int = 8,
    progress: Progress | None = None,
) -> RunReport:
    """Run `task` for every target not yet done, at most `concurrency` at a time."""
    store.ensure_targets(round_name, targets)
    status = store.target_status(round_name)
    report = RunReport()
    sem = asyncio.Semaphore(max(1, concurrency))

    async def one(t: Target) -> None:
        if status.get(t) == "done":
            report.skipped.append(t)
            if progress:
                progress(t, "skipped")
            return
        async with sem:
            store.mark_target(round_name, t[0], t[1], "running")
            try:
                info = await task(*t)
            except Exception as e:  # one broken target never stops the round
                log.exception("target %s failed", t)
                err = f"{type(e).__name__}: {e}"
                store.mark_target(
                    round_name, t[0], t[1], "failed", error=err + "\n" + traceback.format_exc(limit=5)
                )
                report.failed[t] = err
                if progress:
                    progress(t, "failed")
                return
            store.mark_target(round_name, t[0], t[1], "done", info=info or None)
            report.done.append(t)
            if progress:
                progress(t, "done")

    await asyncio.gather(*(one(t) for t in targets))
    return report
