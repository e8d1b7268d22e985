"""Security watch: 暗链 — links hidden from visitors that lead off the site to gambling, pornography,
fraud or advertising (the national "安全、泄密事故等严重问题" family).

The extractor finds the hidden links (`PageFacts.hidden_links`); a hidden link counts when it points
outside the site's registered hosts and its text or host matches `lexicon/hidden_links.yaml`. Menus
hidden until hovered point inside the site and are never findings.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from govinspect.checks.common import site_finding
from govinspect.checks.inputs import SiteInput
from govinspect.model import Finding
from govinspect.rules import Profile

LEXICON = Path(__file__).resolve().parent.parent / "lexicon" / "hidden_links.yaml"


@functools.cache
def _lexicon() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}
    return tuple(map(str, data.get("words", []))), tuple(str(d).lower() for d in data.get("domains", []))


def _site_hosts(inp: SiteInput) -> set[str]:
    hosts = {urlsplit(inp.site.home_url).hostname or "", *inp.site.extra_hosts}
    return {h.lower() for h in hosts if h}


def _inside(host: str, site_hosts: set[str]) -> bool:
    return any(host == h or host.endswith("." + h) for h in site_hosts)


def lexicon_match(text: str, host: str) -> str | None:
    """The 暗链 word in a link's text, or the domain fragment in its host; None when neither."""
    words, domains = _lexicon()
    return next((w for w in words if w in text), None) or next((d for d in domains if d in host), None)


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
            host = (urlsplit(link.url).hostname or "").lower()
            if not host or _inside(host, hosts):
                continue
            word = lexicon_match(link.anchor, host)
            if word is None:
                continue
            msg = f"{where}被植入暗链：隐藏的站外链接“{link.anchor}” {link.url}（{link.how}）"
            detail = {"link": link.url, "anchor": link.anchor, "how": link.how, "matched": word}
            out.append(site_finding(inp, "security.hidden_link", msg, url=pv.record.url,
                                    captured_at=pv.record.fetched_at, detail=detail))  # fmt: skip
    return out
