"""`govinspect user add|set|passwd|token|list`: platform accounts and their API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from govinspect.cli.app import app, console, fail, group, open_store

if TYPE_CHECKING:
    from govinspect.store import User, UserStore

user_app = group(help="检查平台账号：创建、修改、重置密码、生成接口令牌、列出账号。")
app.add_typer(user_app, name="user")

ROLE_HELP = "角色：admin 系统管理员 / supervisor 督查员 / reviewer 审核员 / unit 填报单位 / viewer 上级/只读"


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)],
    unit: Annotated[
        str | None, typer.Option("--unit", help="所属单位（填报单位必填；可看本单位及下级单位）")
    ] = None,
    generate: Annotated[bool, typer.Option("--generate", help="不提示输入，生成随机密码并显示一次")] = False,
) -> None:
    """创建账号。默认提示输入密码（两次）；--generate 生成随机密码并只显示这一次。"""
    from govinspect.store import StoreError, UserStore

    password = _password(generate)
    store = open_store()
    try:
        user = UserStore(store).add_user(name, role, password, unit)
    except StoreError as e:
        raise fail(str(e)) from None
    UserStore(store).audit(
        "命令行", "创建用户", f"用户:{user.name}", after={"role": user.role, "unit": user.unit}
    )
    console.print(f"已创建账号 {user.name}（{user.role_name}{'·' + user.unit if user.unit else ''}）。")
    if generate:
        console.print(f"初始密码（只显示这一次）：{password}")


def _password(generate: bool) -> str:
    from govinspect.store import generate_password

    if generate:
        return generate_password()
    return str(typer.prompt("密码（至少 10 个字符）", hide_input=True, confirmation_prompt="再次输入密码"))


def _existing(users: UserStore, name: str) -> User:
    user = users.get_user(name)
    if user is None:
        raise fail(f"没有名为“{name}”的账号")
    return user


@user_app.command("set")
def user_set(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str | None, typer.Option("--role", help=ROLE_HELP)] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="所属单位；空字符串表示全辖区")] = None,
    active: Annotated[
        bool | None, typer.Option("--enable/--disable", help="允许或禁止登录（禁止时立即退出其登录）")
    ] = None,
) -> None:
    """修改账号的角色、所属单位或是否允许登录；只改给出的项。"""
    from govinspect.store import StoreError, UserStore

    users = UserStore(open_store())
    user = _existing(users, name)
    try:
        before, after = users.update_user(
            user.id,
            role=role if role is not None else user.role,
            unit=user.unit if unit is None else unit,
            active=user.active if active is None else active,
        )
    except StoreError as e:
        raise fail(str(e)) from None
    if before == after:
        console.print(f"账号 {name} 没有变化。")
        return
    users.audit("命令行", "修改用户", f"用户:{name}", before=before, after=after)
    console.print(f"已修改账号 {name}。")


@user_app.command("passwd")
def user_passwd(
    name: Annotated[str, typer.Argument(help="用户名")],
    generate: Annotated[bool, typer.Option("--generate", help="不提示输入，生成随机密码并显示一次")] = False,
) -> None:
    """重置账号的密码并解除锁定；该账号的所有登录随即退出。"""
    from govinspect.store import StoreError, UserStore

    users = UserStore(open_store())
    user = _existing(users, name)
    password = _password(generate)
    try:
        users.set_password(user.id, password)
    except StoreError as e:
        raise fail(str(e)) from None
    users.audit("命令行", "重置密码", f"用户:{name}")
    console.print(f"已重置账号 {name} 的密码。")
    if generate:
        console.print(f"新密码（只显示这一次）：{password}")


@user_app.command("token")
def user_token(
    name: Annotated[str, typer.Argument(help="用户名")],
    label: Annotated[str, typer.Option("--label", help="令牌用途说明")] = "",
) -> None:
    """为账号生成一个接口令牌（只显示这一次），以 Authorization: Bearer 令牌 调用 /api/v1。"""
    from govinspect.store import UserStore

    users = UserStore(open_store())
    user = users.get_user(name)
    if user is None:
        raise fail(f"没有名为“{name}”的账号")
    token = users.create_token(user.id, label)
    users.audit("命令行", "生成接口令牌", f"用户:{user.name}", detail=label)
    console.print(f"接口令牌（只显示这一次，请妥善保存）：\n{token}")


@user_app.command("list")
def user_list() -> None:
    """列出全部账号。"""
    from govinspect.store import UserStore

    for u in UserStore(open_store()).list_users():
        state = "停用" if not u.active else "正常"
        console.print(f"{u.name}\t{u.role_name}\t{u.unit or '（全辖区）'}\t{state}")
