"""`govinspect task list|show|issue|sign|submit|recheck|precheck|accept|return|exempt|approve|reject`.

The same moves, rules and audit entries as the web: each state-changing command names the platform
account it acts as (`--user`), whose role and unit decide what it may do and which tasks it sees.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govinspect import model as m
from govinspect.cli.app import app, console, fail, get_round, group, open_store, parse_day, read_host_map

if TYPE_CHECKING:
    from govinspect.rectify import Task
    from govinspect.store import Store, User

task_app = group(help="整改任务：列出、查看、下发、签收、提交、复查、验收、退回。")
app.add_typer(task_app, name="task")

UserOpt = Annotated[str, typer.Option("--user", help="以哪个平台账号办理（其角色和单位决定可做的操作）")]
TaskArg = Annotated[int, typer.Argument(help="整改任务编号（task list 可查）")]


def actor_of(store: Store, name: str) -> tuple[User, frozenset[str] | None]:
    """The named active account and the units it sees."""
    from govinspect.store import UserStore
    from govinspect.web.authz import principal_for

    user = UserStore(store).get_user(name)
    if user is None or not user.active:
        raise fail(f"没有名为“{name}”的可用账号")
    return user, principal_for(store, user).units


def _scope(store: Store, name: str | None) -> frozenset[str] | None:
    return actor_of(store, name)[1] if name else None


def _line(t: Task, today: dt.date) -> str:
    due = t.deadline.isoformat() if t.deadline else "—"
    flag = "（逾期）" if t.overdue(today) else ""
    return f"{t.id:>4}  {t.round_name}  {t.unit}  {t.state}{flag}  整改期限 {due}  问题 {len(t.items)} 项"


@task_app.command("list")
def task_list(
    round_name: Annotated[str | None, typer.Argument(help="轮次名称（不填则列出全部轮次）")] = None,
    user: Annotated[str | None, typer.Option("--user", help="只列出该账号可见的任务")] = None,
    state: Annotated[str | None, typer.Option("--state", help="只列出该状态，如 整改中、已提交")] = None,
) -> None:
    """列出整改任务：编号、轮次、单位、状态（逾期另注）、整改期限、问题数。"""
    from govinspect.rectify import State, list_tasks

    store = open_store()
    if round_name is not None:
        get_round(store, round_name)
    if state is not None and state not in {s.value for s in State}:
        raise fail(f"没有“{state}”这一状态（可用：{'、'.join(s.value for s in State)}）")
    today = dt.datetime.now(m.TZ).date()
    rows = [
        t for t in list_tasks(store, round_name, _scope(store, user)) if state is None or t.state == state
    ]
    if not rows:
        console.print("没有整改任务。")
    for t in rows:
        console.print(_line(t, today))


@task_app.command("show")
def task_show(
    task_id: TaskArg,
    user: Annotated[str | None, typer.Option("--user", help="以该账号查看（只能看本单位的任务）")] = None,
) -> None:
    """查看一个整改任务：状态、期限、每项问题及整改情况和复查结果。"""
    from govinspect.privacy import mask_personal_data
    from govinspect.rectify import get_task

    store = open_store()
    t = get_task(store, task_id, _scope(store, user))
    console.print(_line(t, dt.datetime.now(m.TZ).date()))
    if t.issued_on:
        console.print(f"下发日期 {t.issued_on.isoformat()}，{t.workdays} 个工作日内整改")
    if t.reason:
        console.print(f"理由：{t.reason}")
    if t.report_file:
        console.print(f"整改报告：{t.report_file['name']}（SHA-256 {t.report_file['sha256']}）")
    for i in t.items:
        console.print(mask_personal_data(f"  [{i.id}] {i.target} {i.message}"))
        if i.response:
            console.print(mask_personal_data(f"      整改情况：{i.response}；佐证材料 {len(i.proofs)} 份"))
        if i.recheck:
            detail = (
                (i.recheck_evidence or {}).get("message") or (i.recheck_evidence or {}).get("reason") or ""
            )
            console.print(mask_personal_data(f"      复查：{i.recheck}{('：' + detail) if detail else ''}"))


@task_app.command("issue")
def task_issue(
    round_name: Annotated[str, typer.Argument(help="轮次名称：下发该轮全部待下发的任务")],
    user: UserOpt,
    unit: Annotated[str | None, typer.Option("--unit", help="只下发该单位的任务")] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="下发日期 YYYY-MM-DD（默认今天），期限由此按工作日计算")
    ] = None,
) -> None:
    """下发整改任务：整改期限 = 下发日期后 N 个工作日（节假日、调休按国家安排）。"""
    from govinspect.rectify import State, list_tasks, transition

    store = open_store()
    get_round(store, round_name)
    actor, scope = actor_of(store, user)
    day = parse_day(on) if on else None
    pending = [
        t for t in list_tasks(store, round_name, scope) if t.state == State.PENDING and unit in (None, t.unit)
    ]
    if not pending:
        raise fail(f"轮次“{round_name}”没有待下发的整改任务" + (f"（单位“{unit}”）" if unit else ""))
    for t in pending:
        done = transition(store, t.id, "issue", actor, scope, on=day)
        console.print(f"已下发：{done.id} {done.unit}，整改期限 {done.deadline}")


def _move(task_id: int, user: str, move: str, reason: str = "") -> None:
    from govinspect.rectify import MOVES, transition

    store = open_store()
    actor, scope = actor_of(store, user)
    t = transition(store, task_id, move, actor, scope, reason=reason)
    console.print(f"整改任务 {t.id}（{t.unit}）已{MOVES[move].name}，现为“{t.state}”。")


@task_app.command("sign")
def task_sign(task_id: TaskArg, user: UserOpt) -> None:
    """签收整改任务（填报单位），进入“整改中”。"""
    _move(task_id, user, "sign")


def _pairs(values: list[str], what: str) -> list[tuple[int, str]]:
    out = []
    for v in values:
        key, sep, rest = v.partition("=")
        if not sep or not key.strip().isdigit() or not rest.strip():
            raise fail(f"{what}“{v}”应写作“问题编号=内容”，如 12=已更新栏目")
        out.append((int(key), rest.strip()))
    return out


@task_app.command("submit")
def task_submit(
    task_id: TaskArg,
    user: UserOpt,
    report: Annotated[Path, typer.Option("--report", help="加盖公章的整改报告（PDF 或 PNG/JPEG 扫描件）")],
    item: Annotated[
        list[str], typer.Option("--item", help="每项问题的整改情况：问题编号=整改情况（可多次）")
    ] = [],  # noqa: B006
    proof: Annotated[list[str], typer.Option("--proof", help="佐证材料：问题编号=文件路径（可多次）")] = [],  # noqa: B006
) -> None:
    """提交整改情况（填报单位）：逐项填写整改情况，附佐证材料和加盖公章的整改报告。"""
    from govinspect.cli.app import current_settings
    from govinspect.rectify import submit

    answers = dict(_pairs(item, "整改情况"))
    proofs: dict[int, list[Path]] = {}
    for n, p in _pairs(proof, "佐证材料"):
        proofs.setdefault(n, []).append(Path(p))
    store = open_store()
    actor, scope = actor_of(store, user)
    t = submit(
        store,
        current_settings().data_dir,
        task_id,
        actor,
        scope,
        answers=answers,
        report=report,
        proofs=proofs,
    )
    console.print(f"整改任务 {t.id}（{t.unit}）已提交，等待复查。")


@task_app.command("recheck")
def task_recheck(
    task_id: TaskArg,
    user: Annotated[str | None, typer.Option("--user", help="以哪个督查员账号复查")] = None,
    auto: Annotated[
        bool, typer.Option("--auto", help="以“系统自动复查”办理（平台在单位提交后自动启动）")
    ] = False,
    host_map: Annotated[
        Path | None, typer.Option("--host-map", help="主机映射文件（仿真或内网测试用）")
    ] = None,
) -> None:
    """复查（督查员）：只重新抓取各项问题所在页面，按同一检查规则判定 已整改 / 疑似未整改 / 无法复核。"""
    from govinspect.cli.app import current_settings
    from govinspect.jobs.recheck import SYSTEM, recheck_task

    store = open_store()
    if (user is None) == (not auto):
        raise fail("请用 --user 指定督查员账号，或用 --auto 以系统自动复查办理（二者选一）")
    actor, scope = actor_of(store, user) if user else (SYSTEM, None)
    hosts = read_host_map(host_map)
    t = asyncio.run(recheck_task(current_settings(), store, task_id, actor, scope, host_map=hosts))
    console.print(f"整改任务 {t.id}（{t.unit}）复查完毕：")
    for i in t.items:
        console.print(f"  [{i.id}] {i.recheck}  {i.message}")


@task_app.command("precheck")
def task_precheck(
    user: UserOpt,
    round_name: Annotated[str | None, typer.Argument(help="轮次名称（不填则全部轮次）")] = None,
    host_map: Annotated[
        Path | None, typer.Option("--host-map", help="主机映射文件（仿真或内网测试用）")
    ] = None,
) -> None:
    """中期复查（督查员，可每晚定时运行）：整改中且已过整改时限一半的任务逐项复查，状态不变。"""
    from govinspect.cli.app import current_settings
    from govinspect.jobs.recheck import recheck_due_tasks

    store = open_store()
    if round_name is not None:
        get_round(store, round_name)
    actor, scope = actor_of(store, user)
    now = dt.datetime.now(m.TZ)
    done = asyncio.run(recheck_due_tasks(current_settings(), store, now, host_map=read_host_map(host_map),
                                         actor=actor, scope=scope, round_name=round_name))  # fmt: skip
    if not done:
        console.print("没有需要中期复查的整改任务。")
    for t in done:
        tally = "、".join(f"{i.recheck}" for i in t.items)
        console.print(f"整改任务 {t.id}（{t.unit}）中期复查：{tally}")


@task_app.command("accept")
def task_accept(task_id: TaskArg, user: UserOpt) -> None:
    """验收（督查员）：复查后确认整改完成，任务为“已整改”。"""
    _move(task_id, user, "accept")


@task_app.command("return")
def task_return(
    task_id: TaskArg, user: UserOpt, reason: Annotated[str, typer.Option("--reason", help="退回理由")] = ""
) -> None:
    """退回（督查员）：整改不到位，写明理由，任务回到“整改中”。"""
    _move(task_id, user, "return", reason)


@task_app.command("exempt")
def task_exempt(
    task_id: TaskArg,
    user: UserOpt,
    reason: Annotated[str, typer.Option("--reason", help="无需整改的理由")] = "",
) -> None:
    """申请无需整改（填报单位），须写明理由，由检查办公室审批。"""
    _move(task_id, user, "exempt", reason)


@task_app.command("approve")
def task_approve(task_id: TaskArg, user: UserOpt) -> None:
    """同意无需整改（督查员、审核员）。"""
    _move(task_id, user, "approve_exempt")


@task_app.command("reject")
def task_reject(
    task_id: TaskArg,
    user: UserOpt,
    reason: Annotated[str, typer.Option("--reason", help="不同意的理由")] = "",
) -> None:
    """不同意无需整改（督查员、审核员），须写明理由，任务回到“整改中”。"""
    _move(task_id, user, "reject_exempt", reason)
