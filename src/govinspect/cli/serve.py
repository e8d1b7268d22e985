"""`govinspect serve`: the web platform on the CLI's store and data directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import app, console, current_settings, read_host_map


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="监听地址（默认只在本机）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    host_map: Annotated[
        Path | None,
        typer.Option("--host-map", help="平台启动“运行检查”时传给 round run 的主机映射文件（仿真站点）"),
    ] = None,
    monitor: Annotated[
        bool, typer.Option("--monitor/--no-monitor", help="同时运行持续监测计划（演示数据目录不运行）")
    ] = True,
) -> None:
    """启动检查平台（网页与 JSON 接口），与命令行使用同一数据目录和数据库；默认同时运行持续监测计划。"""
    import uvicorn

    from govinspect.jobs.demo import is_demo_dir
    from govinspect.web.app import create_app

    settings = current_settings()
    hosts = read_host_map(host_map)  # refused here, not when a round is started from the browser
    web = create_app(settings, host_map=host_map.resolve() if host_map else None)
    console.print(
        f"检查平台：http://{host}:{port}/ （数据目录 {settings.data_dir.resolve()}；按 Ctrl-C 停止）"
    )
    scheduler = None
    if monitor and is_demo_dir(settings.data_dir):
        console.print("演示数据目录不运行持续监测：演示网站只存在于仿真服务中。")
    elif monitor:
        from govinspect.jobs.monitoring import start_scheduler

        scheduler = start_scheduler(settings, host_map=hosts or None)
        console.print("持续监测计划已在本进程中运行（govinspect schedule list 查看）。")
    try:
        uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=True, server_header=False)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
