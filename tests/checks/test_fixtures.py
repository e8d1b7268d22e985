"""Fixtures per check code, kept the way axe-core and ruff keep theirs.

`fixtures/<code>/<case>/` holds real inputs — HTML pages with their URLs, feeds and account pages,
probe series, 人工 finding sheets — and a `case.yaml` naming the target, the checkpoint and the
profile. A case whose name starts with `hit` must produce the code, one starting with `miss` must
not. Each case runs extraction and the real checks (`run_site_checks`, `account_findings`,
`load_manual_findings`) and compares the findings of its code with `expected.json` beside it.

`GOVINSPECT_UPDATE_SNAPSHOTS=1` rewrites the snapshots; read every rewritten one against the rule
before committing it.

case.yaml, website cases (kind: site)::

    checkpoint: 2023-06-20            # 监测时间点 (end of that day, Asia/Shanghai)
    profile: national-2019            # or a .yaml path relative to the case folder
    site: {code, name, home_url, unit, kind, columns: [...]}   # the 底账 entry (model.Site)
    service_hosts: [hnzwfw.gov.cn]    # the 政务服务平台 hosts the office registered
    pages:                            # what the crawl fetched, in order
      - {url: http://x.gov.cn/, file: index.html}             # depth 0 for the home URL, else 1
      - {url: http://x.gov.cn/a/, status: 404, error: http_4xx}
      - {url: http://x.gov.cn/big/, file: big.html, truncated: true, declared_size: 52428800}  # cut at the limit
      - {url: http://x.gov.cn/tz/, file: tz.html, doubts: [仅从脚本数据读取]}  # the list read with low confidence
      - {url: http://x.gov.cn/js/, file: js.html, rendered: js-dom.html}  # and the page as chromium rendered it
      - {url: https://x.gov.cn/, file: index.html, certificate: {problems: cert_expired, ...}}  # crawl/tls.py
    links:                            # link-check results; every other out-link opened (HTTP 200)
      http://x.gov.cn/old.html: {status: 404, error: http_4xx}
    probes: probes.csv                # url,at,ok,status,elapsed_ms,error (ok: 1 or 0)

account cases (kind: account): checkpoint, profile, period_start, units, accounts (model.Account),
`http` (URL → {file, content_type} or {status} / {error}: what the feed and profile URLs answered)
and `links` (URL → error class or null, the link checker's results). manual cases (kind: manual):
`file`, the inspector's sheet.

`known_bug:` says why a case the rule decides one way is judged the other way today: the case is
then a strict expected failure, and gets its snapshot once the check is mended. `codes:` lists the
finding codes a case records when they differ from its folder's code (media.content_error findings
carry the lexicon's codes).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import pytest
import yaml

from govinspect.checks.catalog import check_catalog
from govinspect.checks.inputs import PageView, SiteInput, norm_url
from govinspect.checks.manual import load_manual_findings
from govinspect.checks.media import account_findings
from govinspect.checks.site import run_site_checks
from govinspect.crawl.fetch import FetchResult
from govinspect.crawl.page import parse_page
from govinspect.crawl.records import ErrorClass, LinkRecord, LinkSource, PageRecord, ProbeResult
from govinspect.extract import extract_page
from govinspect.feeds.http import FeedHttp
from govinspect.feeds.sources import FeedSource, FetchContext, collect
from govinspect.jobs.pipeline import _read_rendered_list, wants_render
from govinspect.model import TZ, Account, Finding, Site, Unit, checkpoint_at
from govinspect.rules.profile import Profile, load_profile

FIXTURES = Path(__file__).parent / "fixtures"
UPDATE = os.environ.get("GOVINSPECT_UPDATE_SNAPSHOTS") == "1"
SNAPSHOT = "expected.json"


# --------------------------------------------------------------------------- the catalogue


def catalogue() -> dict[str, tuple[str, ...]]:
    """Every check code (website, 人工 and new-media) → its evidence fields, from the catalogue."""
    return {code: meta.evidence for code, meta in check_catalog().items()}


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True, slots=True)
class Case:
    code: str  # the folder: the catalogue code this case is for
    name: str  # hit… / miss…
    path: Path
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.code}/{self.name}"

    @property
    def hit(self) -> bool:
        return self.name.startswith("hit")

    @property
    def codes(self) -> list[str]:
        return list(self.spec.get("codes") or [self.code])


def fixture_cases(root: Path = FIXTURES) -> list[Case]:
    """Every case folder under fixtures/<code>/ (names starting with hit or miss)."""
    out = []
    for code_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for case_dir in sorted(p for p in code_dir.iterdir() if p.is_dir()):
            if not case_dir.name.startswith(("hit", "miss")):
                raise ValueError(f"{case_dir}: a case folder's name starts with hit or miss")
            spec = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8")) or {}
            out.append(Case(code_dir.name, case_dir.name, case_dir, spec))
    return out


@functools.cache
def _load_profile(name_or_path: str | Path) -> Profile:
    return load_profile(name_or_path)


def _profile(case: Case) -> Profile:
    name = str(case.spec.get("profile", "national-2019"))
    if name.endswith((".yaml", ".yml")):
        return _load_profile(case.path / name)
    return _load_profile(name)


def _checkpoint(case: Case) -> dt.datetime:
    day = case.spec["checkpoint"]
    return checkpoint_at(day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)))


def _fetched_at(case: Case, cp: dt.datetime) -> str:
    """The crawl's capture time: 10:00 on the checkpoint day unless the case says otherwise."""
    at = case.spec.get("fetched_at")
    return str(at) if at else dt.datetime.combine(cp.date(), dt.time(10, 0), tzinfo=TZ).isoformat()


