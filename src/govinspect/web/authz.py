"""The one authorisation check of the platform: who may do what, on which unit's data.

Every page and API route calls `authorize` (or filters its query with `scope_clause`), so a unit
user never sees another unit's data. An object outside the user's scope answers 404, never 403:
its existence is not disclosed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, select, true

from govinspect.store import Store, User
from govinspect.store.tables import UnitRow


class Perm(StrEnum):
    VIEW = "view"  # rounds, results, findings, archived pages of units in scope
    ADMIN = "admin"  # users and the audit log
    RUN = "run"  # create, run and rejudge rounds; write the notice draft
    REVIEW = "review"  # 确认 / 误报 / 存疑 on machine findings
    APPROVE = "approve"  # confirm vetoes, override a pending review, publish the notice
    REGISTRY = "registry"  # import and edit the 台账 (units, sites, columns, accounts)


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "admin": frozenset({Perm.VIEW, Perm.ADMIN, Perm.REGISTRY}),
    "supervisor": frozenset({Perm.VIEW, Perm.RUN, Perm.REVIEW, Perm.REGISTRY}),
    "reviewer": frozenset({Perm.VIEW, Perm.REVIEW, Perm.APPROVE}),
    "unit": frozenset({Perm.VIEW}),
    "viewer": frozenset({Perm.VIEW}),
}


class NotFound(Exception):
    """The object does not exist, or lies outside the user's scope (the user cannot tell which)."""


class Forbidden(Exception):
    """The user's role does not allow the action."""


class Unauthenticated(Exception):
    """No valid session cookie or API token."""


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user with the set of unit names they may see (None: every unit)."""

    user: User
    units: frozenset[str] | None
    csrf: str | None = None  # the session's CSRF token; None for API-token requests

    def sees(self, unit: str | None) -> bool:
        if self.units is None:
            return True
        return unit is not None and unit in self.units


def subtree(parents: Iterable[tuple[str, str | None]], root: str) -> frozenset[str]:
    """`root` and every unit below it, from (unit, parent) pairs."""
    children: dict[str, list[str]] = {}
    for name, parent in parents:
        if parent:
            children.setdefault(parent, []).append(name)
    seen = {root}
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return frozenset(seen)


def principal_for(store: Store, user: User, csrf: str | None = None) -> Principal:
    """The user's scope: a 填报单位 (or a 上级/只读 account tied to a unit) sees its unit's subtree."""
    if user.unit is None or user.role not in ("unit", "viewer"):
        return Principal(user, None, csrf)
    with store.session() as s:
        pairs = list(s.execute(select(UnitRow.name, UnitRow.parent)))
    return Principal(user, subtree(((n, p) for n, p in pairs), user.unit), csrf)


def authorize(p: Principal, perm: Perm, unit: str | None = None, *, owned: bool = False) -> None:
    """Raise unless the principal may `perm`; with `owned`, the object belongs to `unit` (404 outside scope)."""
    if owned and not p.sees(unit):
        raise NotFound
    if perm not in ROLE_PERMS.get(p.user.role, frozenset()):
        raise Forbidden


def scope_clause(p: Principal, unit_column: Any) -> ColumnElement[bool]:
    """A WHERE clause keeping rows whose unit is in the principal's scope."""
    if p.units is None:
        return true()
    clause: ColumnElement[bool] = unit_column.in_(sorted(p.units))
    return clause
