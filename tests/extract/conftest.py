"""Shared helpers for extraction tests: build small government-looking pages."""

from __future__ import annotations

import pytest

from govinspect.extract import extract_page
from govinspect.extract.facts import PageFacts

FOOTER = """
<div class="footer">
  <p>主办单位：桐柏县人民政府办公室 联系电话：0377-68123456</p>
  <p>网站标识码：4113300001 <a href="https://beian.miit.gov.cn">豫ICP备12345678号-1</a>
  <a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=41138102000123">豫公网安备 41138102000123号</a></p>
  <span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&id=ABC"><img src="/images/red.png"></a></span>
  <script id="_jiucuo_" sitecode="4113300001" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>
</div>
"""


def page(body: str, head: str = "", title: str = "测试页面") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}{FOOTER}</body></html>"
    )


def extract(html: str, url: str = "http://www.tongbai.gov.cn/zwgk/tzgg/index.html") -> PageFacts:
    return extract_page(url, html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})


@pytest.fixture
def make_page():
    return page
