"""What a 底账 import would change: added, changed and removed units, sites, columns and accounts.

`plan_import` compares the registry in the store with the one read from the files, in either mode:
merge (the default: rows are added or updated, nothing is removed; a site listed without columns
keeps its columns) or replace (the files are the whole 底账; what they lack is removed, except units
still named by a site, an account or another unit). `ImportPlan.result` is the registry afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from govinspect import model as m

SHOWN_NAMES = 10  # names listed per line of the summary; the rest are counted
T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Names of the rows of one kind that an import adds, changes and removes."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    units: Changes
    sites: Changes
    columns: Changes
    accounts: Changes
    result: m.Registry

    @property
    def empty(self) -> bool:
        kinds = (self.units, self.sites, self.columns, self.accounts)
        return not any(c.added or c.changed or c.removed for c in kinds)

    def summary(self) -> list[str]:
        """The plan in Chinese, one line per kind and one per non-empty list of names."""
        lines: list[str] = []
        for label, c in (
            ("单位", self.units),
            ("网站", self.sites),
            ("栏目", self.columns),
            ("政务新媒体", self.accounts),
        ):
            lines.append(
                f"{label}：新增 {len(c.added)} 个，修改 {len(c.changed)} 个，删除 {len(c.removed)} 个"
            )
            for verb, names in (("新增", c.added), ("修改", c.changed), ("删除", c.removed)):
                if names:
                    shown = "、".join(names[:SHOWN_NAMES])
                    more = f" 等 {len(names)} 个" if len(names) > SHOWN_NAMES else ""
                    lines.append(f"  {verb}：{shown}{more}")
        return lines


def _compare(
    before: Iterable[T], after: Iterable[T], key: Callable[[T], Hashable], name: Callable[[T], str]
) -> Changes:
    old = {key(x): x for x in before}
    new = {key(x): x for x in after}
    return Changes(
        added=tuple(name(x) for k, x in new.items() if k not in old),
        changed=tuple(name(x) for k, x in new.items() if k in old and old[k] != x),
        removed=tuple(name(x) for k, x in old.items() if k not in new),
    )


def _merged(current: m.Registry, incoming: m.Registry) -> m.Registry:
    """The registry after a merge import (what `Store.save_registry` does without replace)."""
    units = {u.name: u for u in current.units} | {u.name: u for u in incoming.units}
    old_sites = {s.code: s for s in current.sites}
    sites = dict(old_sites)
    for s in incoming.sites:
        kept = old_sites[s.code].columns if s.code in old_sites and not s.columns else s.columns
        sites[s.code] = m.keep_status_date(s, old_sites.get(s.code)).model_copy(update={"columns": kept})
    accounts = {a.key: a for a in current.accounts} | {a.key: a for a in incoming.accounts}
    return m.Registry(
        jurisdiction=incoming.jurisdiction or current.jurisdiction,
        units=tuple(units.values()),
        sites=tuple(sites.values()),
        accounts=tuple(accounts.values()),
    )


def _replaced(current: m.Registry, incoming: m.Registry) -> m.Registry:
    """The registry after a replace import: the files, plus units that are still referenced."""
    names = {u.name for u in incoming.units}
    needed = {s.unit for s in incoming.sites} | {a.unit for a in incoming.accounts}
    needed |= {u.parent for u in incoming.units if u.parent}
    old = {u.name: u for u in current.units}
    kept: list[m.Unit] = []
    while missing := [n for n in needed - names if n in old]:
        for n in missing:
            names.add(n)
            kept.append(old[n])
            if parent := old[n].parent:
                needed.add(parent)
    old_sites = {s.code: s for s in current.sites}
    sites = tuple(m.keep_status_date(s, old_sites.get(s.code)) for s in incoming.sites)
    return incoming.model_copy(update={"units": (*incoming.units, *kept), "sites": sites})


def plan_import(current: m.Registry, incoming: m.Registry, *, replace: bool = False) -> ImportPlan:
    """What importing `incoming` into a store holding `current` would add, change and remove."""
    result = _replaced(current, incoming) if replace else _merged(current, incoming)

    def columns(reg: m.Registry) -> list[tuple[str, m.Column]]:
        return [(s.code, c) for s in reg.sites for c in s.columns]

    def bare(s: m.Site) -> m.Site:
        return s.model_copy(update={"columns": ()})

    return ImportPlan(
        units=_compare(current.units, result.units, lambda u: u.name, lambda u: u.name),
        sites=_compare(
            map(bare, current.sites),
            map(bare, result.sites),
            lambda s: s.code,
            lambda s: f"{s.name}（{s.code}）",
        ),
        columns=_compare(
            columns(current),
            columns(result),
            lambda sc: (sc[0], sc[1].url),
            lambda sc: f"{sc[1].name}（{sc[0]}）",
        ),
        accounts=_compare(
            current.accounts, result.accounts, lambda a: a.key, lambda a: f"{a.platform.value}“{a.name}”"
        ),
        result=result,
    )
