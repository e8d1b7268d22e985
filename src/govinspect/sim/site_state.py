"""The state every part of a simulated site's builder shares: scenario, site spec, pages, faults, helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import govinspect.sim.pages as markup
import govinspect.sim.policies as policies
from govinspect.model import ColumnCategory, Site, TargetKind
from govinspect.sim.faults import FAULT_CHECKS
from govinspect.sim.filler import sub_rng, unit_full_name
from govinspect.sim.obstacles import HTTPS_GATES
from govinspect.sim.scenario import ColumnSpec, Scenario, SiteSpec
from govinspect.sim.tls import TLS_FAULTS
from govinspect.sim.types import PlantedFault, Resp, html_resp

NEWS_LIKE = {ColumnCategory.NEWS}
MAILBOX = "/hdjl/zxxx/"
CONTENT_FAULTS = {"serious_error", "outdated_name", "sensitive_word", "id_number", "mobile"}


@dataclass(slots=True)
class Col:
    spec: ColumnSpec
    idx: int
    slug: str
    group: str
    newest: dt.date | None
    items: list[markup.Item] = field(default_factory=list)
    page_urls: list[str] = field(default_factory=list)  # paths

    @property
    def url(self) -> str:
        return f"/{self.slug}/index.html"


@dataclass(slots=True)
class Letter:
    title: str
    type: str
    asked: dt.date
    replied: dt.date | None
    reply: str | None
    url: str


@dataclass(slots=True)
class Special:
    """An article whose body and 来源 are given (policy documents and their interpretations)."""

    body: str
    tail: str
    source: str | None = None


@dataclass(slots=True)
class BuiltSite:
    site: Site
    pages: dict[str, Resp]
    faults: list[PlantedFault]
    external: dict[str, set[str]]  # host -> paths that exist there
    missing_external: dict[str, set[str]]  # host -> paths that are dead links
    moved_external: dict[str, str] = field(default_factory=dict)  # host -> where it redirects now


class SiteState:
    """One site being built: its scenario and spec, the pages and faults so far, and small helpers."""

    def __init__(self, sc: Scenario, spec: SiteSpec) -> None:
        assert spec.code and spec.host
        self.sc, self.spec = sc, spec
        self.code: str = spec.code
        self.host: str = spec.host
        self.rng = sub_rng(sc.seed, "site", spec.code)
        self.unit_full = unit_full_name(sc, spec.unit)
        self.cp = sc.checkpoint
        self.faults: list[PlantedFault] = []
        self.pages: dict[str, Resp] = {}
        self.external: dict[str, set[str]] = {}
        self.missing_external: dict[str, set[str]] = {}
        self.moved_external: dict[str, str] = {}  # external host → where it now redirects (re-registered)
        self.kinds = {f.kind for f in spec.faults}
        self.scheme = "https" if self.kinds & {*TLS_FAULTS, *HTTPS_GATES} else "http"
        self.style = spec.date_format or "iso"
        self.look = spec.look or "ul"
        self.art_seq = 10000
        self.policies = policies.plan_policies(sc, self.code, spec.unit, spec.policies)
        self.special: dict[str, Special] = {}

    def fault(self, kind: str, **detail: Any) -> None:
        """Record a planted fault; the check it must trigger comes from `FAULT_CHECKS`."""
        check = FAULT_CHECKS[kind]
        self.faults.append(
            PlantedFault(kind, TargetKind.SITE, self.code, self.spec.name, self.spec.unit, check, detail)
        )

    def abs(self, path: str) -> str:
        return f"{self.scheme}://{self.host}{path}"

    def ext(self, url: str, dead: bool = False) -> None:
        rest = url.split("://", 1)[1]
        host, _, path = rest.partition("/")
        (self.missing_external if dead else self.external).setdefault(host, set()).add("/" + path)

    def site_code_shown(self) -> str | None:
        if "site_code_missing" in self.kinds:
            return None
        if "site_code_mismatch" in self.kinds:
            return self.code[:-4] + f"{(int(self.code[-4:]) + 5000) % 10000:04d}"
        return self.code

    def metas(self, extra: dict[str, str]) -> dict[str, str]:
        if "meta_missing" in self.kinds:
            return {"keywords": self.spec.name}
        m = {"SiteName": self.spec.name, "SiteDomain": self.host}
        code = self.site_code_shown()
        if code:
            m["SiteIDCode"] = code
        m.update(extra)
        return m

    def encode(self, html: str) -> Resp:
        enc = self.spec.encoding
        if enc == "utf-8":
            return html_resp(html.encode("utf-8"), "utf-8")
        body = html.encode("gbk", errors="xmlcharrefreplace")
        return html_resp(body, "GBK" if enc == "gbk" else None)
