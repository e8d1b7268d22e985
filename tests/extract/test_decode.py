"""decode_html: charsets from header, <meta>, BOM and detection; gb2312/gbk read as gb18030."""

from __future__ import annotations

import codecs

from govinspect.extract.decode import decode_html, normalize_charset

GBK_PAGE = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
GBK_BODY = "<body><p>桐柏县人民政府 通知公告 朱镕基</p></body></html>"


def test_gbk_declared_only_in_meta_is_decoded_as_gb18030():
    body = (GBK_PAGE + GBK_BODY).encode("gbk")
    text, enc = decode_html(body, None)
    assert enc == "gb18030"
    assert "朱镕基" in text  # 镕 is outside GB2312: a strict gb2312 decoder would fail here


def test_header_charset_wins_over_meta():
    body = ('<meta charset="gbk"><p>政府网站</p>').encode()
    text, enc = decode_html(body, {"Content-Type": "text/html; charset=UTF-8"})
    assert enc == "utf-8"
    assert "政府网站" in text


def test_wrong_declaration_falls_back_to_the_encoding_that_fits():
    body = ('<meta charset="utf-8"><p>政府信息公开年报</p>').encode("gbk")
    text, enc = decode_html(body, None)
    assert enc == "gb18030"
    assert "政府信息公开年报" in text


def test_bom_beats_meta_declaration():
    # realpages p18: a GB2312 page re-saved by a browser as UTF-16LE with BOM
    html = '<html><head><meta charset="gb2312"></head><body>湘潭市人民政府</body></html>'
    body = codecs.BOM_UTF16_LE + html.encode("utf-16-le")
    text, enc = decode_html(body, None)
    assert enc == "utf-16-le"
    assert "湘潭市人民政府" in text


def test_undeclared_gbk_is_detected():
    body = ("<html><body><p>" + "政府网站工作年度报表的内容是公开的信息" * 5 + "</p></body></html>").encode(
        "gbk"
    )
    text, _ = decode_html(body, None)
    assert "政府网站工作年度报表" in text


def test_plain_utf8_without_declaration():
    text, enc = decode_html("<p>通知公告</p>".encode(), None)
    assert enc == "utf-8" and "通知公告" in text


def test_never_raises_on_garbage():
    text, enc = decode_html(
        b"\xff\xfe\xfd<meta charset=bogus-charset>\x81\x82", {"content-type": "charset=nope"}
    )
    assert isinstance(text, str) and enc


def test_normalize_charset_aliases():
    assert normalize_charset("GB2312") == "gb18030"
    assert normalize_charset("gb_2312-80") == "gb18030"
    assert normalize_charset("x-gbk") == "gb18030"
    assert normalize_charset("utf-16") == "utf-8"
    assert normalize_charset("no-such-codec") is None


def test_default_latin1_header_does_not_garble_a_chinese_page():
    body = "<p>政府网站的信息公开</p>".encode("gbk")
    text, enc = decode_html(body, {"Content-Type": "text/html; charset=ISO-8859-1"})
    assert enc == "gb18030" and "信息公开" in text


def test_latin1_header_on_a_western_page_is_kept():
    text, enc = decode_html("<p>café</p>".encode("cp1252"), {"Content-Type": "text/html; charset=ISO-8859-1"})
    assert enc == "cp1252" and "café" in text


def test_a_page_cut_mid_character_keeps_its_encoding() -> None:
    """A page cut at the size limit can end inside a character: the rest still reads in its own codec."""
    page = "<html><body><p>关于做好防汛工作的通知</p><p>县人民政府办公室".encode()
    for cut in (1, 2):
        text, codec = decode_html(page[:-cut], {})
        assert codec == "utf-8" and text.startswith("<html><body><p>关于做好防汛工作的通知")
        assert "\ufffd" not in text  # the unfinished character is left out, not guessed at
    gbk = "<p>关于做好防汛工作的通知</p><p>县人民政府办公室".encode("gb18030")
    text, codec = decode_html(gbk[:-1], {})
    assert codec == "gb18030" and "县人民政府办公" in text and "\ufffd" not in text
