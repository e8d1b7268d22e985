"""Builds a simulated world from a scenario: every response, the ground truth and the expected verdicts.

Deterministic: the same scenario and seed give byte-identical responses (see `World.fingerprint`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

from govinspect.model import Account, FormerName, Registry, Site, TargetKind, Unit, Verdict
from govinspect.sim.filler import expand
from govinspect.sim.hostile import build_hostile, calendar_page
from govinspect.sim.mediagen import build_account
from govinspect.sim.obstacles import GATES, HTTPS_GATES
from govinspect.sim.scenario import Scenario, ScenarioError
from govinspect.sim.sections import link_sections, move_fault, move_pages, move_site
from govinspect.sim.sitegen import SiteBuilder
from govinspect.sim.tls import TLS_FAULTS
from govinspect.sim.types import Behaviour, ExpectedVerdict, PlantedFault, Resp, html_resp

EXTERNAL_TITLES = {
    "www.gov.cn": "中国政府网",
    "www.henan.gov.cn": "河南省人民政府门户网站",
    "www.hnzwfw.gov.cn": "河南政务服务网",
    "www.hbzwfw.gov.cn": "湖北政务服务网",
    "beian.miit.gov.cn": "ICP/IP地址/域名信息备案管理系统",
    "www.beian.gov.cn": "全国互联网安全管理服务平台",
    "bszs.conac.cn": "党政机关网站标识",
    "zfwzgl.www.gov.cn": "我为政府网站找错",
}


@dataclass(slots=True)
class World:
    scenario: Scenario  # expanded (filler materialised)
    responses: dict[str, dict[str, Resp]]  # host -> path(+query) -> response
    ground_truth: list[PlantedFault]
    expected: list[ExpectedVerdict]
    sites: list[Site] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    hostile_hosts: list[str] = field(default_factory=list)
    gates: dict[str, tuple[str, int]] = field(default_factory=dict)  # host → (challenge or block, uses)
    tls_hosts: dict[str, str | None] = field(default_factory=dict)  # https host → its TLS fault (None: sound)
    ipv6_hosts: set[str] = field(default_factory=set)  # hosts served only on ::1 (IPv6-only)

    def registry(self) -> Registry:
        sc = self.scenario
        units = tuple(
            Unit(
                name=u.name,
                kind=u.kind,
                parent=u.parent,
                former_names=tuple(FormerName(name=f.name, until=f.until) for f in u.former_names),
            )
            for u in sc.units
        )
        return Registry(
            jurisdiction=sc.jurisdiction, units=units, sites=tuple(self.sites), accounts=tuple(self.accounts)
        )

    def hosts(self) -> list[str]:
        return sorted(self.responses)

    def resolve(self, host: str, path_qs: str) -> Resp | None:
        """The response for a request, including generated ones (endless calendar)."""
        pages = self.responses.get(host.split(":")[0].lower())
        if pages is None:
            return None
        path, _, query = path_qs.partition("?")
        r = pages.get(path_qs)
        if r is not None and not (r.behaviour and r.behaviour.kind == "endless_calendar"):
            return r
        base = pages.get(path)
        if base is not None and base.behaviour and base.behaviour.kind == "endless_calendar":
            return html_resp(calendar_page(path, query, self.scenario.checkpoint))
        return None

    def faults_of(self, target: str) -> list[PlantedFault]:
        return [f for f in self.ground_truth if f.target == target]

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for host in sorted(self.responses):
            for path in sorted(self.responses[host]):
                r = self.responses[host][path]
                h.update(f"{host}{path}{r.status}{r.headers}{r.behaviour}".encode())
                h.update(r.body)
        h.update(
            json.dumps([f.to_json() for f in self.ground_truth], ensure_ascii=False, sort_keys=True).encode()
        )
        h.update(
            json.dumps([e.to_json() for e in self.expected], ensure_ascii=False, sort_keys=True).encode()
        )
        h.update(self.registry().model_dump_json().encode())
        return h.hexdigest()

    def interpretations(self) -> list[tuple[str, str, int, int]]:
        """The policy documents published with interpretations: (文件名称, 解读单位, 文字解读, 图片解读)."""
        return [
            (f.detail["document"], f.detail["unit"], f.detail["text"], f.detail["picture"])
            for f in self.ground_truth
            if f.fault == "policy_interpretation" and (f.detail["text"] or f.detail["picture"])
        ]

    def mutate_site(self, code: str, **changes: Any) -> None:
        """Change a served site as its unit would (fix a column, add a fault): its spec fields in `changes`
        are replaced, the site is generated again and served from the next request on."""
        specs = self.scenario.sites
        at = next((n for n, spec in enumerate(specs) if spec.code == code), None)
        if at is None:
            raise ScenarioError([f"场景中没有网站标识码为 {code} 的网站"])
        spec = specs[at].model_validate({**specs[at].model_dump(), **changes})
        built = SiteBuilder(self.scenario, spec).build()
        assert spec.host is not None
        specs[at] = spec
        site, faults = built.site, built.faults
        if spec.path_prefix == "/":
            self.responses[spec.host] = built.pages
        else:  # a section: only its own pages on the portal's host change
            origin, prefix = site.home_url[:-1], spec.path_prefix
            served = self.responses[spec.host]
            for path in [p for p in served if p.startswith(prefix)]:
                del served[path]
            served.update(move_pages(built.pages, origin, prefix))
            site, faults = move_site(site, origin, prefix), [move_fault(f, origin, prefix) for f in faults]
        self.ground_truth = [f for f in self.ground_truth if f.target != code] + faults
        self.sites = [site if s.code == code else s for s in self.sites]

    def ground_truth_json(self) -> list[dict[str, Any]]:
        return [f.to_json() for f in self.ground_truth]


def _external_page(host: str, path: str) -> Resp:
    title = EXTERNAL_TITLES.get(host, host)
    body = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><h1>{escape(title)}</h1><p>{escape(path)}</p></body></html>"
    )
    return html_resp(body.encode())


def build_world(scenario: Scenario) -> World:
    """Generate every site and account of the scenario."""
    sc = expand(scenario)
    responses: dict[str, dict[str, Resp]] = {}
    truth: list[PlantedFault] = []
    sites: list[Site] = []
    external: dict[str, set[str]] = {}
    dead_external: dict[str, set[str]] = {}
    problems: list[str] = []
    gates: dict[str, tuple[str, int]] = {}
    tls_hosts: dict[str, str | None] = {}
    ipv6_hosts: set[str] = set()
    seen_codes: set[str] = set()
    sections: dict[str, list[tuple[str, str]]] = {}  # host → (name, prefix) of the sections served there
    for spec in sorted(sc.sites, key=lambda s: s.path_prefix != "/"):  # hosts first, then their sections
        assert spec.code and spec.host
        if spec.code in seen_codes:
            problems.append(f"网站标识码重复：{spec.code}（{spec.name}）")
        seen_codes.add(spec.code)
        built = SiteBuilder(sc, spec).build()
        if spec.path_prefix != "/":
            origin = built.site.home_url[:-1]  # scheme://host
            pages = move_pages(built.pages, origin, spec.path_prefix)
            if spec.host not in responses or any(
                p.startswith(spec.path_prefix) for p in responses[spec.host]
            ):
                problems.append(
                    f"平台栏目 {spec.name} 的路径前缀 {spec.path_prefix} 不在某个网站之下或与已有页面重叠"
                )
            responses.setdefault(spec.host, {}).update(pages)
            sections.setdefault(spec.host, []).append((spec.name, spec.path_prefix))
            built = replace(
                built,
                site=move_site(built.site, origin, spec.path_prefix),
                faults=[move_fault(f, origin, spec.path_prefix) for f in built.faults],
            )
        elif spec.host in responses:
            problems.append(f"网站域名重复：{spec.host}（{spec.name}）")
        else:
            responses[spec.host] = built.pages
        for extra in spec.extra_hosts:
            responses[extra] = {"/": Resp(301, (("Location", built.site.home_url),))}
        truth += built.faults
        sites.append(built.site)
        for f in spec.faults:
            if f.kind in GATES:
                gates[spec.host] = (f.kind, f.uses)
            if f.kind in TLS_FAULTS:
                tls_hosts[spec.host] = f.kind
            elif f.kind in HTTPS_GATES:  # a sound certificate: the obstacle is in the redirects
                tls_hosts[spec.host] = None
            if f.kind == "ipv6_only":
                ipv6_hosts.add(spec.host)
        for h, ps in built.external.items():
            external.setdefault(h, set()).update(ps)
        for h, ps in built.missing_external.items():
            dead_external.setdefault(h, set()).update(ps)
        for h, target in built.moved_external.items():
            responses[h] = {"/": Resp(302, (("Location", target),))}
    for host, secs in sections.items():
        if "/" in responses.get(host, {}):
            responses[host]["/"] = link_sections(responses[host]["/"], secs)
    homes = {s.unit: s.home_url for s in sites}
    accounts: list[Account] = []
    feed_pages: dict[str, Resp] = {}
    for aspec in sc.accounts:
        ba = build_account(sc, aspec, homes)
        if any(a.key == ba.account.key for a in accounts):
            problems.append(f"政务新媒体账号重复：{ba.account.key}（{aspec.name}）")
        accounts.append(ba.account)
        feed_pages.update(ba.pages)
        truth += ba.faults
    if sc.accounts:
        feed_pages["/"] = html_resp(
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>RSSHub</title></head>'
            "<body>RSSHub 模拟</body></html>".encode()
        )
        responses[sc.feed_host] = feed_pages
    hostile_hosts = []
    for hs in sc.hostile:
        pages, faults = build_hostile(hs)
        responses[hs.host] = pages
        hostile_hosts.append(hs.host)
        truth += faults
    for host, paths in sorted(external.items()):
        if host in responses:
            continue
        ext_pages = responses.setdefault(host, {})
        ext_pages["/"] = _external_page(host, "/")
        for p in sorted(paths):
            ext_pages[p] = _external_page(host, p)
    for host, paths in dead_external.items():
        responses.setdefault(host, {"/": _external_page(host, "/")})
        for p in paths:
            responses[host].pop(p, None)
    expected = _expected(sc, sites, accounts, problems)
    if problems:
        raise ScenarioError(problems)
    return World(sc, responses, truth, expected, sites, accounts, hostile_hosts, gates, tls_hosts, ipv6_hosts)


def _expected(
    sc: Scenario, sites: list[Site], accounts: list[Account], problems: list[str]
) -> list[ExpectedVerdict]:
    out: list[ExpectedVerdict] = []
    ex = sc.expected
    used: set[str] = set()
    for s in sites:
        spec = ex.sites.get(s.code) or ex.sites.get(s.name)
        used.update(k for k in (s.code, s.name) if k in ex.sites)
        if s.code in ex.unjudged or s.name in ex.unjudged:
            continue
        if spec:
            out.append(
                ExpectedVerdict(
                    TargetKind.SITE, s.code, s.name, s.unit, spec.verdict, spec.score, spec.reason
                )
            )
        elif ex.default_site is not None:
            out.append(
                ExpectedVerdict(
                    TargetKind.SITE,
                    s.code,
                    s.name,
                    s.unit,
                    ex.default_site,
                    100.0
                    if ex.default_site is Verdict.PASS
                    and ex.sites
                    and any(v.score is not None for v in ex.sites.values())
                    else None,
                )
            )
    for a in accounts:
        spec = ex.accounts.get(a.key) or ex.accounts.get(a.name)
        used.update(k for k in (a.key, a.name) if k in ex.accounts)
        if a.key in ex.unjudged or a.name in ex.unjudged:
            continue
        if spec:
            out.append(
                ExpectedVerdict(
                    TargetKind.ACCOUNT, a.key, a.name, a.unit, spec.verdict, spec.score, spec.reason
                )
            )
        elif ex.default_account is not None:
            out.append(ExpectedVerdict(TargetKind.ACCOUNT, a.key, a.name, a.unit, ex.default_account))
    names = {x for s in sites for x in (s.code, s.name)} | {x for a in accounts for x in (a.key, a.name)}
    problems.extend(f"expected.unjudged 中的目标不存在：{k}" for k in ex.unjudged if k not in names)
    for k in list(ex.sites) + list(ex.accounts):
        if k not in used:
            problems.append(f"expected 中的目标不存在：{k}")
    t = ex.totals
    counts = Counter((e.target_kind, e.verdict) for e in out)
    actual = {
        "sites": len(sites),
        "sites_pass": counts[(TargetKind.SITE, Verdict.PASS)],
        "accounts": len(accounts),
        "accounts_pass": counts[(TargetKind.ACCOUNT, Verdict.PASS)],
    }
    for k, v in t.items():
        if k not in actual:
            problems.append(f"expected.totals 不认识的键：{k}")
        elif actual[k] != v:
            problems.append(f"expected.totals.{k} = {v}，但场景实际为 {actual[k]}")
    return out


__all__ = ["Behaviour", "ExpectedVerdict", "PlantedFault", "Resp", "World", "build_world"]
