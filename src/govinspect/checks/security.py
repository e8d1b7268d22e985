"""Security watch on a site's links (the national "安全、泄密事故等严重问题" family):

- security.hidden_link (暗链): links hidden from visitors (`PageFacts.hidden_links`) that lead off the
  site and whose text or host matches the lexicon;
- security.suspicious_link: visible off-site links whose host is blocked, whose text or host matches
  the lexicon, or that land on such a host (a domain re-registered by someone else).

`lexicon/security_links.yaml` holds the words, host fragments, the block list and an allow-list with
reasons. Menus hidden until hovered point inside the site and are never findings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from govinspect.checks.common import site_finding
from govinspect.checks.inputs import SiteInput
from govinspect.model import Finding
from govinspect.rules import Profile

LEXICON = Path(__file__).resolve().parent.parent / "lexicon" / "security_links.yaml"


@dataclass(frozen=True, slots=True)
class LinkLexicon:
    words: tuple[str, ...]
    domains: tuple[str, ...]
    blocked: tuple[str, ...]
    allow: dict[str, str]


@functools.cache
def link_lexicon() -> LinkLexicon:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}
    return LinkLexicon(
        tuple(map(str, data.get("words", []))),
        tuple(str(d).lower() for d in data.get("domains", [])),
        tuple(str(h).lower() for h in data.get("blocked_hosts", [])),
        {str(k).lower(): str(v) for k, v in (data.get("allow") or {}).items()},
    )


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""


def _within(host: str, hosts: set[str] | tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def _site_hosts(inp: SiteInput) -> set[str]:
    return {h.lower() for h in (_host(inp.site.home_url), *inp.site.extra_hosts) if h}


def lexicon_match(text: str, host: str) -> str | None:
    """The lexicon word in a link's text, or the fragment in its host; None when neither."""
    lex = link_lexicon()
    return next((w for w in lex.words if w in text), None) or next(
        (d for d in lex.domains if d in host), None
    )


def check_hidden_links(inp: SiteInput, profile: Profile) -> list[Finding]:
    """security.hidden_link: one finding per hidden off-site link with gambling/ads wording, per page."""
    hosts = _site_hosts(inp)
    home = inp.homepage()
    out: list[Finding] = []
    for pv in inp.pages:
        if pv.facts is None:
            continue
        where = "首页" if home is not None and pv.record.url == home.record.url else "页面"
        for link in pv.facts.hidden_links:
            host = _host(link.url)
            if not host or _within(host, hosts) or host in link_lexicon().allow:
                continue
            word = lexicon_match(link.anchor, host)
            if word is None:
                continue
            msg = f"{where}被植入暗链：隐藏的站外链接“{link.anchor}” {link.url}（{link.how}）"
            detail = {"link": link.url, "anchor": link.anchor, "how": link.how, "matched": word}
            out.append(site_finding(inp, "security.hidden_link", msg, url=pv.record.url,
                                    captured_at=pv.record.fetched_at, detail=detail))  # fmt: skip
    return out


def _suspicion(anchor: str, host: str, final_host: str) -> str | None:
    """Why an off-site link is suspicious (Chinese), or None."""
    lex = link_lexicon()
    if _within(host, lex.blocked):
        return f"域名 {host} 在屏蔽名单中"
    word = lexicon_match(anchor, "")
    if word:
        return f"链接文字含“{word}”"
    frag = lexicon_match("", host)
    if frag:
        return f"域名含“{frag}”"
    if (
        final_host
        and final_host != host
        and (_within(final_host, lex.blocked) or lexicon_match("", final_host))
    ):
        return f"打开后跳转到 {final_host}，域名可能已被他人注册"
    return None


def check_suspicious_links(inp: SiteInput, profile: Profile) -> list[Finding]:
    """security.suspicious_link: one finding per suspicious visible off-site link (hidden ones are 暗链)."""
    site_hosts = _site_hosts(inp)
    hidden = {h.url for pv in inp.pages if pv.facts is not None for h in pv.facts.hidden_links}
    allow = link_lexicon().allow
    out: list[Finding] = []
    for rec in inp.links:
        host = _host(rec.url)
        if rec.internal or rec.url in hidden or not host or _within(host, site_hosts) or host in allow:
            continue
        anchor = next((s.anchor for s in rec.sources if s.anchor), "")
        why = _suspicion(anchor, host, _host(rec.final_url))
        if why is None:
            continue
        page = rec.sources[0].page if rec.sources else inp.site.home_url
        detail = {"link": rec.url, "final_url": rec.final_url, "anchor": anchor, "reason": why,
                  "sources": [{"page": s.page, "anchor": s.anchor} for s in rec.sources],
                  "source_count": rec.source_count or len(rec.sources)}  # fmt: skip
        msg = f"可疑站外链接：“{anchor}” {rec.url}（{why}）"
        out.append(site_finding(inp, "security.suspicious_link", msg, url=page, captured_at=rec.checked_at,
                                detail=detail))  # fmt: skip
    return out
