"""Read the 台账 for the platform (units as a tree, sites with columns, accounts), always in the user's scope.

Lists filter by `scope_clause`; one object is looked up by id and checked with `authorize(owned=True)`,
so a unit user gets 404 for another unit's unit, site or account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from govinspect.store import AccountRow, ColumnRow, SiteRow, Store, UnitRow
from govinspect.web.authz import NotFound, Perm, Principal, authorize, scope_clause

LIKE_ESCAPE = "\\"


@dataclass
class UnitNode:
    """A unit in the tree with its own sites and accounts counted."""

    id: int
    name: str
    kind: str
    parent: str | None
    sites: int = 0
    accounts: int = 0
    children: list[UnitNode] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "parent": self.parent,
                "sites": self.sites, "accounts": self.accounts}  # fmt: skip


def unit_tree(store: Store, me: Principal) -> list[UnitNode]:
    """The units in scope as a forest: roots are units whose parent is outside the scope (or none)."""
    authorize(me, Perm.VIEW)
    with store.session() as s:
        rows = list(s.scalars(select(UnitRow).where(scope_clause(me, UnitRow.name)).order_by(UnitRow.id)))
        sites = {
            u: int(n)
            for u, n in s.execute(
                select(SiteRow.unit, func.count())
                .where(scope_clause(me, SiteRow.unit))
                .group_by(SiteRow.unit)
            )
        }
        accounts = {u: int(n) for u, n in s.execute(select(AccountRow.unit, func.count())
                                                     .where(scope_clause(me, AccountRow.unit))
                                                     .group_by(AccountRow.unit))}  # fmt: skip
    nodes = {
        r.name: UnitNode(r.id, r.name, r.kind, r.parent, sites.get(r.name, 0), accounts.get(r.name, 0))
        for r in rows
    }
    roots: list[UnitNode] = []
    for n in nodes.values():
        parent = nodes.get(n.parent) if n.parent else None
        (parent.children if parent else roots).append(n)
    return roots


def units(store: Store, me: Principal, *, after: int = 0, limit: int | None = None) -> list[UnitNode]:
    """Units in scope by id (for the API), with their counts."""
    flat: list[UnitNode] = []
    todo = list(unit_tree(store, me))
    while todo:
        n = todo.pop()
        flat.append(n)
        todo += n.children
    flat = sorted((n for n in flat if n.id > after), key=lambda n: n.id)
    return flat[:limit] if limit is not None else flat


def unit_names(store: Store, me: Principal) -> list[str]:
    """Names of the units in scope, for filters and forms."""
    with store.session() as s:
        q = select(UnitRow.name).where(scope_clause(me, UnitRow.name)).order_by(UnitRow.id)
        return list(s.scalars(q))


def unit(store: Store, me: Principal, unit_id: int, perm: Perm = Perm.VIEW) -> UnitRow:
    with store.session() as s:
        row = s.get(UnitRow, unit_id)
    if row is None:
        raise NotFound
    authorize(me, perm, row.name, owned=True)
    return row


def _like(text: str) -> str:
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def sites(
    store: Store,
    me: Principal,
    *,
    unit: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    search: str | None = None,
    after: int = 0,
    limit: int | None = None,
) -> list[SiteRow]:
    """Sites in scope, filtered by unit, kind, status and a search of name, 标识码 and address."""
    authorize(me, Perm.VIEW)
    q = select(SiteRow).where(scope_clause(me, SiteRow.unit), SiteRow.id > after).order_by(SiteRow.id)
    if unit:
        q = q.where(SiteRow.unit == unit)
    if kind:
        q = q.where(SiteRow.kind == kind)
    if status:
        q = q.where(SiteRow.status == status)
    if search:
        pattern = _like(search.strip())
        q = q.where(or_(*(c.like(pattern, escape=LIKE_ESCAPE) for c in (SiteRow.name, SiteRow.code,
                                                                         SiteRow.home_url))))  # fmt: skip
    if limit is not None:
        q = q.limit(limit)
    with store.session() as s:
        return list(s.scalars(q))


def site(store: Store, me: Principal, site_id: int, perm: Perm = Perm.VIEW) -> SiteRow:
    with store.session() as s:
        row = s.get(SiteRow, site_id)
    if row is None:
        raise NotFound
    authorize(me, perm, row.unit, owned=True)
    return row


def columns(store: Store, code: str) -> list[ColumnRow]:
    """A site's columns in 底账 order (the caller has checked the site)."""
    with store.session() as s:
        return list(s.scalars(select(ColumnRow).where(ColumnRow.site_code == code).order_by(ColumnRow.id)))


def accounts(
    store: Store,
    me: Principal,
    *,
    unit: str | None = None,
    platform: str | None = None,
    search: str | None = None,
    after: int = 0,
    limit: int | None = None,
) -> list[AccountRow]:
    """Accounts in scope, filtered by unit, platform and a search of name and account id."""
    authorize(me, Perm.VIEW)
    q = (
        select(AccountRow)
        .where(scope_clause(me, AccountRow.unit), AccountRow.id > after)
        .order_by(AccountRow.id)
    )
    if unit:
        q = q.where(AccountRow.unit == unit)
    if platform:
        q = q.where(AccountRow.platform == platform)
    if search:
        pattern = _like(search.strip())
        q = q.where(or_(AccountRow.name.like(pattern, escape=LIKE_ESCAPE),
                        AccountRow.account_id.like(pattern, escape=LIKE_ESCAPE)))  # fmt: skip
    if limit is not None:
        q = q.limit(limit)
    with store.session() as s:
        return list(s.scalars(q))


def account(store: Store, me: Principal, account_id: int, perm: Perm = Perm.VIEW) -> AccountRow:
    with store.session() as s:
        row = s.get(AccountRow, account_id)
    if row is None:
        raise NotFound
    authorize(me, perm, row.unit, owned=True)
    return row


def site_json(r: SiteRow) -> dict[str, Any]:
    return {
        "id": r.id, "code": r.code, "name": r.name, "home_url": r.home_url, "unit": r.unit, "kind": r.kind,
        "status": r.status, "status_since": r.status_since.isoformat() if r.status_since else None,
        "moved_to": r.moved_to,
    }  # fmt: skip


def account_json(r: AccountRow) -> dict[str, Any]:
    return {
        "id": r.id, "platform": r.platform, "account_id": r.account_id, "key": f"{r.platform}:{r.account_id}",
        "name": r.name, "unit": r.unit, "certified_entity": r.certified_entity,
    }  # fmt: skip
