"""The check catalogue: every code (website, new-media, 人工) with its 名称, 说明, family, implementing
function, evidence fields and example, read from `checks/catalog.yaml`.

Codes are stable identifiers, like lint rule ids; a renamed code keeps a redirect (old → new) in the
same file, which `govinspect.rules.codes.canonical_code` applies wherever codes are read.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govinspect.rules import canonical_code, catalog_entries

FAMILY_NAMES = {
    "availability": "可用性",
    "freshness": "信息更新",
    "links": "链接",
    "content": "内容与隐私",
    "identity": "网站标识",
    "interaction": "互动交流",
    "disclosure": "政府信息公开",
    "manual": "人工检查",
    "media": "政务新媒体",
    "security": "安全监测",
}
SITE_EXCLUDED_FAMILIES = ("manual", "media")
ABSENCE_SCOPES = ("page", "site")  # families not run by `run_site_checks`


@dataclass(frozen=True, slots=True)
class Example:
    hit: str  # a snippet of a page (or feed, record) that hits
    why: str  # why it hits


@dataclass(frozen=True, slots=True)
class CheckMeta:
    code: str
    name: str  # 名称
    family: str
    impl: str  # "module:function" implementing the check
    doc: str  # 说明, one paragraph
    evidence: tuple[str, ...]
    example: Example | None = None
    # Concludes from something NOT found: "page" on the page it names (evidence url), "site" anywhere in the
    # crawl. Such a finding is not made when what it rests on was cut at the size limit (checks/truncated.py).
    absence: str | None = None

    @property
    def is_site_check(self) -> bool:
        """Run over a website's crawl by `run_site_checks` (not new-media, not 人工)."""
        return self.family not in SITE_EXCLUDED_FAMILIES

    def function(self) -> Callable[..., Any]:
        """The function named by `impl`."""
        module, _, name = self.impl.partition(":")
        fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
        if not callable(fn):
            raise TypeError(f"{self.code}: {self.impl} 不是函数")
        return fn


_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _paragraph(text: object) -> str:
    """A folded YAML paragraph on one line: no space where a line break fell between Chinese characters."""
    return _CJK_BREAK.sub("", " ".join(str(text).split()))


def _meta(code: str, raw: dict[str, Any]) -> CheckMeta:
    ex = raw.get("example")
    return CheckMeta(
        code=code,
        name=str(raw["name"]),
        family=str(raw.get("family", code.split(".")[0])),
        impl=str(raw["impl"]),
        doc=_paragraph(raw.get("doc", "")),
        evidence=tuple(raw.get("evidence", []) or []),
        example=Example(str(ex["hit"]), _paragraph(ex["why"])) if ex else None,
        absence=_absence(code, raw.get("absence")),
    )


def _absence(code: str, value: object) -> str | None:
    if value is None or value in ABSENCE_SCOPES:
        return None if value is None else str(value)
    raise ValueError(f"{code}: absence 只能是 {'、'.join(ABSENCE_SCOPES)}")


@functools.cache
def check_catalog() -> dict[str, CheckMeta]:
    """code → metadata, sorted by code."""
    out = {code: _meta(code, raw) for code, raw in catalog_entries().items()}
    return dict(sorted(out.items()))


def check_name(code: str) -> str:
    """The Chinese name of a code, renamed codes included (the code itself when unknown)."""
    meta = check_catalog().get(canonical_code(code))
    return meta.name if meta else code
