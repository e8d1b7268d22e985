"""`govinspect content check`: check the text of any file for serious errors, typos and leaks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import app, console, existing_file, group, parse_day

content_app = group(help="内容检查：严重表述错误、错别字、过时名称、禁用词和个人信息。")
app.add_typer(content_app, name="content")


@content_app.command("check")
def content_check_cmd(
    file: Annotated[
        Path, typer.Argument(help="要检查的文件：.txt、.html、.pdf、.docx、.xlsx（.doc/.wps 需 LibreOffice）")
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", help="文本的发布日期 YYYY-MM-DD（过时名称按此判定；默认按当前内容）"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（start/end 为文本中的字符位置）")
    ] = False,
) -> None:
    """检查一个文件的文字，逐处列出问题、规范写法、判定规则、出处和上下文。"""
    from rich.table import Table

    from govinspect.checks import scan_file
    from govinspect.content.report import TABLE_HEADER, hits_json, summary_line, table_rows

    existing_file(file)
    day = parse_day(date) if date else None
    _, hits = scan_file(file, day)
    if as_json:
        typer.echo(json.dumps(hits_json(hits), ensure_ascii=False, indent=2))
        return
    if hits:
        table = Table(*TABLE_HEADER, title=f"内容检查：{file.name}", show_lines=True)
        for row in table_rows(hits):
            table.add_row(*row)
        console.print(table, markup=False, highlight=False)
    console.print(summary_line(hits), markup=False, highlight=False)
