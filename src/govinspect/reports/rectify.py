"""Per-unit 整改通知单: each unit's problems with evidence and a working-day deadline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

import govinspect.reports.blocks as B
from govinspect.calendar import add_workdays
from govinspect.model import Finding, cn_date
from govinspect.privacy import mask_personal_data
from govinspect.reports.data import RoundReport
from govinspect.reports.docx_writer import write_docx
from govinspect.reports.evidence import evidence_basis, evidence_text
from govinspect.reports.templating import render_template


@dataclass
class ProblemItem:
    """One line of a 整改通知单."""

    target: str  # site or account name
    message: str
    url: str = ""
    captured_at: dt.datetime | None = None
    proof: str = ""

    @classmethod
    def of(cls, target: str, f: Finding) -> ProblemItem:
        """A finding's line: its message, page, time and evidence (with the rule's basis last)."""
        ev = f.evidence
        basis = evidence_basis(f.code, ev.detail)
        proof = "；".join(
            p for p in (evidence_text(f.code, ev.detail, ev.url), basis and f"规则依据：{basis}") if p
        )
        return cls(target, f.message, ev.url, ev.captured_at, proof)


def unit_problems(report: RoundReport) -> dict[str, list[ProblemItem]]:
    """Unit → its problems (sites with problems, accounts not passed), in report order."""
    out: dict[str, list[ProblemItem]] = {}
    for site in report.sites:
        if not site.has_problems:
            continue
        items = out.setdefault(site.unit, [])
        if site.findings:
            items.extend(ProblemItem.of(site.site_name, f) for f in site.findings)
        elif site.summary:
            items.append(ProblemItem(site.site_name, site.summary, site.home_url))
    for acc in report.accounts:
        if acc.result.value == "合格":
            continue
        items = out.setdefault(acc.unit, [])
        label = f"{acc.platform_label}“{acc.name}”"
        if acc.findings:
            items.extend(ProblemItem.of(label, f) for f in acc.findings)
        else:
            proof = f"最近更新日期：{cn_date(acc.last_post)}" if acc.last_post else ""
            items.append(ProblemItem(label, acc.problem or acc.result.value, "", None, proof))
    return {unit: items for unit, items in out.items() if items}


def rectify_deadline(report: RoundReport) -> dt.date:
    return add_workdays(report.issuer.date, report.rectify_workdays)


def _filename(index: int, unit: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", unit).strip("_") or "unit"
    return f"{index:02d}_整改通知单_{safe}.docx"


def render_rectify_markup(
    env: jinja2.Environment, report: RoundReport, unit: str, items: list[ProblemItem]
) -> str:
    ctx: dict[str, Any] = {
        "r": report,
        "i": report.issuer,
        "unit": unit,
        "items": items,
        "due": rectify_deadline(report),
        "days": report.rectify_workdays,
    }
    return mask_personal_data(render_template(env, "rectify.md.j2", ctx))


def write_rectify_notices(env: jinja2.Environment, report: RoundReport, out_dir: Path) -> dict[str, Path]:
    """One .docx per unit with problems; returns unit → path."""
    out: dict[str, Path] = {}
    if out_dir.is_dir():  # notices of an earlier run for units that have since no problems
        for old in out_dir.glob("[0-9][0-9]_整改通知单_*.docx"):
            old.unlink()
    for n, (unit, items) in enumerate(unit_problems(report).items(), 1):
        blocks = B.parse(render_rectify_markup(env, report, unit, items))
        out[unit] = write_docx(blocks, out_dir / _filename(n, unit), draft=report.draft)
    return out
