"""Column classification by name (and ColumnType) from the editable table in column_keywords.yaml."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Final

import yaml

from govinspect.model import ColumnCategory

OTHER: Final = ColumnCategory.OTHER.value


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(category, keywords) rules from a YAML file (default: the packaged column_keywords.yaml)."""
    if path is None:
        raw = resources.files("govinspect.extract").joinpath("column_keywords.yaml").read_text("utf-8")
    else:
        raw = Path(path).read_text("utf-8")
    data = yaml.safe_load(raw) or {}
    valid = {c.value for c in ColumnCategory}
    rules: list[tuple[str, tuple[str, ...]]] = []
    for rule in data.get("rules", []):
        cat = str(rule.get("category", ""))
        if cat not in valid:
            raise ValueError(f"栏目分类表中的类别“{cat}”不是有效的栏目类别")
        rules.append((cat, tuple(str(k) for k in rule.get("keywords", []) if str(k))))
    return tuple(rules)


@lru_cache(maxsize=4096)
def classify_column(name: str | None, column_type: str | None = None, table: str | None = None) -> str:
    """The ColumnCategory value for a column name (ColumnType tried when the name says nothing); 其他 if unsure."""
    rules = load_rules(table)
    for candidate in (name, column_type):
        if not candidate:
            continue
        text = candidate.strip()
        best_cat, best_len = OTHER, 0
        for cat, keywords in rules:
            for kw in keywords:
                if kw in text and len(kw) > best_len:
                    best_cat, best_len = cat, len(kw)
        if best_cat != OTHER:
            return best_cat
    return OTHER
