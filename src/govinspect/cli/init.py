"""`govinspect init`: create the data directory and the database."""

from __future__ import annotations

from govinspect.cli.app import (
    app,
    console,
    current_settings,
    open_store,
)


@app.command("init")
def init_cmd() -> None:
    """初始化数据目录和数据库（可重复执行，不会丢失已有数据）。"""
    s = current_settings()
    s.data_dir.mkdir(parents=True, exist_ok=True)
    open_store()
    console.print(f"已初始化：数据目录 [bold]{s.data_dir.resolve()}[/]，数据库 {s.db_url()}")
