"""Celery runner: the same task function on worker processes, for rounds one machine cannot carry.

Workers share the store (PostgreSQL) and the data directory (a shared volume); Redis is the
broker. Progress is recorded exactly as by the in-process runner, so a round can be started
on one runner and finished on the other.

A target may be delivered twice (a worker killed mid-target, Redis restarted, the visibility
timeout passed): a target lock in Redis lets one worker at a time work on it — so a site is
crawled by one worker at a time and the per-host limits hold across the cluster — and a target
already done is not done again. A store that refuses connections makes the task try again later.

Sites travel one per task; the accounts in a few batches sent first, each batch a lane of its own
that reads its accounts side by side at their feed service's pace (as the in-process runner's account
lane), so the accounts neither wait behind the sites in the queue nor take the sites' places.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from celery import Celery, group
from rich.console import Console
from sqlalchemy.exc import InterfaceError, OperationalError

from govinspect import model as m
from govinspect.config import Settings
from govinspect.errors import UserError
from govinspect.jobs.context import RoundContext, open_round, run_order, targets_in_scope
from govinspect.jobs.lock import round_lock
from govinspect.jobs.pipeline import finish_round, inspect_target, target_name
from govinspect.jobs.progress import RoundProgress
from govinspect.jobs.runner import Target, run_one
from govinspect.store import Store

TASK = "govinspect.inspect_target"
ACCOUNTS_TASK = "govinspect.inspect_accounts"
SCHEDULE_TASK = "govinspect.run_schedule"
ACCOUNT_BATCHES = 2  # the round's accounts travel as this many tasks, each a lane of its own on a worker
ACCOUNTS_AT_ONCE = 16  # accounts of one batch in flight at once (their feed service's limits pace them)
LOCK_TTL_S = 15  # a dead worker's target lock lapses after this; a live one renews it every third
POLL_S = 1.0


def cluster_settings(settings: Settings) -> Settings:
    """The settings of a worker or a round sent to workers: Redis broker and PostgreSQL required."""
    if not settings.broker_url:
        raise UserError(
            "未配置任务队列：请设置环境变量 GOVINSPECT_BROKER_URL（Redis 地址，如 redis://主机:6379/0）"
        )
    if not settings.broker_url.startswith(("redis://", "rediss://")):
        raise UserError(f"任务队列地址“{settings.broker_url}”不是 Redis 地址（应以 redis:// 开头）")
    db = settings.database_url or ""
    if not db:
        raise UserError(
            "未配置共享数据库：多台机器协同检查需要 PostgreSQL，请设置环境变量 GOVINSPECT_DATABASE_URL"
            "（如 postgresql+psycopg://用户@主机/数据库）"
        )
    if db.startswith("sqlite"):
        raise UserError("SQLite 数据库不能由多台机器共用：请改用 PostgreSQL（GOVINSPECT_DATABASE_URL）")
    return settings


def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)


_RENEW = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) end return 0"
)
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


@contextmanager
def target_lock(client: Any, name: str) -> Iterator[bool]:
    """Hold a Redis lock while the block runs (renewed in a thread); yields whether it was acquired."""
    token = uuid.uuid4().hex
    if not client.set(name, token, nx=True, ex=LOCK_TTL_S):
        yield False
        return
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(LOCK_TTL_S / 3):
            with contextlib.suppress(Exception):  # Redis restarting: the next renewal tries again
                client.eval(_RENEW, 1, name, token, LOCK_TTL_S)

    keeper = threading.Thread(target=renew, daemon=True)
    keeper.start()
    try:
        yield True
    finally:
        stop.set()
        keeper.join()
        with contextlib.suppress(Exception):  # the lock lapses by itself
            client.eval(_RELEASE, 1, name, token)


_open: tuple[str, RoundContext] | None = None  # this worker process's round and the run it was opened for
_opening = threading.Lock()  # the worker's threads share it


def _round_context(
    settings: Settings,
    run_id: str | None,
    round_name: str,
    host_map: dict[str, str] | None,
    crawl_overrides: dict[str, Any] | None,
    homepage_retry_s: float | None,
) -> RoundContext:
    """The round opened once per worker process and run, as the in-process runner opens it once per run.

    Opening reads the registry and the profile: per target that costs more CPU than crawling a small site.
    A new run (each `round run --workers` has its own id) opens the round again with the registry of then;
    a task without a run id opens it for itself. The last run's store goes when its last task lets go of it.
    """
    global _open
    with _opening:
        if run_id and _open is not None and _open[0] == run_id:
            return _open[1]
        store = Store(settings.db_url())
        ctx = open_round(settings, store, round_name, host_map=host_map, crawl_overrides=crawl_overrides)
        ctx.homepage_retry_s = homepage_retry_s
        ctx.limits_url = settings.broker_url
        _open = (run_id or "", ctx)
        return ctx


def lock_name(ctx: RoundContext, kind: m.TargetKind, key: str) -> str:
    """What one worker at a time may work on: a site's host (a portal and its 信息公开平台 sections share
    the host's politeness limits, so the cluster crawls them one after another), or an account."""
    if kind == m.TargetKind.SITE:
        return f"govinspect:host:{urlsplit(ctx.site(key).home_url).netloc.lower()}"
    return f"govinspect:target:{ctx.round.name}:{kind.value}:{key}"


