"""The simulator's own page looks (govinspect.sim.pages) read back by the extractor.

Skipped when the simulator's building blocks are not importable or change their signature.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import extract, page

sim_pages = pytest.importorskip("govinspect.sim.pages")

DAYS = [dt.date(2023, 6, 20), dt.date(2023, 5, 8), dt.date(2023, 4, 1)]


def _items(prefix: str = "/tzgg/202306/"):
    try:
        return [
            sim_pages.Item(
                title=f"关于第{i}项工作的通知公告",
                url=f"{prefix}t{d:%Y%m%d}_{i}.html",
                day=d,
                time=dt.time(9, 30),
            )
            for i, d in enumerate(DAYS)
        ]
    except TypeError as exc:  # pragma: no cover - the simulator changed its types
        pytest.skip(f"simulator Item changed: {exc}")


def _list(items, look: str, style: str, blank: str = "notice") -> str:
    try:
        return sim_pages.list_html(items, look, style, "c1", "/tzgg/list_0.json", blank)
    except TypeError as exc:  # pragma: no cover
        pytest.skip(f"simulator list_html changed: {exc}")


@pytest.mark.parametrize("look", ["ul", "table", "jcms"])
@pytest.mark.parametrize("style", ["iso", "cn", "slash", "short", "datetime"])
def test_every_look_and_date_style(look, style):
    f = extract(page(_list(_items(), look, style)), url="http://www.tongbai.gov.cn/tzgg/index.html")
    assert f.page_type == "list"
    assert [i.date for i in f.list.items] == [d.isoformat() for d in DAYS]
    assert f.list.newest_date == "2023-06-20"


def test_json_look_is_unreadable_and_names_its_endpoint():
    f = extract(page(_list(_items(), "json", "iso")), url="http://www.tongbai.gov.cn/tzgg/index.html")
    assert f.page_type == "list"
    assert f.list.unreadable is True and f.list.blank is False
    assert f.list.data_url == "http://www.tongbai.gov.cn/tzgg/list_0.json"


def test_script_look_is_unreadable_and_names_no_endpoint():
    """The address its script assembles at run time is nowhere in the markup: only a browser reads it."""
    f = extract(page(_list(_items(), "script", "iso")), url="http://www.tongbai.gov.cn/tzgg/index.html")
    assert f.page_type == "list"
    assert f.list.unreadable is True and f.list.blank is False and not f.list.items
    assert f.list.data_url is None


def test_json_endpoint_body():
    from govinspect.extract import parse_json_list

    body = sim_pages.json_list(_items(), 0, 1, 3)
    facts = parse_json_list("http://www.tongbai.gov.cn/tzgg/list_0.json", body)
    assert facts.newest_date == "2023-06-20" and facts.total == 3 and len(facts.items) == 3


@pytest.mark.parametrize("look", ["ul", "table", "jcms"])
def test_blank_column_notice(look):
    f = extract(page(_list([], look, "iso")), url="http://www.tongbai.gov.cn/tzgg/index.html")
    assert f.page_type == "list" and f.list.blank is True and f.list.unreadable is False


def test_blank_column_without_notice_is_an_empty_list():
    f = extract(page(_list([], "ul", "iso", blank="empty")), url="http://www.tongbai.gov.cn/tzgg/index.html")
    assert f.page_type == "list" and f.list.blank is True
