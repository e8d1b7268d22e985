"""The check catalogue: every check code's 名称, 说明, family and evidence fields, read from YAML data.

`checks/catalog.yaml` holds the codes; codes are stable identifiers, like lint rule ids.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

CHECKS_DIR = Path(__file__).parent
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
}


@dataclass(frozen=True, slots=True)
class CheckMeta:
    code: str
    name: str  # 名称
    family: str
    doc: str  # 说明, one paragraph
    evidence: tuple[str, ...]


@functools.cache
def check_catalog() -> dict[str, CheckMeta]:
    """code → metadata, sorted by code."""
    out: dict[str, CheckMeta] = {}
    files = [CHECKS_DIR / "catalog.yaml"]
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for code, raw in data.items():
            out[code] = CheckMeta(
                code=code,
                name=str(raw["name"]),
                family=str(raw.get("family", code.split(".")[0])),
                doc=" ".join(str(raw.get("doc", "")).split()),
                evidence=tuple(raw.get("evidence", []) or []),
            )
    return dict(sorted(out.items()))


def check_name(code: str) -> str:
    """The Chinese name of a code (the code itself when unknown)."""
    meta = check_catalog().get(code)
    return meta.name if meta else code
