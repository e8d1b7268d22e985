"""`govinspect ledger`: the office's work ledgers (整改报告报送, 依申请公开, 县长信箱)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    console,
    fail,
    get_round,
    open_store,
    parse_day,
)

ledger_app = typer.Typer(
    help="工作台账：整改报告报送、依申请公开、县长信箱，供通报使用。", no_args_is_help=True
)
app.add_typer(ledger_app, name="ledger")


@ledger_app.command("import")
def ledger_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[
        Path, typer.Argument(help="台账文件（.xlsx），工作表：整改报告报送 / 依申请公开 / 县长信箱")
    ],
    notice_title: Annotated[
        str | None, typer.Option("--notice-title", help="整改通知名称（不含书名号），覆盖表头区")
    ] = None,
    notice_date: Annotated[
        str | None, typer.Option("--notice-date", help="整改通知下发日期 YYYY-MM-DD")
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="整改报告报送截止日期 YYYY-MM-DD")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="统计截至日期 YYYY-MM-DD（默认监测时间点）")
    ] = None,
    explain_by: Annotated[
        str | None, typer.Option("--explain-by", help="未报送单位情况说明截止日期 YYYY-MM-DD")
    ] = None,
) -> None:
    """导入本轮工作台账（全部正确才写入）；再次导入同类工作表会替换原有内容。"""
    from govinspect.jobs.ledgers import import_ledger
    from govinspect.tables import ImportRefused

    notice = {
        "title": notice_title,
        "date": parse_day(notice_date) if notice_date else None,
        "due": parse_day(due) if due else None,
        "as_of": parse_day(as_of) if as_of else None,
        "explain_by": parse_day(explain_by) if explain_by else None,
    }
    store = open_store()
    get_round(store, round_name)
    try:
        counts = import_ledger(store, round_name, file, notice)
    except ImportRefused as e:
        raise fail(str(e)) from None
    labels = {"rectification": "整改报告报送", "applications": "依申请公开", "mailbox": "县长信箱"}
    parts = [f"{labels.get(k, k)} {n} 行" for k, n in counts.items()]
    console.print(f"已导入台账：{'，'.join(parts)}。运行 report {round_name} 生成通报。")
