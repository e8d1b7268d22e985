"""WAF challenge signatures: each family is recognised on its own page and on nothing else."""

from __future__ import annotations

import pytest

from govinspect.crawl.challenge import MAX_CHALLENGE_BYTES, RULES, challenge_family, family_name

RUISHU = (
    b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    b"<script>var $_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=58123;$_ts.cd=\"qxxqr\";</script>"
    b'<script src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js" r="m"></script></head><body></body></html>'
)
JIASULE = (
    b"<script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')"
    b"+('c')+('e')+('=')+(-~[]+'')+'.'+'|0|';location.href=location.pathname+location.search</script>"
)
YUNSUO = (
    b'<html><head><meta charset="utf-8"><title>\xe5\xae\x89\xe5\x85\xa8\xe9\xaa\x8c\xe8\xaf\x81</title></head><body>'
    b'<script>function stringToHex(s){return s}var screendate="1920,1080";'
    b'document.cookie="yunsuo_session_verify=2a87ab507187674302f32bbc33248656; path=/";'
    b'self.location="/?security_verify_data="+stringToHex(screendate);</script></body></html>'
)
ALIYUN = b"<html><script>var arg1='3E40CCD6';function setCookie(n,v){document.cookie=n+'='+v};setCookie('acw_sc__v2',x);reload(arg2);</script></html>"
CLOUDFLARE = (
    b'<html><body><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></body></html>'
)
GENERIC_200 = (
    b'<html><head><meta charset="utf-8"></head><body><script>'
    b'document.cookie="verify_token=9f8e7d; path=/"; window.location.reload();</script></body></html>'
)
PLAIN_412 = b"<html><head><script>var a=1;</script></head><body></body></html>"

# ordinary pages: none is a challenge
NEWS_MENTIONING_VERIFY = (
    "<html><head><title>关于加强网络安全验证工作的通知</title>"
    "<script>document.cookie='fontsize=16';</script></head><body>"
    "<h1>关于加强网络安全验证工作的通知</h1>"
    + "<p>各乡镇人民政府，县直各单位：为做好安全验证工作，现将有关事项通知如下。</p>" * 20
    + "<a href='/'>返回首页</a></body></html>"
).encode()
SHORT_REDIRECT_WITH_TEXT = (
    "<html><body><p>本站已改版，请访问新网址。"
    + "县政府门户网站提供政务公开、政务服务和互动交流。" * 10
    + "</p><script>document.cookie='visited=1';location.href='/new/';</script></body></html>"
).encode()


@pytest.mark.parametrize(
    ("status", "headers", "body", "family"),
    [
        (412, {}, RUISHU, "ruishu"),
        (200, {}, RUISHU, "ruishu"),
        (412, {}, PLAIN_412, "http412"),
        (521, {"set-cookie": "__jsluid_h=0a1b; max-age=31536000; path=/"}, JIASULE, "jiasule"),
        (200, {}, YUNSUO, "yunsuo"),
        (200, {}, ALIYUN, "aliyun"),
        (403, {}, CLOUDFLARE, "cloudflare"),
        (403, {"cf-mitigated": "challenge"}, b"<html><script></script></html>", "cloudflare"),
        (200, {}, GENERIC_200, "script"),
    ],
)
def test_each_family_is_recognised(status: int, headers: dict[str, str], body: bytes, family: str) -> None:
    assert challenge_family(status, headers, body) == family
    assert family_name(family) != family  # every family has a Chinese name for the evidence


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, NEWS_MENTIONING_VERIFY),  # 安全验证 in a news page, a cookie set for the font size
        (200, SHORT_REDIRECT_WITH_TEXT),  # a page with something to read
        (412, b"<html><body><p>Precondition Failed</p></body></html>"),  # no script
        (404, JIASULE),  # not a status a challenge uses
        (302, GENERIC_200),
        (200, b"<html><body><p>" + b"x" * MAX_CHALLENGE_BYTES + b"</p>" + GENERIC_200 + b"</body></html>"),
        (None, GENERIC_200),
    ],
)
def test_ordinary_responses_are_not_challenges(status: int | None, body: bytes) -> None:
    assert challenge_family(status, {}, body) is None


def test_cf_header_without_a_challenge_is_not_one() -> None:
    assert challenge_family(200, {"cf-mitigated": "none"}, GENERIC_200) is None


def test_families_are_unique() -> None:
    names = [r.family for r in RULES]
    assert len(names) == len(set(names))


def test_a_challenged_link_is_not_counted_dead() -> None:
    from govinspect.crawl.records import ErrorClass
    from govinspect.crawl.snapshot import is_dead_error

    assert is_dead_error(ErrorClass.HTTP_4XX)
    assert not is_dead_error(ErrorClass.CHALLENGE)
