"""Celery runner: the same task function on worker processes, for rounds one machine cannot carry.

Workers share the store (PostgreSQL) and the data directory (a shared volume); Redis is the
broker. Progress is recorded exactly as by the in-process runner, so a round can be started
on one runner and finished on the other.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from celery import Celery, group

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.context import open_round, targets_in_scope
from govinspect.jobs.lock import round_lock
from govinspect.jobs.pipeline import finish_round, inspect_target
from govinspect.jobs.runner import run_one
from govinspect.store import Store

TASK = "govinspect.inspect_target"


def make_app(broker_url: str, backend_url: str | None = None) -> Celery:
    """A Celery app whose single task inspects one target of a round."""
    app = Celery("govinspect", broker=broker_url, backend=backend_url or broker_url)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,  # a worker killed mid-target leaves it for another worker
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
    )

    @app.task(name=TASK)  # type: ignore[untyped-decorator]
    def inspect_target_task(
        data_dir: str,
        database_url: str,
        round_name: str,
        kind: str,
        key: str,
        host_map: dict[str, str] | None = None,
        crawl_overrides: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        settings = Settings(data_dir=Path(data_dir), database_url=database_url)
        store = Store(settings.db_url())
        try:
            ctx = open_round(settings, store, round_name, host_map=host_map, crawl_overrides=crawl_overrides)
            target = (m.TargetKind(kind), key)
            return asyncio.run(run_one(store, round_name, target, lambda k, t: inspect_target(ctx, k, t)))
        finally:
            store.close()

    return app


def run_round_distributed(
    app: Celery,
    settings: Settings,
    store: Store,
    name: str,
    *,
    host_map: dict[str, str] | None = None,
    crawl_overrides: dict[str, Any] | None = None,
    timeout: float | None = None,
) -> list[m.TargetResult]:
    """Send every target not yet done to the workers, wait, then judge the round here.

    This process holds the round's lease while the workers run, so no other writer starts.
    """
    store.get_round(name)
    with round_lock(store, name, "run"):
        ctx = open_round(settings, store, name, host_map=host_map, crawl_overrides=crawl_overrides)
        store.set_round(name, status=m.RoundStatus.RUNNING)
        targets = targets_in_scope(ctx)
        store.ensure_targets(name, targets)
        status = store.target_status(name)
        pending = [t for t in targets if status.get(t) != "done"]
        task = app.tasks[TASK]
        job = group(
            task.s(
                str(settings.data_dir), settings.db_url(), name, kind.value, key, host_map, crawl_overrides
            )
            for kind, key in pending
        ).apply_async()
        job.get(timeout=timeout, propagate=False)
        failed = any(v == "failed" for v in store.target_status(name).values())
        return finish_round(ctx, targets, failed=failed)