# --------------------------------------------------------------------------- websites


def _probes(path: Path) -> list[ProbeResult]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            ProbeResult(
                url=row["url"],
                at=row["at"],
                ok=row["ok"] == "1",
                status=int(row["status"]) if row["status"] else None,
                elapsed_ms=int(row["elapsed_ms"]),
                error=row["error"] or None,
            )
            for row in csv.DictReader(fh)
        ]


def site_input(case: Case) -> SiteInput:
    """The case's crawl as the checks see it: each page extracted, each out-link with its check result.

    Like the crawler, a link's result is the fetch of that page when the crawl fetched it, else the
    link checker's (the case's `links:`); links nobody reported broken opened with HTTP 200.
    """
    spec = case.spec
    site = Site.model_validate(spec["site"])
    cp = _checkpoint(case)
    at = _fetched_at(case, cp)
    hosts = {urlsplit(site.home_url).hostname, *site.extra_hosts}
    home = norm_url(site.home_url)
    pages: list[PageView] = []
    outlinks: dict[str, tuple[str, list[LinkSource]]] = {}  # url → (kind, sources)
    results: dict[str, tuple[int | None, str | None]] = {}  # url → (status, error)
    for raw in spec.get("pages", []):
        url = raw["url"]
        error = raw.get("error")
        status = raw.get("status", None if error else 200)
        rec = PageRecord(
            url=url,
            final_url=raw.get("final_url", url),
            status=status,
            fetched_at=raw.get("fetched_at", at),
            elapsed_ms=int(raw.get("elapsed_ms", 15000 if error == ErrorClass.TIMEOUT else 180)),
            size=0,
            sha1=None,
            depth=int(raw.get("depth", 0 if norm_url(url) == home else 1)),
            referrer=None if norm_url(url) == home else site.home_url,
            content_type="text/html; charset=utf-8" if "file" in raw else None,
            error=error,
            truncated=bool(raw.get("truncated", False)),
            declared_size=raw.get("declared_size"),
            certificate=raw.get("certificate"),
        )
        results[url] = (status, error)
        facts = None
        if "file" in raw:
            body = (case.path / raw["file"]).read_bytes()
            rec.size = len(body)
            facts = extract_page(url, body, {"content-type": rec.content_type or ""})
            if raw.get("doubts") and facts.list is not None:  # a reading the extractor is unsure of
                facts.list.confidence, facts.list.doubts = "low", list(raw["doubts"])
            if raw.get("rendered") and wants_render(facts):  # the DOM chromium built (crawl render_js)
                rendered = (case.path / raw["rendered"]).read_bytes()
                _read_rendered_list(facts, rendered, home=norm_url(url) == home)
            _, _, links = parse_page(url, body, {"content-type": rec.content_type or ""})
            for link_url, kind, anchor in links:
                entry = outlinks.setdefault(link_url, (kind, []))
                entry[1].append(LinkSource(page=url, anchor=anchor))
        pages.append(PageView(rec, facts))
    checked = spec.get("links") or {}
    links = []
    for url, (kind, sources) in outlinks.items():
        result = checked.get(url) or {}
        status, error = results.get(url, (result.get("status", 200), result.get("error")))
        links.append(
            LinkRecord(
                url=url,
                kind=kind,
                internal=urlsplit(url).hostname in hosts,
                sources=sources,
                status=status,
                final_url=result.get("final_url", url),
                error=error,
                checked_at=at,
                source_count=len(sources),
            )
        )
    probes = _probes(case.path / spec["probes"]) if spec.get("probes") else []
    return SiteInput(
        site=site,
        unit=Unit.model_validate(spec["unit"]) if spec.get("unit") else None,
        checkpoint=cp,
        pages=pages,
        links=links,
        probes=probes,
        expected_service_hosts=list(spec.get("service_hosts", [])),
        group_sites=[site.code],
    )


