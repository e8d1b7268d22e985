"""`govinspect review list|confirm|reject|doubt`: the 审核队列 from the command line (same rules as the platform)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from govinspect.cli.app import app, console, current_settings, fail, get_round, group, open_store
from govinspect.store import Store

review_app = group(help="审核队列：列出机器发现的问题及审核状态，确认、标为误报或存疑（随即重新评分）。")
app.add_typer(review_app, name="review")

By = Annotated[
    str, typer.Option("--by", help="审核人（检查平台中有审核权限的用户名，记入审核记录和审计日志）")
]
Reason = Annotated[str, typer.Option("--reason", "-r", help="理由（标为误报时必填）")]
Ids = Annotated[list[int], typer.Argument(help="问题编号（review list 中的“编号”），可多个")]


def acting_user(store: Store, name: str, perm: str) -> str:
    """The platform user a command acts as, refused unless active and holding `perm`."""
    from govinspect.store import UserStore
    from govinspect.web.authz import ROLE_PERMS, Perm

    user = UserStore(store).get_user(name)
    if user is None or not user.active:
        raise fail(f"没有名为“{name}”的有效检查平台用户")
    if Perm(perm) not in ROLE_PERMS.get(user.role, frozenset()):
        raise fail(f"用户“{name}”（{user.role_name}）无权执行此操作")
    return user.name


@review_app.command("list")
def review_list(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    state: Annotated[
        str | None, typer.Option("--state", help="只列出此审核状态：待审核/已确认/误报/存疑")
    ] = None,
) -> None:
    """列出本轮问题及其审核状态（默认全部）。"""
    from govinspect.jobs.review import states_of
    from govinspect.rules import load_profile
    from govinspect.store import ReviewStore

    store = open_store()
    rnd = get_round(store, name)
    reviews = ReviewStore(store)
    ids = reviews.finding_ids(name)
    found = reviews.findings_by_id(name, ids)
    findings = [found[i] for i in ids]
    states = states_of(findings, reviews.latest(name), load_profile(rnd.profile))
    table = Table("编号", "对象", "检查项", "问题", "审核状态")
    n = 0
    for i, f, st in zip(ids, findings, states, strict=True):
        if state and st.value != state:
            continue
        table.add_row(str(i), f.target, f.code, f.message, st.value)
        n += 1
    console.print(table)
    console.print(f"共 {n} 条。")


def _review(name: str, ids: list[int], state: str, reason: str, by: str) -> None:
    from govinspect.jobs.review import review_findings
    from govinspect.scoring import ReviewState
    from govinspect.store import ReviewStore, UserStore

    store = open_store()
    get_round(store, name)
    actor = acting_user(store, by, "review")
    found = ReviewStore(store).findings_by_id(name, ids)
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise fail(f"轮次“{name}”中没有编号为 {'、'.join(missing)} 的问题")
    changes = review_findings(
        current_settings(), store, name, [found[i] for i in ids], ReviewState(state), reason, actor
    )
    users = UserStore(store)
    for i, c in zip(ids, changes, strict=True):
        users.audit(actor, "审核问题", f"问题:{name}/{c.finding.target}/{c.finding.code}/{i}",
                    before={"state": c.before.value}, after={"state": c.after.value, "reason": reason.strip()},
                    detail="命令行")  # fmt: skip
    console.print(f"已将 {len(changes)} 条问题标为“{state}”，并已重新评分。")


@review_app.command("confirm")
def review_confirm(
    name: Annotated[str, typer.Argument(help="轮次名称")], ids: Ids, by: By, reason: Reason = ""
) -> None:
    """确认问题。"""
    _review(name, ids, "已确认", reason, by)


@review_app.command("reject")
def review_reject(
    name: Annotated[str, typer.Argument(help="轮次名称")], ids: Ids, by: By, reason: Reason = ""
) -> None:
    """标为误报（须填写理由）：该问题不再计入判定结论，随即重新评分。"""
    _review(name, ids, "误报", reason, by)


@review_app.command("doubt")
def review_doubt(
    name: Annotated[str, typer.Argument(help="轮次名称")], ids: Ids, by: By, reason: Reason = ""
) -> None:
    """标为存疑（仍计入判定结论，待进一步核实）。"""
    _review(name, ids, "存疑", reason, by)
