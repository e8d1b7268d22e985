"""Edit one unit, site or account of the 台账, or a site's 运行状态, from a form: checked, saved, audited.

Every function checks the whole form first and raises `EditRefused` (one Chinese line) with nothing
changed; otherwise it writes the object through `Store.save_registry` and appends the audit entry
(who, when, object, changed fields before → after). Nothing is written when nothing changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.jobs.registry_changes import RegistryImport, object_changes
from govinspect.registry import path_prefix_problem, url_problem
from govinspect.store import ColumnRow, SiteRow, Store, UserStore
from govinspect.web.authz import Principal, subtree

E = TypeVar("E", bound=StrEnum)
NAME_MAX = 200
COLUMN_SEPARATORS = re.compile(r"\s*[,，\t]\s*")


class EditRefused(UserError):
    """The form was not saved; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Audit:
    """Who is editing, for the audit log."""

    users: UserStore
    me: Principal
    ip: str

    def write(self, action: str, before: m.Registry, after: m.Registry) -> bool:
        """Log the change of the one object in `before`/`after`; False when nothing changed."""
        changes = object_changes(before, after)
        for obj, old, new in changes:
            self.users.audit(self.me.user.name, action, obj, before=old, after=new, ip=self.ip)
        return bool(changes)

    def write_import(self, imp: RegistryImport, detail: str) -> None:
        """Log an applied import: one entry per object it changed, and one with the whole summary."""
        name = self.me.user.name
        self.users.audit_many(
            name, "导入台账", object_changes(imp.before, imp.plan.result), ip=self.ip, detail=detail
        )
        self.users.audit(
            name, "导入台账", "台账", ip=self.ip, detail="\n".join([detail, *imp.plan.summary()])
        )


def _name(value: str, what: str, limit: int = NAME_MAX) -> str:
    value = value.strip()
    if not value:
        raise EditRefused(f"“{what}”不能为空")
    if len(value) > limit:
        raise EditRefused(f"“{what}”过长（不超过 {limit} 个字）")
    return value


def _url(value: str, what: str, *, required: bool = True) -> str | None:
    value = value.strip()
    if not value and not required:
        return None
    if reason := url_problem(value):
        raise EditRefused(f"{what}“{value}”不正确：{reason}")
    return value


def _choice(value: str, enum: type[E], what: str) -> E:
    try:
        return enum(value.strip())
    except ValueError:
        allowed = "、".join(e.value for e in enum)
        raise EditRefused(f"{what}“{value}”无法识别（可选：{allowed}）") from None


def _unit(store: Store, value: str, what: str = "主办单位") -> str:
    value = value.strip()
    if value not in store.unit_names():
        raise EditRefused(f"{what}“{value}”不在单位台账中")
    return value


def parse_columns(text: str) -> tuple[m.Column, ...]:
    """Columns from a text box: one per line, “栏目名称，栏目地址[，栏目类型[，级别]]”."""
    out: list[m.Column] = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = COLUMN_SEPARATORS.split(line.strip())
        if len(parts) < 2 or len(parts) > 4:
            raise EditRefused(f"栏目第 {n} 行应写作“栏目名称，栏目地址，栏目类型，级别”（类型和级别可省略）")
        name = _name(parts[0], f"栏目第 {n} 行的栏目名称")
        url = _url(parts[1], f"栏目第 {n} 行的栏目地址") or ""
        if url in seen:
            raise EditRefused(f"栏目第 {n} 行的栏目地址“{url}”与前面的栏目重复")
        seen.add(url)
        category = m.ColumnCategory.OTHER
        if len(parts) > 2 and parts[2]:
            category = _choice(parts[2], m.ColumnCategory, f"栏目第 {n} 行的栏目类型")
        level = parts[3] if len(parts) > 3 else "1"
        if level not in ("1", "2", "3"):
            raise EditRefused(f"栏目第 {n} 行的级别“{level}”无效（应为 1、2 或 3）")
        out.append(m.Column(name=name, url=url, category=category, level=int(level)))
    return tuple(out)


def columns_text(columns: tuple[m.Column, ...]) -> str:
    """The text box's lines for a site's columns (what `parse_columns` reads back)."""
    return "\n".join(f"{c.name}，{c.url}，{c.category.value}，{c.level}" for c in columns)


def _registry_site(store: Store, code: str) -> m.Site:
    return next(s for s in store.load_registry().sites if s.code == code)