class Busy(Exception):
    """Another worker holds the target's lock (a second delivery, or another site on the same host)."""


def _transient() -> tuple[type[Exception], ...]:
    """The errors of a store or broker that drops out for a while: the task is sent again later."""
    import redis

    return OperationalError, InterfaceError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError


async def _inspect(ctx: RoundContext, client: Any, target: Target) -> dict[str, Any] | None:
    """Inspect one target under its cluster lock (`client`: Redis): its info, or the stored info when it
    was done already. Raises Busy when another worker holds the lock."""
    round_name = ctx.round.name
    with target_lock(client, lock_name(ctx, *target)) as mine:
        if not mine:
            raise Busy(target)
        if ctx.store.target_state(round_name, *target) == "done":
            return ctx.store.target_info(round_name, *target)
        return await run_one(ctx.store, round_name, target, lambda k, t: inspect_target(ctx, k, t))


def batch_lock_name(round_name: str, keys: list[str]) -> str:
    """The lock of one batch of accounts: the same for every delivery of it."""
    digest = hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:16]
    return f"govinspect:batch:{round_name}:{digest}"


async def inspect_batch(ctx: RoundContext, client: Any, keys: list[str]) -> int:
    """Inspect a batch of accounts, ACCOUNTS_AT_ONCE at a time; returns how many are done.

    An account locked elsewhere is tried again until it is done (its holder may have died: the lock
    lapses); one that fails is recorded as failed and the batch goes on; a store or broker that drops
    out ends the batch, to be sent again."""
    gate = asyncio.Semaphore(ACCOUNTS_AT_ONCE)
    transient = _transient()
    done = 0

    async def one(key: str) -> None:
        nonlocal done
        while True:
            async with gate:
                try:
                    await _inspect(ctx, client, (m.TargetKind.ACCOUNT, key))
                    done += 1
                    return
                except Busy:
                    pass
                except transient:
                    raise
                except Exception:  # recorded as failed by run_one: the others go on
                    return
            await asyncio.sleep(LOCK_TTL_S / 3)

    await asyncio.gather(*(one(k) for k in keys))
    return done


def make_app(settings: Settings) -> Celery:
    """A Celery app for these settings' broker; its tasks inspect one target or run one schedule.

    The worker's own settings say where the store and the data directory are."""
    broker = cluster_settings(settings).broker_url
    assert broker is not None
    app = Celery("govinspect", broker=broker, backend=broker)
    # a target taken and never acknowledged (its worker died) is sent again; a duplicate of one still
    # running waits for the target lock, then finds it done
    transport = {"visibility_timeout": settings.task_visibility_s, "unacked_restore_interval": 5,
                 "unacked_restore_throttle": 1}  # fmt: skip
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,  # a worker killed mid-target leaves it for another worker
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        result_expires=7 * 24 * 3600,
        worker_hijack_root_logger=False,
    )
    transient = _transient()

    # shared=False: the tasks close over this app's settings, so no other app in the process may take them
    retried = {"autoretry_for": transient, "retry_backoff": 2, "retry_backoff_max": 10, "shared": False}

    @app.task(name=TASK, bind=True, max_retries=None, **retried)  # type: ignore[untyped-decorator]
    def inspect_target_task(
        self: Any,
        round_name: str,
        kind: str,
        key: str,
        host_map: dict[str, str] | None = None,
        crawl_overrides: dict[str, Any] | None = None,
        homepage_retry_s: float | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any] | None:
        ctx = _round_context(settings, run_id, round_name, host_map, crawl_overrides, homepage_retry_s)
        try:
            return asyncio.run(_inspect(ctx, _redis(broker), (m.TargetKind(kind), key)))
        except Busy:  # a second delivery, or another site on the same host, is being crawled elsewhere
            raise self.retry(countdown=LOCK_TTL_S / 3) from None

    @app.task(name=ACCOUNTS_TASK, bind=True, max_retries=None, **retried)  # type: ignore[untyped-decorator]
    def inspect_accounts_task(
        self: Any,
        round_name: str,
        keys: list[str],
        host_map: dict[str, str] | None = None,
        crawl_overrides: dict[str, Any] | None = None,
        run_id: str | None = None,
    ) -> int:
        """A batch of accounts, ACCOUNTS_AT_ONCE at a time (`inspect_batch`); how many are done.

        A batch outlasts the broker's visibility timeout, which sends it again while it runs: the copy
        waits for the batch's lock (and takes over if the first one's worker died), as a site's does."""
        ctx = _round_context(settings, run_id, round_name, host_map, crawl_overrides, None)
        client = _redis(broker)  # one client for the batch's lock and its accounts' locks
        with target_lock(client, batch_lock_name(round_name, keys)) as mine:
            if not mine:
                raise self.retry(countdown=LOCK_TTL_S / 3)
            return asyncio.run(inspect_batch(ctx, client, keys))

    @app.task(name=SCHEDULE_TASK, max_retries=5, **retried)  # type: ignore[untyped-decorator]
    def run_schedule_task(name: str, now: str, host_map: dict[str, str] | None = None) -> str:
        import datetime as dt

        from govinspect.jobs.monitoring import Monitor, run_schedule

        store = Store(settings.db_url())
        try:
            return run_schedule(Monitor.open(settings, store, host_map), name, dt.datetime.fromisoformat(now))
        finally:
            store.close()

    return app


