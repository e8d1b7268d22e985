"""A 底账 import in two steps (plan, then apply) for the CLI and the platform, and what it changed per object.

Both `govinspect registry import` and the 台账 page call `plan_registry_import` (read the files all or
nothing, compare with the store) and `apply_registry_import`; `object_changes` lists each unit, site
and account whose row an import or an edit changed, for the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govinspect import model as m
from govinspect.registry import ImportPlan, plan_import, read_registry
from govinspect.store import Store


@dataclass(frozen=True, slots=True)
class RegistryImport:
    """Files read and checked, and what importing them would change."""

    incoming: m.Registry
    before: m.Registry
    plan: ImportPlan
    replace: bool


def plan_registry_import(store: Store, files: Sequence[Path], *, replace: bool = False) -> RegistryImport:
    """Read 底账 files (raising `ImportRefused` naming every problem) and plan their import; writes nothing."""
    incoming = read_registry(files, known_units=store.unit_names())
    before = store.load_registry()
    return RegistryImport(incoming, before, plan_import(before, incoming, replace=replace), replace)


def apply_registry_import(store: Store, imp: RegistryImport) -> None:
    """Write a planned import (merge, or replace the whole 底账)."""
    store.save_registry(imp.plan.result if imp.replace else imp.incoming, replace=imp.replace)


def unit_object(name: str) -> str:
    return f"单位:{name}"


def site_object(code: str) -> str:
    return f"网站:{code}"


def account_object(key: str) -> str:
    return f"政务新媒体:{key}"


def _site_fields(s: m.Site) -> dict[str, Any]:
    d = s.model_dump(mode="json", exclude={"columns", "crawl"})
    d["columns"] = [f"{c.name} {c.url} {c.category.value}" for c in s.columns]
    return d


def _rows(reg: m.Registry) -> dict[str, dict[str, Any]]:
    out = {unit_object(u.name): u.model_dump(mode="json") for u in reg.units}
    out |= {site_object(s.code): _site_fields(s) for s in reg.sites}
    out |= {account_object(a.key): a.model_dump(mode="json") for a in reg.accounts}
    return out


def object_changes(
    before: m.Registry, after: m.Registry
) -> list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]]:
    """(object, fields before, fields after) of every object added, changed or removed; only changed fields."""
    old, new = _rows(before), _rows(after)
    out: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]] = []
    for obj in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(obj), new.get(obj)
        if a == b:
            continue
        if a is not None and b is not None:
            keys = [k for k in b if a.get(k) != b.get(k)]
            a, b = {k: a.get(k) for k in keys}, {k: b[k] for k in keys}
        out.append((obj, a, b))
    return out
