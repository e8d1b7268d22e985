"""Government meta tags: tolerant of attribute order, case, quoting and spacing."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.meta import canonical_name, read_meta


def test_order_case_quotes_and_spacing():
    head = (
        "<META CONTENT='桐柏县人民政府' NAME='sitename'>"
        '<meta content="4113300001"   name = "SiteIDCode" >'
        '<meta name="contentSource" content=" 县政府办 ">'
        '<meta name=PubDate content="2023-06-20 10:00">'
        '<meta name="ColumnType" content="">'
    )
    meta = read_meta(LexborHTMLParser(f"<html><head>{head}</head></html>"))
    assert meta["SiteName"] == "桐柏县人民政府"
    assert meta["SiteIDCode"] == "4113300001"
    assert meta["ContentSource"] == "县政府办"
    assert meta["PubDate"] == "2023-06-20 10:00"
    assert meta["ColumnType"] == ""


def test_absent_tags_are_absent():
    assert "ColumnName" not in read_meta(LexborHTMLParser('<meta name="keywords" content="a">'))


def test_canonical_names():
    assert canonical_name("SITEDOMAIN") == "SiteDomain"
    assert canonical_name("DocId") == "DocId"


def test_placeholder_values_are_not_usable():
    from govinspect.extract.meta import usable

    for junk in ("${article.title}", "<%=title%>", "{{title}}", "null", "", "  ", "#ColumnName#"):
        assert usable(junk) is None, junk
    assert usable(" 通知公告 ") == "通知公告"
    assert usable(None) is None
