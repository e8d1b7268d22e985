"""`govinspect init`: create the data directory, the database and an office.yaml to fill in."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from govinspect.cli.app import (
    app,
    console,
    current_settings,
    open_store,
)
from govinspect.config import OFFICE_FILE


@app.command("init")
def init_cmd() -> None:
    """初始化数据目录和数据库，并生成待填写的办公室设置 office.yaml（可重复执行，不会覆盖已有数据和设置）。"""
    from govinspect.jobs.office import write_office_template

    s = current_settings()
    s.data_dir.mkdir(parents=True, exist_ok=True)
    open_store(create=True)
    database = make_url(s.db_url()).render_as_string(hide_password=True)
    console.print(f"已初始化：数据目录 {s.data_dir.resolve()}，数据库 {database}")
    office = write_office_template(s.data_dir)
    if office is not None:
        console.print(f"已生成办公室设置 {office}：请填写发文机关、发文字号、主送机关等，通报据此印发。")
    else:
        console.print(f"办公室设置 {s.data_dir / OFFICE_FILE} 已存在，未改动。")
