"""Accounts the demo creates so that the platform can be tried at once: one supervisor, one unit."""

from __future__ import annotations

from dataclasses import dataclass

from govinspect.store import Store
from govinspect.store.users import UserStore, generate_password


@dataclass(frozen=True, slots=True)
class DemoLogin:
    name: str
    role_name: str
    unit: str | None
    password: str


def create_demo_users(store: Store, unit: str) -> list[DemoLogin]:
    """A 督查员 `demo-supervisor` and a 填报单位 `demo-unit` of `unit`, with fresh random passwords."""
    users = UserStore(store)
    out = []
    for name, role, u in (("demo-supervisor", "supervisor", None), ("demo-unit", "unit", unit)):
        password = generate_password()
        if users.get_user(name) is None:
            user = users.add_user(name, role, password, u)
        else:
            continue  # a demo store is rebuilt from scratch each run; never reset a real account
        users.audit("演示", "创建用户", f"用户:{user.name}", after={"role": role, "unit": u})
        out.append(DemoLogin(user.name, user.role_name, u, password))
    return out
