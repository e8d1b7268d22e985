"""The catalogue data (`checks/catalog.yaml`): check codes and the redirects of renamed codes.

The catalogue is the rulebook both profiles and checks follow; it is read here, below the checks
layer, so profiles and importers can honour its redirects (old code → new code, like ruff's).
`govinspect.checks.catalog` turns the entries into typed metadata.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

CATALOG_PATH = Path(__file__).resolve().parent.parent / "checks" / "catalog.yaml"
REDIRECTS_KEY = "redirects"  # the one top-level key that is not a check code


@functools.cache
def _catalog_data() -> dict[str, Any]:
    data = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{CATALOG_PATH} 顶层必须是映射")
    return data


def catalog_entries() -> dict[str, dict[str, Any]]:
    """code → its raw catalogue entry (名称, family, impl, doc, evidence, example)."""
    return {str(k): v for k, v in _catalog_data().items() if k != REDIRECTS_KEY}


def code_redirects() -> dict[str, str]:
    """old code → current code."""
    return {str(k): str(v) for k, v in (_catalog_data().get(REDIRECTS_KEY) or {}).items()}


def canonical_code(code: str) -> str:
    """The current code for `code` (itself when it was never renamed)."""
    return code_redirects().get(code, code)
