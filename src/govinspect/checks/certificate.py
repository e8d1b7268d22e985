"""Certificate checks: a site read over a certificate a browser warns about, or over an outdated protocol.

The crawler reads such a site anyway (crawl/tls.py) and notes on its pages what was wrong; each problem
is its own finding here, so a certificate fault is never reported as 站点无法访问.
"""

from __future__ import annotations

from govinspect.checks.common import site_finding
from govinspect.checks.inputs import SiteInput
from govinspect.model import Finding
from govinspect.rules import Profile

EVIDENCE_KEYS = ("protocol", "cipher", "names", "not_before", "not_after", "issuer", "aia")


def _message(problem: str, report: dict[str, str], host: str) -> str | None:
    """The finding's Chinese line for one problem (None for a problem this check does not know)."""
    names = report.get("names") or "无"
    if problem == "cert_expired":
        return f"网站证书不在有效期内（有效期 {report.get('not_before', '')[:10]} 至 {report.get('not_after', '')[:10]}），浏览器访问时提示不安全"
    if problem == "cert_mismatch":
        return f"网站证书与域名不符（证书域名：{names}；网站域名：{host}），浏览器访问时提示不安全"
    if problem == "cert_untrusted":
        return f"网站证书不受信任（签发者：{report.get('issuer', '')}），浏览器访问时提示不安全"
    if problem == "chain_incomplete":
        return "网站未提供完整的证书链（缺少中级证书，需经证书中的颁发者地址补全），部分浏览器和设备无法验证"
    if problem == "weak_protocol":
        return f"网站只支持已淘汰的安全协议 {report.get('protocol', '')}，新版浏览器可能拒绝访问"
    if problem == "weak_key_exchange":
        return f"网站的密钥交换参数过弱（{report.get('cipher', '')}，Diffie-Hellman 参数不足 2048 位），新版浏览器拒绝连接"
    return None


def check_certificate(inp: SiteInput, profile: Profile) -> list[Finding]:
    """tls.*: one finding per problem the crawler met with the home page's certificate or protocol."""
    hp = inp.homepage()
    if hp is None or not hp.record.certificate:
        return []
    rec = hp.record
    report = rec.certificate or {}
    host = rec.final_url.split("://", 1)[-1].split("/", 1)[0]
    out = []
    for problem in filter(None, report.get("problems", "").split(",")):
        message = _message(problem, report, host)
        if message is None:
            continue
        detail = {"problem": problem, **{k: report.get(k, "") for k in EVIDENCE_KEYS}}
        out.append(
            site_finding(
                inp, f"tls.{problem}", message, url=rec.final_url, captured_at=rec.fetched_at, detail=detail
            )
        )
    return out
