"""Platform sections: a site served under a path prefix of another site's host (ADR 0021).

A town, department or village 信息公开平台 is often a section of the portal (`/xxgk/cun/dzc/`), not a
host of its own. The simulator builds such a site as usual and moves it under its prefix: every page
path, every root-relative link and every absolute URL of its own host gains the prefix, and the
portal's home page links to each section, as real portals do.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from govinspect.model import Column, Site
from govinspect.sim.types import PlantedFault, Resp

_TEXT_TYPES = ("text/", "application/json", "javascript", "xml")
# a root-relative reference in markup or script: ="/x", '/x', "/x" (never a protocol-relative //host)
_ROOT_REF = re.compile(rb"""(=\s*|["'(])/(?!/)""")


def _move_url(url: str, origin: str, prefix: str) -> str:
    return origin + prefix + url[len(origin) + 1 :] if url.startswith(origin + "/") else url


def _move_body(body: bytes, origin: str, prefix: str) -> bytes:
    pre = prefix.encode()
    own = origin.encode() + b"/"
    body = body.replace(own, b"\x00OWN\x00")
    body = _ROOT_REF.sub(lambda m: m.group(1) + pre, body)
    return body.replace(b"\x00OWN\x00", own + pre[1:])


def _move_resp(r: Resp, origin: str, prefix: str) -> Resp:
    ctype = (r.header("Content-Type") or "").lower()
    body = _move_body(r.body, origin, prefix) if any(t in ctype for t in _TEXT_TYPES) else r.body
    headers = tuple((k, _move_url(v, origin, prefix) if k.lower() == "location" else v) for k, v in r.headers)
    return replace(r, headers=headers, body=body)


def move_pages(pages: dict[str, Resp], origin: str, prefix: str) -> dict[str, Resp]:
    """The site's pages (path → response) moved under `prefix` of `origin` (scheme://host)."""
    out: dict[str, Resp] = {}
    for path, r in pages.items():
        if path == "/robots.txt":
            continue  # robots.txt belongs to the host (the portal's), never to a section
        out[prefix + path[1:]] = _move_resp(r, origin, prefix)
    return out


def move_site(site: Site, origin: str, prefix: str) -> Site:
    """The registry entry of a moved site: its home, columns and path prefix under `prefix`."""
    return site.model_copy(
        update={
            "home_url": _move_url(site.home_url, origin, prefix),
            "path_prefix": prefix,
            "columns": tuple(
                Column(name=c.name, url=_move_url(c.url, origin, prefix), category=c.category, level=c.level)
                for c in site.columns
            ),
        }
    )


def move_fault(f: PlantedFault, origin: str, prefix: str) -> PlantedFault:
    """A planted fault of a moved site, its URLs moved too."""
    detail: dict[str, Any] = {
        k: _move_url(v, origin, prefix) if isinstance(v, str) else v for k, v in f.detail.items()
    }
    return replace(f, detail=detail)


def link_sections(home: Resp, sections: list[tuple[str, str]]) -> Resp:
    """The portal's home page with a 信息公开平台 box linking to each (name, prefix) section."""
    links = "".join(f'<li><a href="{p}">{name}</a></li>' for name, p in sections)
    html = f'<div class="xxgk-platforms"><h3>信息公开平台</h3><ul>{links}</ul></div>'
    box = html.encode("ascii", "xmlcharrefreplace")  # whatever the page's encoding
    body = home.body.replace(b"</body>", box + b"</body>", 1) if b"</body>" in home.body else home.body + box
    return replace(home, body=body)
