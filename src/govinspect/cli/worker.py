"""`govinspect worker`: a Celery worker that inspects the targets of rounds sent with `round run --workers`."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from govinspect.cli.app import app, console, current_settings


@app.command("worker")
def worker_cmd(
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency",
            "-j",
            min=1,
            help="本进程同时检查的对象数（线程；检查以等待网站响应为主，可多于 CPU 核数）",
        ),
    ] = 8,
) -> None:
    """启动检查任务执行进程：从任务队列（Redis，GOVINSPECT_BROKER_URL）领取检查对象，结果写入共享数据库（PostgreSQL）。

    一个进程最多用满一个 CPU 核：每台机器按核数运行几个。数据目录须为各机器共享的同一目录（如 NFS）。
    按 Ctrl-C 停止，未完成的对象由其他进程接手。
    """
    from govinspect.jobs.distributed import cluster_settings, make_app

    settings = cluster_settings(current_settings())
    celery = make_app(settings)
    console.print(
        f"检查任务执行进程已启动：任务队列 {settings.broker_url}，数据目录 {settings.data_dir.resolve()}，"
        f"同时检查 {concurrency} 个对象。",
        markup=False,
    )
    celery.worker_main(
        [
            "worker",
            "--pool=threads",  # one process, one round opened, one import: objects wait on sites, not CPU
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            f"--hostname=govinspect-{os.getpid()}@%h",
        ]
    )
