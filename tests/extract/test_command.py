"""`govinspect extract FILE --url URL [--json]` output."""

from __future__ import annotations

import json

import pytest

from govinspect.extract.command import run_extract
from govinspect.extract.summary import summary_zh

from .conftest import extract, page

LIST = '<ul><li><a href="/a/1.html">关于做好防汛工作的通知</a><span>2023-06-20</span></li><li><a href="/a/2.html">关于安全生产的通知</a><span>2023-06-01</span></li><li><a href="/a/3.html">县政府常务会议</a><span>2023-05-01</span></li></ul>'


def test_json_contract(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(page(LIST), "utf-8")
    doc = json.loads(run_extract(f, "http://www.tongbai.gov.cn/zwgk/", as_json=True))
    assert set(doc) == {"page_type", "meta", "footer", "column", "list", "article", "letters"}
    assert doc["page_type"] == "list"
    assert doc["list"]["newest_date"] == "2023-06-20"
    assert doc["list"]["items"][0] == {
        "title": "关于做好防汛工作的通知",
        "url": "http://www.tongbai.gov.cn/a/1.html",
        "date": "2023-06-20",
    }
    assert doc["footer"]["icp"] == "豫ICP备12345678号-1"
    assert doc["article"] is None


def test_chinese_summary(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(page(LIST), "utf-8")
    out = run_extract(f, "http://www.tongbai.gov.cn/zwgk/", as_json=False)
    assert "页面类型：栏目列表页" in out and "最新日期：2023-06-20" in out and "网站标识码：4113300001" in out


def test_missing_file_message(tmp_path):
    with pytest.raises(ValueError, match="无法读取文件"):
        run_extract(tmp_path / "none.html", "http://a.cn/", as_json=True)


def test_summary_flags_pubdate_conflict():
    html = page(
        '<h1>县长调研</h1><p class="info">发布时间：2023-06-20</p><div>'
        + "<p>"
        + "正文内容。" * 60
        + "</p></div>",
        '<meta name="ArticleTitle" content="县长调研"><meta name="PubDate" content="2024-01-01 00:00:00">',
    )
    assert "不一致" in summary_zh(extract(html))


def test_only_the_first_limit_bytes_are_read(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(page(LIST), "utf-8")
    cut_at = f.read_bytes().index("关于安全生产的通知".encode())
    cut = json.loads(run_extract(f, "http://www.tongbai.gov.cn/zwgk/", as_json=True, limit=cut_at))
    assert cut["footer"]["icp"] is None  # the footer lies past the cut
    whole = json.loads(run_extract(f, "http://www.tongbai.gov.cn/zwgk/", as_json=True, limit=10**6))
    assert whole["footer"]["icp"] == "豫ICP备12345678号-1"


def test_the_cli_says_when_a_file_is_over_the_limit(tmp_path):
    from typer.testing import CliRunner

    from govinspect.cli import app

    big, small = tmp_path / "big.html", tmp_path / "small.html"
    small.write_text(page(LIST), "utf-8")
    filler = "<!--" + "x" * (10 * 1024 * 1024) + "-->"  # past the 10 MB limit, cheap to parse
    big.write_text(page(LIST).replace("<body>", "<body>" + filler), "utf-8")
    runner = CliRunner()
    over = runner.invoke(app, ["extract", str(big), "--url", "http://www.tongbai.gov.cn/zwgk/"])
    assert over.exit_code == 0, over.output
    assert "超过 10 MB 的页面大小上限，只读取前 10 MB" in over.output
    under = runner.invoke(app, ["extract", str(small), "--url", "http://www.tongbai.gov.cn/zwgk/", "--json"])
    assert under.exit_code == 0 and "上限" not in under.output
    assert json.loads(under.output)["list"]["newest_date"] == "2023-06-20"
