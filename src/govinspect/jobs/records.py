"""What inspectors and units record by hand: 人工 findings and new-media posts.

Each function reads and checks its whole input first (file, target, account, indicator code)
and writes to the store only when everything is known; otherwise it raises `UserError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.feeds import Post
from govinspect.store import Store

TARGET_HINT = "网站写网站标识码，政务新媒体写“平台:账号ID”"


def target_kind(registry: m.Registry, target: str) -> m.TargetKind:
    """Whether `target` names a site (网站标识码) or an account (平台:账号ID) of the registry."""
    if target in {s.code for s in registry.sites}:
        return m.TargetKind.SITE
    if target in {a.key for a in registry.accounts}:
        return m.TargetKind.ACCOUNT
    raise UserError(f"台账中没有“{target}”（{TARGET_HINT}）")


def check_code(code: str) -> str:
    """An indicator code of the catalogue; a typo is refused with the 人工 codes as a hint."""
    from govinspect.checks import check_catalog
    from govinspect.rules import canonical_code

    catalog = check_catalog()
    code = canonical_code(code)  # a renamed code is recorded under its new one
    if code not in catalog:
        manual = "、".join(c for c in catalog if c.startswith("manual."))
        raise UserError(f"没有指标代码“{code}”（人工指标：{manual}；全部指标见 docs/indicators.md）")
    return code


def add_manual_finding(
    store: Store,
    round_name: str,
    target: str,
    code: str,
    message: str,
    *,
    url: str = "",
    points: float | None = None,
    veto: bool = False,
    inspector: str = "",
) -> m.Finding:
    """Record one 人工 finding on a registry target, scored by the profile unless points/veto are given."""
    from govinspect.checks import manual_finding

    kind = target_kind(store.load_registry(), target)
    finding = manual_finding(
        target, check_code(code), message, kind=kind, url=url, at=dt.datetime.now(m.TZ), points=points,
        veto=veto or None, inspector=inspector or None,
    )  # fmt: skip
    store.add_findings(round_name, [finding])
    return finding


def read_manual_findings(file: Path, registry: m.Registry) -> list[m.Finding]:
    """The 人工 findings of a sheet, each on a registry target with a known code; nothing is written."""
    from govinspect.checks import load_manual_findings

    found = load_manual_findings(file)
    unknown = _unique(f.target for f in found if _kind_or_none(registry, f.target) is None)
    if unknown:
        raise UserError(f"{file.name}：台账中没有“{'”“'.join(unknown[:5])}”（{TARGET_HINT}），未导入任何问题")
    for f in found:
        check_code(f.code)
    return found


def read_posts(file: Path, registry: m.Registry) -> list[Post]:
    """The posts of a units' or platform's export, each matched to a registry account; nothing is written."""
    from govinspect.feeds import import_posts

    return [p for items in import_posts(file, registry.accounts).values() for p in items]


def save_imported_posts(store: Store, posts: list[Post]) -> int:
    """Store imported posts (those already stored are skipped); the number newly stored."""
    return store.save_posts(
        {"account": p.account, "title": p.title, "published": p.published, "url": p.url, "text": p.text,
         "source": "import"}
        for p in posts
    )  # fmt: skip


def record_last_update(store: Store, account: str, day: dt.date, note: str = "", title: str = "") -> None:
    """An inspector's record that `account` last published on `day` (for platforms without a feed)."""
    if account not in {a.key for a in store.load_registry().accounts}:
        raise UserError(f"台账中没有账号“{account}”（应写作“平台:账号ID”）")
    published = dt.datetime.combine(day, dt.time(0, 0), tzinfo=m.TZ)
    store.save_posts(
        [{"account": account, "title": title or f"人工记录：{note or '最近更新'}", "published": published,
          "url": None, "text": note, "source": "manual"}]
    )  # fmt: skip


def _kind_or_none(registry: m.Registry, target: str) -> m.TargetKind | None:
    try:
        return target_kind(registry, target)
    except UserError:
        return None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