# --------------------------------------------------------------------------- new-media accounts


class FixtureHttp:
    """Answers the feed and account-page URLs from the case's files, as FeedHttp would."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.answers: dict[str, dict[str, Any]] = case.spec.get("http") or {}

    async def get(self, url: str, method: str = "GET", max_bytes: int | None = None) -> FetchResult:
        raw = self.answers.get(url)
        if raw is None:
            return FetchResult(url=url, final_url=url, error=ErrorClass.DNS)
        if "file" not in raw:
            return FetchResult(url=url, final_url=url, status=raw.get("status"), error=raw.get("error"))
        headers = {"content-type": str(raw.get("content_type", "text/html; charset=utf-8"))}
        body = (self.case.path / raw["file"]).read_bytes()
        return FetchResult(url=url, final_url=url, status=200, headers=headers, content=body)


def account_case_findings(case: Case) -> list[Finding]:
    """Fetch every account through the real feed source (answered from files), then judge them."""
    spec = case.spec
    cp = _checkpoint(case)
    accounts = [Account.model_validate(a) for a in spec["accounts"]]
    units = [Unit.model_validate(u) for u in spec.get("units", [])]
    captured = dt.datetime.fromisoformat(_fetched_at(case, cp))
    ctx = FetchContext(http=cast(FeedHttp, FixtureHttp(case)), captured_at=captured)
    results = asyncio.run(collect(accounts, FeedSource(), cp, ctx))
    start = spec.get("period_start")
    by_account = account_findings(
        accounts,
        units,
        {k: r.posts for k, r in results.items()},
        {k: r.facts for k, r in results.items()},
        cp,
        _profile(case),
        link_results=spec.get("links") or {},
        period_start=start if isinstance(start, dt.date) or start is None else dt.date.fromisoformat(start),
    )
    return [f for a in accounts for f in by_account[a.key]]


# --------------------------------------------------------------------------- running a case


def case_findings(case: Case) -> list[Finding]:
    kind = case.spec.get("kind", "site")
    if kind == "site":
        return run_site_checks(site_input(case), _profile(case))
    if kind == "account":
        return account_case_findings(case)
    if kind == "manual":
        return load_manual_findings(case.path / case.spec["file"])
    raise ValueError(f"{case.id}: unknown kind {kind!r}")


def snapshot_row(finding: Finding, evidence: tuple[str, ...]) -> dict[str, Any]:
    """What a snapshot keeps of a finding: code, target, message, count, page, key evidence fields.

    Evidence fields are the catalogue's for the code (every field when it names none); the capture
    time is left out.
    """
    detail = finding.evidence.detail
    keep = {k: detail[k] for k in evidence if k in detail} if evidence else dict(detail)
    row = {
        "code": finding.code,
        "target": finding.target,
        "message": finding.message,
        "count": finding.count,
        "url": finding.evidence.url,
        "evidence": keep,
    }
    if finding.manual:
        row["manual"] = True
    return cast(dict[str, Any], json.loads(json.dumps(row, ensure_ascii=False, default=str)))


CASES = fixture_cases()


def _params() -> list[Any]:
    """Cases as pytest params; a case naming a `known_bug` is expected to fail until the check is mended."""
    out = []
    for c in CASES:
        bug = c.spec.get("known_bug")
        marks = [pytest.mark.xfail(strict=True, reason=str(bug))] if bug else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_fixture(case: Case) -> None:
    findings = [f for f in case_findings(case) if f.code in case.codes]
    if case.hit:
        assert findings, f"{case.id}: a hit case found no {' / '.join(case.codes)}"
    else:
        assert not findings, f"{case.id}: a miss case found {[f.message for f in findings]}"
    if case.spec.get("known_bug"):
        return  # the hit/miss above fails today; once it passes (strict xpass) write its snapshot
    evidence = catalogue()
    got = [snapshot_row(f, evidence.get(case.code, ())) for f in findings]
    path = case.path / SNAPSHOT
    if UPDATE:
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    assert path.exists(), (
        f"{case.id}: no {SNAPSHOT}; write it with GOVINSPECT_UPDATE_SNAPSHOTS=1, then read it"
    )
    assert got == json.loads(path.read_text(encoding="utf-8"))