def edit_site(
    store: Store, audit: Audit, code: str, *, name: str, home_url: str, kind: str, unit: str, columns: str,
    path_prefix: str = "/",
) -> bool:  # fmt: skip
    """Save a site's name, address, path prefix, kind, unit and columns; True when something changed."""
    old = _registry_site(store, code)
    url = _url(home_url, "首页网址") or ""
    prefix = path_prefix.strip() or "/"
    if reason := path_prefix_problem(prefix):
        raise EditRefused(reason)
    if not (urlsplit(url).path or "/").startswith(prefix):
        raise EditRefused(f"首页网址不在路径前缀“{prefix}”之下")
    new = old.model_copy(
        update={
            "name": _name(name, "网站名称", 300),
            "home_url": url,
            "path_prefix": prefix,
            "kind": _choice(kind, m.SiteKind, "网站类型"),
            "unit": _unit(store, unit),
            "columns": parse_columns(columns),
        }
    )
    store.save_registry(m.Registry(sites=(new,)))
    if not new.columns and old.columns:  # saving a site without columns keeps them: clear them here
        with store.session() as s:
            s.execute(delete(ColumnRow).where(ColumnRow.site_code == code))
    return audit.write("修改网站", m.Registry(sites=(old,)), m.Registry(sites=(new,)))


def set_site_status(store: Store, audit: Audit, code: str, *, status: str, since: str, moved_to: str) -> bool:
    """Set a site's 运行状态 from a date (required unless 运行); 迁移 needs the new address."""
    old = _registry_site(store, code)
    new_status = _choice(status, m.SiteStatus, "运行状态")
    day: dt.date | None = None
    if since.strip():
        try:
            day = dt.date.fromisoformat(since.strip())
        except ValueError:
            raise EditRefused(f"生效日期“{since.strip()}”不是有效日期（应为 YYYY-MM-DD）") from None
    elif new_status != m.SiteStatus.RUNNING:
        raise EditRefused(f"“{new_status.value}”须填写生效日期")
    target = None
    if new_status == m.SiteStatus.MIGRATED:
        target = _url(moved_to, "迁移后网址")
    elif moved_to.strip():
        raise EditRefused("只有“迁移”的网站填写迁移后网址")
    new = old.model_copy(update={"status": new_status, "status_since": day, "moved_to": target})
    if new == old:
        return False
    _save_status(store, new)
    return audit.write("变更网站状态", m.Registry(sites=(old,)), m.Registry(sites=(new,)))


def _save_status(store: Store, site: m.Site) -> None:
    """Write the status, its date and address as given (`save_registry` keeps a date the form cleared)."""
    with store.session() as s:
        row = s.scalars(select(SiteRow).where(SiteRow.code == site.code)).one()
        row.status, row.status_since, row.moved_to = site.status.value, site.status_since, site.moved_to


def edit_unit(store: Store, audit: Audit, name: str, *, kind: str, parent: str) -> bool:
    """Save a unit's kind and parent (not itself, nor a unit below it)."""
    reg = store.load_registry()
    old = next(u for u in reg.units if u.name == name)
    parent_name = parent.strip() or None
    if parent_name is not None:
        _unit(store, parent_name, "上级单位")
        if parent_name in subtree(((u.name, u.parent) for u in reg.units), name):
            raise EditRefused(f"上级单位“{parent_name}”是本单位或其下级单位")
    new = old.model_copy(update={"kind": _choice(kind, m.UnitKind, "单位类型"), "parent": parent_name})
    store.save_registry(m.Registry(units=(new,)))
    return audit.write("修改单位", m.Registry(units=(old,)), m.Registry(units=(new,)))


def edit_account(
    store: Store, audit: Audit, key: str, *, name: str, unit: str, certified_entity: str, feed_url: str,
    profile_url: str,
) -> bool:  # fmt: skip
    """Save an account's name, unit, 认证主体 and addresses."""
    old = next(a for a in store.load_registry().accounts if a.key == key)
    new = old.model_copy(
        update={
            "name": _name(name, "账号名称"),
            "unit": _unit(store, unit),
            "certified_entity": certified_entity.strip()[:NAME_MAX] or None,
            "feed_url": _url(feed_url, "订阅地址", required=False),
            "profile_url": _url(profile_url, "主页地址", required=False),
        }
    )
    store.save_registry(m.Registry(accounts=(new,)))
    return audit.write("修改政务新媒体账号", m.Registry(accounts=(old,)), m.Registry(accounts=(new,)))
