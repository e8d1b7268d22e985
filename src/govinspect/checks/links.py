"""Link checks: dead links (homepage, other pages, external), broken images, broken entries,
and 政务服务 links that do not point at the expected service platform."""

from __future__ import annotations

from urllib.parse import urlsplit

from govinspect.checks.common import error_text, matches_any, site_finding
from govinspect.checks.inputs import SiteInput, norm_url
from govinspect.crawl import LinkRecord
from govinspect.model import Finding
from govinspect.rules import Profile

MAX_SOURCES = 10


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _host_expected(url: str, expected: list[str]) -> bool:
    h = _host(url)
    return any(h == e.lower() or h.endswith("." + e.lower()) for e in expected)


def _sources(link: LinkRecord) -> list[dict[str, str]]:
    return [
        {"page": s.page, "anchor": s.anchor} for s in sorted(link.sources, key=lambda s: (s.page, s.anchor))
    ]


def _entry_kind(link: LinkRecord, profile: Profile) -> str | None:
    for kind, words in sorted(profile.links.entry_keywords.items()):
        if any(matches_any(s.anchor, words) for s in link.sources):
            return kind
    return None


def _is_service_link(link: LinkRecord, profile: Profile) -> bool:
    return link.kind != "img" and any(
        matches_any(s.anchor, profile.links.service_keywords) for s in link.sources
    )


def _wrong_service(link: LinkRecord, inp: SiteInput, profile: Profile) -> bool:
    """A 政务服务 link leaving the site for a host that is not the registered service platform.

    Links inside the site (a 政务服务 channel page of its own) are not judged here.
    """
    if not inp.expected_service_hosts or link.internal or not _is_service_link(link, profile):
        return False
    return not _host_expected(link.final_url or link.url, inp.expected_service_hosts)


def check_links(inp: SiteInput, profile: Profile) -> list[Finding]:
    """One finding per broken link, coded by where it is and what it is."""
    home = norm_url(inp.site.home_url)
    dead_errors = set(profile.links.dead_errors)
    out: list[Finding] = []
    for link in sorted(inp.links, key=lambda x: (x.url, x.kind)):
        sources = _sources(link)
        first = sources[0] if sources else {"page": inp.site.home_url, "anchor": ""}
        if _wrong_service(link, inp, profile):
            target = link.final_url or link.url
            first = next(s for s in sources if matches_any(s["anchor"], profile.links.service_keywords))
            out.append(
                site_finding(
                    inp,
                    "link.wrong_service",
                    f"政务服务链接“{first['anchor']}”指向{_host(target) or target}，未链接到政务服务平台",
                    url=first["page"],
                    captured_at=link.checked_at,
                    detail={
                        "link": link.url,
                        "final_url": link.final_url,
                        "host": _host(target),
                        "expected_hosts": sorted(inp.expected_service_hosts),
                        "anchor": first["anchor"],
                        "sources": sources[:MAX_SOURCES],
                    },
                )
            )
            continue
        if link.error is None or link.error not in dead_errors:
            continue
        entry = _entry_kind(link, profile)
        if entry is not None:
            words = profile.links.entry_keywords[entry]
            first = next((s for s in sources if matches_any(s["anchor"], words)), first)
        on_home = any(norm_url(s["page"]) == home for s in sources)
        detail: dict[str, object] = {
            "link": link.url,
            "final_url": link.final_url,
            "kind": link.kind,
            "internal": link.internal,
            "status": link.status,
            "error": link.error,
            "anchor": first["anchor"],
            "sources": sources[:MAX_SOURCES],
            "source_count": len(sources),
        }
        why = error_text(link.error, link.status)
        if entry is not None:
            code = "link.broken_entry"
            detail["category"] = entry
            msg = f"“{first['anchor']}”入口无法使用：{why}"
        elif on_home:
            code = "link.dead_homepage"
            msg = f"首页链接不可用：“{first['anchor']}” {link.url}（{why}）"
        elif link.kind == "img":
            code = "link.broken_image"
            msg = f"图片无法显示：{link.url}（{why}）"
        elif not link.internal:
            code = "link.dead_external"
            msg = f"外部链接不可用：“{first['anchor']}” {link.url}（{why}）"
        else:
            code = "link.dead"
            msg = f"链接不可用：“{first['anchor']}” {link.url}（{why}）"
        out.append(
            site_finding(inp, code, msg, url=first["page"], captured_at=link.checked_at, detail=detail)
        )
    return out
