"""`govinspect extract`: what was read off one saved page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    console,
    existing_file,
)


@app.command("extract")
def extract_cmd(
    file: Annotated[Path, typer.Argument(help="保存下来的网页文件")],
    url: Annotated[
        str, typer.Option("--url", help="该网页的原始网址（用于解析相对链接和日期）")
    ] = "http://localhost/",
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """读取单个网页：页面类型、元数据、页脚标识、栏目、列表日期、文章日期、留言。"""
    from govinspect.extract.command import run_extract

    text = run_extract(existing_file(file), url, as_json)
    console.print(text, markup=False, highlight=False, soft_wrap=True)
