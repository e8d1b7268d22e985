"""`govinspect report`: the notice, its attachments and each unit's 整改通知单."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    current_settings,
    open_store,
    print_files,
)


@app.command("report")
def report_cmd(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出目录（默认：数据目录/rounds/轮次/reports）")
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="发文机关、文号或主送机关未设置时仍生成，每页标注“草稿”")
    ] = False,
) -> None:
    """生成通报（.docx/.html/.md）、附件表（.xlsx）、图表和各单位整改通知单。

    office.yaml 未设置发文机关、文号或主送机关时拒绝生成，除非加 --draft。
    """
    from govinspect.jobs.lock import round_lock
    from govinspect.jobs.reporting import write_round_reports

    store = open_store()
    with round_lock(store, name, "report"):  # one writer per round: not while it is run or re-judged
        files = write_round_reports(current_settings(), store, name, out, draft=draft)
    print_files("已生成报告文件：", files)
