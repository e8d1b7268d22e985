"""Accounts the demo creates so that the platform can be tried at once: one 督查员 and one 填报单位."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from govinspect.config import Settings
from govinspect.store import Store, UserStore, generate_password
from govinspect.store.tables import TargetResultRow, UnitRow

SUPERVISOR = "demo-supervisor"
UNIT_USER = "demo-unit"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    name: str
    role_name: str
    unit: str | None
    password: str


def demo_unit(store: Store) -> str | None:
    """The unit with the most failing targets (so its workbench has something to fix); else the first unit."""
    with store.session() as s:
        row = s.execute(
            select(TargetResultRow.unit, func.count())
            .where(TargetResultRow.verdict == "不合格")
            .group_by(TargetResultRow.unit)
            .order_by(func.count().desc(), TargetResultRow.unit)
            .limit(1)
        ).first()
        if row is not None:
            return str(row[0])
        return s.scalar(select(UnitRow.name).order_by(UnitRow.id).limit(1))


def create_demo_users(store: Store) -> list[DemoLogin]:
    """A 督查员 and a 填报单位 account with fresh random passwords; existing accounts are left alone."""
    users = UserStore(store)
    unit = demo_unit(store)
    out = []
    for name, role, u in ((SUPERVISOR, "supervisor", None), (UNIT_USER, "unit", unit)):
        if users.get_user(name) is not None or (role == "unit" and u is None):
            continue
        password = generate_password()
        user = users.add_user(name, role, password, u)
        users.audit("演示", "创建用户", f"用户:{user.name}", after={"role": role, "unit": u})
        out.append(DemoLogin(user.name, user.role_name, u, password))
    return out


def demo_platform_lines(settings: Settings) -> list[str]:
    """What `govinspect demo` prints last: the command that opens the platform and the demo logins."""
    store = Store(settings.db_url())
    store.migrate()
    try:
        logins = create_demo_users(store)
    finally:
        store.close()
    lines = [
        f"打开检查平台：govinspect --data-dir {settings.data_dir} serve",
        "然后用浏览器访问 http://127.0.0.1:8000/ ，演示账号：",
    ]
    for d in logins:
        who = f"{d.role_name}（{d.unit}）" if d.unit else d.role_name
        lines.append(f"  {who}：用户名 {d.name}　密码 {d.password}")
    return lines
