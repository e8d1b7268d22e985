"""Two real `govinspect worker` processes on Redis and PostgreSQL run the demo county: the in-process verdicts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cluster_procs import outcome, round_run, start_workers, stop
from county_server import Served, set_up_county_round

from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from services import need, port_open, reset_pg

UNITS = ("梅溪县", "县发改委", "县教育局", "县民政局", "县财政局", "县人社局")
BROKER = "redis://127.0.0.1:6379/13"


def in_process(served: Served, tmp_path: Path) -> tuple[list, list]:
    """The round on the in-process runner and SQLite: what the workers must give."""
    import asyncio

    settings = Settings(data_dir=tmp_path / "local")
    store, _ = set_up_county_round(served, settings, UNITS)
    asyncio.run(run_round(settings, store, "R", host_map=served.server.host_map))
    return outcome(store)


def flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
def test_two_workers_give_the_in_process_verdicts(served: Served, tmp_path: Path, pg_url: str) -> None:
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    expected = in_process(served, tmp_path)
    flush(BROKER)
    reset_pg(pg_url)
    settings = Settings(data_dir=tmp_path / "dist", database_url=pg_url)
    store, hm = set_up_county_round(served, settings, UNITS)
    workers = start_workers(2, settings.data_dir, pg_url, BROKER, tmp_path)
    try:
        run = round_run(settings.data_dir, pg_url, BROKER, hm)
        out, err = run.communicate(timeout=300)
    finally:
        for w in workers:
            stop(w)
    assert run.returncode in (0, 1) and "Traceback" not in err, (out, err)
    assert outcome(store) == expected
    total = len(store.target_status("R"))
    lines = re.findall(r"检查网站与政务新媒体（任务队列）：已完成 (\d+)/(\d+) 个", out)
    assert lines and lines[-1] == (str(total), str(total)), out
    logs = [(tmp_path / f"w{i}.log").read_text(errors="replace") for i in range(2)]
    assert all("govinspect.inspect_target" in log for log in logs), "both workers took targets"


def test_worker_refuses_without_broker_or_postgres(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govinspect.cli import app

    data = ["--data-dir", str(tmp_path)]
    res = CliRunner().invoke(app, [*data, "worker"], env={"GOVINSPECT_BROKER_URL": ""})
    assert res.exit_code != 0 and "GOVINSPECT_BROKER_URL" in res.output
    res = CliRunner().invoke(app, [*data, "worker"], env={"GOVINSPECT_BROKER_URL": BROKER})
    assert res.exit_code != 0 and "PostgreSQL" in res.output and "GOVINSPECT_DATABASE_URL" in res.output
    sqlite = ["--db", f"sqlite:///{tmp_path}/x.db"]
    res = CliRunner().invoke(
        app, [*data, *sqlite, "round", "run", "R", "--workers"], env={"GOVINSPECT_BROKER_URL": BROKER}
    )
    assert res.exit_code != 0 and "SQLite 数据库不能由多台机器共用" in res.output
    res = CliRunner().invoke(app, [*data, "worker"], env={"GOVINSPECT_BROKER_URL": "amqp://x"})
    assert res.exit_code != 0 and "不是 Redis 地址" in res.output
