"""`govinspect report`: the notice, its attachments and each unit's 整改通知单."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    current_settings,
    fail,
    get_round,
    open_store,
    print_files,
)
from govinspect.store import Store


@app.command("report")
def report_cmd(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出目录（默认：数据目录/rounds/轮次/reports）")
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft", help="发文机关、文号或主送机关未设置、或单项否决问题待审核时仍生成，每页标注“草稿”"
        ),
    ] = False,
    override_review: Annotated[
        str | None,
        typer.Option(
            "--override-review",
            help="审核员放行理由：单项否决问题尚待审核时仍印发通报（须同时用 --by 指明审核员）",
        ),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="放行的审核员（检查平台用户名）")] = None,
) -> None:
    """生成通报（.docx/.html/.md）、附件表（.xlsx）、图表和各单位整改通知单。

    office.yaml 未设置发文机关、文号或主送机关时，或有单项否决问题待审核时拒绝生成，除非加 --draft
    （或由审核员以 --override-review 理由 --by 用户名 放行待审核的问题）。
    """
    from govinspect.jobs.lock import round_lock
    from govinspect.jobs.reporting import write_round_reports

    store = open_store()
    if override_review is not None:
        _override(store, name, override_review, by)
    with round_lock(store, name, "report"):  # one writer per round: not while it is run or re-judged
        files = write_round_reports(current_settings(), store, name, out, draft=draft)
    print_files("已生成报告文件：", files)


def _override(store: Store, name: str, reason: str, by: str | None) -> None:
    """Record an 审核员's override of the round's 待审核 veto findings (stored and audited)."""
    from govinspect.cli.review import acting_user
    from govinspect.jobs.review import gate_line, override_gate
    from govinspect.store import StoreError, UserStore

    get_round(store, name)
    if not by:
        raise fail("放行须用 --by 指明审核员（检查平台用户名）")
    actor = acting_user(store, by, "approve")
    try:
        pending = override_gate(store, name, actor, reason)
    except StoreError as e:
        raise fail(str(e)) from None
    UserStore(store).audit(actor, "放行待审核否决", f"轮次:{name}", after={"reason": reason.strip(), "pending": len(pending)},
                           detail=gate_line(pending) if pending else "命令行")  # fmt: skip
