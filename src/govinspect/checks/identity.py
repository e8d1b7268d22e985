"""Identity checks: 指引 meta tags, 网站标识码, ICP and 公安 records, the 找错 entry, the domain."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from govinspect.checks.common import site_finding
from govinspect.checks.freshness import site_columns
from govinspect.checks.inputs import PageView, SiteInput, norm_url
from govinspect.model import Finding
from govinspect.rules import Profile

ZHAOCUO = "我为政府网站找错"
PAGE_TYPE_NAMES = {"home": "首页", "list": "栏目页", "article": "文章页"}


def _home_ok(inp: SiteInput) -> PageView | None:
    hp = inp.homepage()
    if hp is None or hp.facts is None or hp.record.error is not None:
        return None
    return hp


def check_meta(inp: SiteInput, profile: Profile) -> list[Finding]:
    """identity.meta_missing: required meta tags absent on the homepage, a column page, an article page.

    SiteIDCode is judged by identity.site_code_* and not counted here again.
    """
    hp = _home_ok(inp)
    samples: dict[str, PageView] = {}
    if hp is not None:
        samples["home"] = hp
    home = norm_url(inp.site.home_url)
    for col in site_columns(inp):
        if col.page is not None and col.page.facts is not None and col.page.record.error is None:
            samples.setdefault("list", col.page)
    for pv in sorted(inp.pages, key=lambda p: (p.record.depth, p.record.url)):
        if pv.facts is None or norm_url(pv.record.url) == home or pv.record.error is not None:
            continue
        if pv.facts.page_type == "article":
            samples.setdefault("article", pv)
    missing: dict[str, list[str]] = {}
    pages: dict[str, str] = {}
    for kind in ("home", "list", "article"):
        sample = samples.get(kind)
        if sample is None or sample.facts is None:
            continue
        meta = sample.facts.meta
        required = [t for t in profile.identity.meta_required.get(kind, []) if t != "SiteIDCode"]
        lack = [t for t in required if not meta.get(t, "").strip()]
        if lack:
            missing[kind] = lack
            pages[kind] = sample.record.url
    if not missing:
        return []
    first = next(iter(missing))
    text = "；".join(f"{PAGE_TYPE_NAMES[k]}缺少{'、'.join(v)}" for k, v in missing.items())
    return [
        site_finding(
            inp,
            "identity.meta_missing",
            f"网页元数据不全：{text}",
            url=pages[first],
            captured_at=samples[first].record.fetched_at,
            detail={"missing": missing, "pages": pages},
        )
    ]


def _site_code_seen(hp: PageView) -> str | None:
    assert hp.facts is not None
    return (hp.facts.footer.site_id_code or hp.facts.meta.get("SiteIDCode") or "").strip() or None


def check_site_code(inp: SiteInput, profile: Profile) -> list[Finding]:
    """identity.site_code_missing / identity.site_code_mismatch (against the registry's code)."""
    hp = _home_ok(inp)
    if hp is None:
        return []
    seen = _site_code_seen(hp)
    rec = hp.record
    if seen is None:
        return [
            site_finding(
                inp,
                "identity.site_code_missing",
                "首页未标注网站标识码",
                url=rec.url,
                captured_at=rec.fetched_at,
                detail={"registry_code": inp.site.code},
            )
        ]
    if re.match(profile.identity.site_code_pattern, inp.site.code) and seen != inp.site.code:
        return [
            site_finding(
                inp,
                "identity.site_code_mismatch",
                f"网站标识码“{seen}”与底账“{inp.site.code}”不符",
                url=rec.url,
                captured_at=rec.fetched_at,
                detail={"seen": seen, "registry_code": inp.site.code},
            )
        ]
    return []


def check_footer(inp: SiteInput, profile: Profile) -> list[Finding]:
    """identity.icp_missing / identity.gongan_missing: footer records on the homepage."""
    hp = _home_ok(inp)
    if hp is None or hp.facts is None:
        return []
    out = []
    footer = hp.facts.footer
    rec = hp.record
    if not footer.icp:
        out.append(
            site_finding(
                inp,
                "identity.icp_missing",
                "首页底部未标注ICP备案编号",
                url=rec.url,
                captured_at=rec.fetched_at,
            )
        )
    if not footer.gongan:
        out.append(
            site_finding(
                inp,
                "identity.gongan_missing",
                "首页底部未标注公安机关备案号",
                url=rec.url,
                captured_at=rec.fetched_at,
            )
        )
    return out


def check_zhaocuo(inp: SiteInput, profile: Profile) -> list[Finding]:
    """identity.zhaocuo_missing: no "我为政府网站找错" entry on the homepage."""
    hp = _home_ok(inp)
    if hp is None or hp.facts is None:
        return []
    if hp.facts.footer.zhaocuo_entry or any(ZHAOCUO in n.name for n in hp.facts.nav):
        return []
    home = norm_url(hp.record.url)
    for link in inp.links:
        if any(norm_url(s.page) == home and ZHAOCUO in s.anchor for s in link.sources):
            return []
    return [
        site_finding(
            inp,
            "identity.zhaocuo_missing",
            "首页未设置“我为政府网站找错”入口",
            url=hp.record.url,
            captured_at=hp.record.fetched_at,
        )
    ]


def check_domain(inp: SiteInput, profile: Profile) -> list[Finding]:
    """identity.domain: the home URL's host is not under .gov.cn / .政务."""
    host = (urlsplit(inp.site.home_url).hostname or "").lower().rstrip(".")
    if not host or any(host.endswith(s.lower()) for s in profile.identity.domain_suffixes):
        return []
    hp = inp.homepage()
    return [
        site_finding(
            inp,
            "identity.domain",
            f"网站域名“{host}”不是 .gov.cn 或 .政务 域名",
            url=inp.site.home_url,
            captured_at=hp.record.fetched_at if hp else None,
            detail={"host": host, "allowed": profile.identity.domain_suffixes},
        )
    ]