def schedule_runner(app: Celery, host_map: dict[str, str] | None = None) -> Callable[[Any, str, Any], str]:
    """`run_schedule` on a worker: sends the schedule and waits for its outcome (成功 / 失败)."""

    def run(mon: Any, name: str, now: Any) -> str:
        result = app.tasks[SCHEDULE_TASK].delay(name, now.isoformat(), host_map)
        return str(result.get(propagate=False) or "失败")

    return run


def run_round_distributed(
    app: Celery,
    settings: Settings,
    store: Store,
    name: str,
    *,
    host_map: dict[str, str] | None = None,
    crawl_overrides: dict[str, Any] | None = None,
    homepage_retry_s: float | None = None,
    timeout: float | None = None,
    console: Console | None = None,
) -> list[m.TargetResult]:
    """Send every target not yet done to the workers, follow them in the store, then judge the round here.

    This process holds the round's lease while the workers run, so no other writer starts.
    """
    store.get_round(name)
    with round_lock(store, name, "run"):
        ctx = open_round(settings, store, name, host_map=host_map, crawl_overrides=crawl_overrides)
        store.set_round(name, status=m.RoundStatus.RUNNING)
        targets = targets_in_scope(ctx)
        store.ensure_targets(name, targets)
        status = store.target_status(name)
        pending = [t for t in run_order(ctx, targets) if status.get(t) != "done"]
        run_id = uuid.uuid4().hex  # the workers open the round once per run
        accounts = [key for kind, key in pending if kind == m.TargetKind.ACCOUNT]
        batches = [b for b in (accounts[i::ACCOUNT_BATCHES] for i in range(ACCOUNT_BATCHES)) if b]
        task = app.tasks[TASK]
        job = group(
            # the account batches first: they are the round's longest lanes, paced by their feed service
            *(app.tasks[ACCOUNTS_TASK].s(name, b, host_map, crawl_overrides, run_id) for b in batches),
            *(
                task.s(name, kind.value, key, host_map, crawl_overrides, homepage_retry_s, run_id)
                for kind, key in pending
                if kind == m.TargetKind.SITE
            ),
        ).apply_async()
        label = lambda t: target_name(ctx, t)  # noqa: E731
        with RoundProgress(console, "检查网站与政务新媒体（任务队列）", len(targets), label=label) as bar:
            for t in targets:
                if t not in pending:
                    bar.update(t, "skipped")
            _follow(store, name, pending, job, bar.update, timeout)
        failed = any(v == "failed" for v in store.target_status(name).values())
        return finish_round(ctx, targets, failed=failed, console=console)


def _follow(
    store: Store,
    name: str,
    pending: list[Target],
    job: Any,
    progress: Callable[[Target, str], None],
    timeout: float | None,
) -> None:
    """Report the targets' progress from the store until every task finished (a broker or store that
    drops out meanwhile is waited for)."""
    started: set[Target] = set()
    reported: set[Target] = set()
    deadline = None if timeout is None else time.monotonic() + timeout
    finished = False
    while True:
        try:
            finished = finished or job.ready()
            status = store.target_status(name)
        except Exception:  # Redis restarting or PostgreSQL refusing: look again shortly
            status, finished = {}, False
        for t in pending:
            now = status.get(t)
            if now in ("running", "done", "failed") and t not in started:
                started.add(t)
                progress(t, "started")
            # a failed target may be tried again (a store that refused it): counted once the tasks ended
            if (now == "done" or (now == "failed" and finished)) and t not in reported:
                reported.add(t)
                progress(t, now)
        if finished:
            return
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"round {name}: workers did not finish within {timeout} s")
        time.sleep(POLL_S)
