"""The hand-checked real government pages (../shared/realpages): every annotated field we read."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from govinspect.extract import extract_page
from govinspect.extract.facts import PageFacts

ROOT = Path(__file__).resolve().parents[3] / "shared" / "realpages"
if not (ROOT / "cases.json").exists():
    ROOT = Path("/work/shared/realpages")
CASES: list[dict[str, Any]] = (
    json.loads((ROOT / "cases.json").read_text("utf-8"))["cases"] if (ROOT / "cases.json").exists() else []
)
# Without the pages the module is skipped, except under CI, where test_real_pages_present fails.
pytestmark = pytest.mark.skipif(
    not CASES and os.environ.get("CI") != "true", reason="realpages not available"
)


def test_real_pages_present() -> None:
    assert CASES, f"the annotated real pages are missing: {ROOT / 'cases.json'}"


_cache: dict[str, PageFacts] = {}


def facts_of(case: dict[str, Any]) -> PageFacts:
    if case["id"] not in _cache:
        _cache[case["id"]] = extract_page(case["url"], (ROOT / case["file"]).read_bytes(), None)
    return _cache[case["id"]]


def strip_note(value: Any) -> Any:
    """'X (written …)' / 'X — split …' → 'X'."""
    if not isinstance(value, str):
        return value
    value = re.sub(r"\s\([^()]*\)\s*$", "", value)
    return re.split(r"\s+—\s+", value)[0]


def norm(value: Any) -> str | None:
    if value is None:
        return None
    return re.sub(r"\s+", "", str(value)).replace("：", "").replace(":", "").rstrip("号")


def ids(kind: str | None = None, key: str | None = None) -> list[Any]:
    out = []
    for c in CASES:
        ann = c["annotation"]
        if (kind is None or ann.get("type") == kind) and (key is None or ann.get(key)):
            out.append(pytest.param(c, id=c["id"]))
    return out


@pytest.mark.parametrize("case", ids())
def test_page_type(case):
    assert facts_of(case).page_type == case["annotation"]["type"]


@pytest.mark.parametrize("case", ids("list"))
def test_list_items_and_newest_date(case):
    ann = case["annotation"]
    lst = facts_of(case).list
    assert lst is not None
    assert lst.newest_date == ann["newest_date"]
    assert len(lst.items) == ann["item_count"]
    got = [(norm(i.title), i.date) for i in lst.items]
    assert got == [(norm(x["title"]), x["date"]) for x in ann["items"]]
    assert lst.blank is ann.get("blank", False)
    for item, exp in zip(lst.items, ann["items"], strict=True):
        if exp.get("href"):
            tail = re.sub(r"^(?:\./|\.\./)+", "", exp["href"])
            assert item.url and item.url.endswith(tail)


@pytest.mark.parametrize("case", ids("list"))
def test_column_name(case):
    assert facts_of(case).column.name == strip_note(case["annotation"]["column_name"])


@pytest.mark.parametrize("case", ids("article"))
def test_article_date_title_source(case):
    ann = case["annotation"]
    art = facts_of(case).article
    assert art is not None
    assert art.pub_date == ann["pub_date"]
    assert norm(art.title) == norm(ann["title"])
    assert norm(art.source) == norm(strip_note(ann.get("source")))


@pytest.mark.parametrize("case", ids(key="meta"))
def test_meta_tags(case):
    ann = case["annotation"]
    expected = dict(ann["meta"])
    expected.update(ann.get("meta_other") or {})
    got = {k.lower(): v for k, v in facts_of(case).meta.items()}
    for key, value in expected.items():
        exp = strip_note(value)
        if exp is None:
            assert key.lower() not in got, key
        else:
            assert got.get(key.lower(), "").strip() == exp.strip(), key


@pytest.mark.parametrize("case", ids(key="footer"))
def test_footer_identity(case):
    foot = case["annotation"]["footer"]
    f = facts_of(case).footer
    for key, got in (("site_id_code", f.site_id_code), ("icp", f.icp), ("gongan", f.gongan)):
        if key in foot:
            assert norm(got) == norm(strip_note(foot[key])), key
    if "conac_mark" in foot:
        mark = foot["conac_mark"]
        assert f.party_gov_badge is (mark is not None and not str(mark).startswith("not statically"))
    if "jiucuo_sitecode" in foot:
        assert f.zhaocuo_entry is (foot["jiucuo_sitecode"] is not None)


def test_meta_pubdate_conflicts_are_reported_separately():
    by_id = {c["id"]: c for c in CASES}
    for cid, meta_day in (("p08", "2022-10-14"), ("p16", "2024-06-03")):
        art = facts_of(by_id[cid]).article
        assert art is not None and art.meta_pub_date is not None
        assert art.meta_pub_date[:10] == meta_day
        assert art.pub_date is not None and art.pub_date[:10] != meta_day
