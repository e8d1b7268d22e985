"""`govinspect appeal list|file|uphold|reject`: 申诉 with the same rules and audit entries as the web."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import app, console, group, open_store
from govinspect.cli.tasks import UserOpt, actor_of

appeal_app = group(help="申诉：单位对本单位的问题提出申诉，督查员作出申诉成立或驳回的决定。")
app.add_typer(appeal_app, name="appeal")

AppealArg = Annotated[int, typer.Argument(help="申诉编号（appeal list 可查）")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="理由")]


@appeal_app.command("list")
def appeal_list(
    user: Annotated[str | None, typer.Option("--user", help="只列出该账号可见的申诉")] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="只列出该状态：待处理、申诉成立、已驳回")
    ] = None,
) -> None:
    """列出申诉：编号、轮次、单位、检查对象、问题、状态。"""
    from govinspect.rectify.appeals import list_appeals

    store = open_store()
    scope = actor_of(store, user)[1] if user else None
    rows = list_appeals(store, scope, state=state)
    if not rows:
        console.print("没有申诉。")
    for a in rows:
        console.print(
            f"{a.id:>4}  {a.round_name}  {a.unit}  {a.target}  {a.code}  {a.state}  理由：{a.reason}"
        )


@appeal_app.command("file")
def appeal_file(
    finding_id: Annotated[int, typer.Argument(help="问题编号（平台与接口中的问题编号）")],
    user: UserOpt,
    reason: ReasonOpt = "",
    evidence: Annotated[
        Path | None, typer.Option("--evidence", help="证明材料（PDF、PNG、JPEG 或 .docx）")
    ] = None,
) -> None:
    """提出申诉（填报单位）：写明理由，可附证明材料。"""
    from govinspect.cli.app import current_settings
    from govinspect.rectify.appeals import file_appeal

    store = open_store()
    actor, scope = actor_of(store, user)
    a = file_appeal(
        store, current_settings().data_dir, finding_id, actor, scope, reason=reason, evidence=evidence
    )
    console.print(f"已提出申诉 {a.id}（{a.target} {a.code}），待督查员处理。")


@appeal_app.command("uphold")
def appeal_uphold(appeal_id: AppealArg, user: UserOpt, reason: ReasonOpt = "") -> None:
    """申诉成立（督查员）：该问题改为误报，轮次随即重新评分。"""
    from govinspect.cli.app import current_settings
    from govinspect.jobs.appeals import uphold_appeal

    store = open_store()
    actor, scope = actor_of(store, user)
    a = uphold_appeal(current_settings(), store, appeal_id, actor, scope, reason=reason)
    console.print(f"申诉 {a.id} 成立：问题已改为误报，轮次“{a.round_name}”已重新评分。")


@appeal_app.command("reject")
def appeal_reject(appeal_id: AppealArg, user: UserOpt, reason: ReasonOpt = "") -> None:
    """驳回申诉（督查员），须写明理由。"""
    from govinspect.jobs.appeals import reject_appeal

    store = open_store()
    actor, scope = actor_of(store, user)
    a = reject_appeal(store, appeal_id, actor, scope, reason=reason)
    console.print(f"申诉 {a.id} 已驳回。")
