"""Build a round's notice input (RoundReport) from the store and write the report files.

The office's settings (发文机关, 文号/期号, 主送, 印发, the province's 政务服务 platform …)
come from `office.yaml` in the data directory, so each office sets them once; the demo
writes it from its scenario.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from govinspect import model as m
from govinspect.config import Settings
from govinspect.store import Store

OFFICE_FILE = "office.yaml"


class OfficeConfig(BaseModel):
    """Settings of the inspecting office (office.yaml)."""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = ""
    service_hosts: list[str] = []  # hosts of the province's 政务服务 platform (wrong-link check)
    template: str = "default"
    period: str = ""  # e.g. 2023年上半年; "" → derived from the round name
    title: str = ""
    issuer: dict[str, Any] = {}  # fields of reports.data.Issuer
    rectify_workdays: int = 5
    next_steps: str = ""


def load_office_config(settings: Settings) -> OfficeConfig:
    path = settings.data_dir / OFFICE_FILE
    if not path.exists():
        return OfficeConfig()
    return OfficeConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def save_office_config(settings: Settings, cfg: OfficeConfig) -> Path:
    path = settings.data_dir / OFFICE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = cfg.model_dump(mode="json", exclude_defaults=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _period_text(rnd: m.Round) -> str:
    name = rnd.name
    for q, label in (("Q1", "第一季度"), ("Q2", "第二季度"), ("Q3", "第三季度"), ("Q4", "第四季度")):
        if name.upper().endswith(q) and name[:4].isdigit():
            return f"{name[:4]}年{label}"
    if name.upper().endswith("H1") and name[:4].isdigit():
        return f"{name[:4]}年上半年"
    if name.upper().endswith("H2") and name[:4].isdigit():
        return f"{name[:4]}年下半年"
    return f"{rnd.checkpoint:%Y}年"


def build_round_report(settings: Settings, store: Store, round_name: str) -> Any:
    """The RoundReport of a judged round: every site and account row with its findings."""
    from govinspect.feeds.archive import read_results
    from govinspect.jobs.pipeline import open_round
    from govinspect.reports.data import AccountResult, AccountRow, Issuer, RoundReport, SiteRow

    cfg = load_office_config(settings)
    ctx = open_round(settings, store, round_name)
    reg = ctx.registry
    units = {u.name: u for u in reg.units}
    sites = {s.code: s for s in reg.sites}
    findings: dict[tuple[m.TargetKind, str], list[m.Finding]] = {}
    for f in store.findings(round_name):
        findings.setdefault((f.target_kind, f.target), []).append(f)
    issuer_fields: dict[str, Any] = {
        "name": cfg.jurisdiction or reg.jurisdiction or "",
        "date": ctx.round.checkpoint.date(),
    }
    for k, v in cfg.issuer.items():
        issuer_fields[k] = (
            dt.date.fromisoformat(v) if k in ("date", "printed_date") and isinstance(v, str) else v
        )
    issuer = Issuer(**issuer_fields)

    site_rows, account_rows = [], []
    for r in store.results(round_name):
        fs = tuple(findings.get((r.target_kind, r.target), ()))
        if r.target_kind == m.TargetKind.SITE:
            site = sites.get(r.target)
            unit = units.get(r.unit)
            site_rows.append(
                SiteRow.from_result(
                    r.model_copy(update={"findings": fs}),
                    unit_kind=unit.kind if unit else m.UnitKind.DEPARTMENT,
                    site_kind=site.kind if site else m.SiteKind.DEPARTMENT,
                    county=(unit.parent or "") if unit else "",
                    home_url=site.home_url if site else "",
                )
            )
        else:
            account = ctx.account(r.target)
            path = ctx.feed_file(r.target)
            stored = read_results(path).get(r.target) if path.exists() else None
            visible = [p for p in (stored.posts if stored else ()) if p.published <= ctx.round.checkpoint]
            start = ctx.round.period_start
            unit = units.get(account.unit)
            account_rows.append(
                AccountRow(
                    unit=account.unit,
                    platform=account.platform,
                    name=account.name,
                    result=AccountResult.VETO
                    if r.vetoes
                    else AccountResult.DEDUCT
                    if r.deductions
                    else AccountResult.PASS,
                    last_post=max((p.published.astimezone(m.TZ).date() for p in visible), default=None),
                    posts_in_round=sum(1 for p in visible if start is None or p.published.date() >= start),
                    problem=r.summary,
                    findings=fs,
                    county=(unit.parent or "") if unit else "",
                    score=r.score,
                )
            )
    groups = _account_groups(account_rows, reg)
    return RoundReport(
        jurisdiction=cfg.jurisdiction or reg.jurisdiction or issuer.name,
        issuer=issuer,
        round_name=round_name,
        period=cfg.period or _period_text(ctx.round),
        checkpoint=ctx.round.checkpoint,
        check_start=ctx.round.checkpoint.date(),
        profile=ctx.round.profile,
        title=cfg.title,
        sites=site_rows,
        accounts=account_rows,
        accounts_check_date=ctx.round.checkpoint.date(),
        account_groups=groups,
        next_steps=cfg.next_steps,
        rectify_workdays=cfg.rectify_workdays,
    )


def _account_groups(rows: list[Any], reg: m.Registry) -> list[Any]:
    """Per-county account table (新乡 附件3): accounts grouped by their unit's parent (县区) or 市直单位."""
    from govinspect.reports.data import AccountGroupRow

    counties = {u.name for u in reg.units if u.kind == m.UnitKind.COUNTY}
    parent = {u.name: u.parent for u in reg.units}

    def county_of(unit: str) -> str:
        seen = set()
        while unit and unit not in counties and unit not in seen:
            seen.add(unit)
            unit = parent.get(unit) or ""
        return unit if unit in counties else "市直单位"

    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(county_of(row.unit), []).append(row)
    if "市直单位" in groups:
        groups["市直单位"] = groups.pop("市直单位")
    return [
        AccountGroupRow(unit=name, count=len(members), passed=sum(1 for r in members if r.passed))
        for name, members in groups.items()
    ]


def write_round_reports(
    settings: Settings, store: Store, round_name: str, out_dir: Path | None = None
) -> list[Path]:
    """Write the notice (.docx/.md/.html), attachments (.xlsx), charts and 整改通知单."""
    from govinspect.reports.render import write_reports

    report = build_round_report(settings, store, round_name)
    out = out_dir or settings.round_dir(round_name) / "reports"
    files = write_reports(report, out, template=load_office_config(settings).template)
    _record_rectification(store, round_name, report)
    return files.all()


def _record_rectification(store: Store, round_name: str, report: Any) -> None:
    """One 整改 task per failing or deducted target, due after N working days."""
    from govinspect.calendar import add_workdays
    from govinspect.reports.data import AccountResult

    due = add_workdays(report.issuer.date, report.rectify_workdays)
    tasks = []
    for row in report.sites:
        if row.has_problems:
            tasks.append(
                {
                    "unit": row.unit,
                    "target_kind": m.TargetKind.SITE.value,
                    "target": row.site_code,
                    "code": ",".join(sorted({f.code for f in row.findings})) or "summary",
                    "description": row.summary or "；".join(f.message for f in row.findings),
                    "deadline": due,
                }
            )
    for arow in report.accounts:
        if arow.result != AccountResult.PASS:  # 单否 and 扣分 alike get a 整改通知单
            tasks.append(
                {
                    "unit": arow.unit,
                    "target_kind": m.TargetKind.ACCOUNT.value,
                    "target": arow.name,
                    "code": ",".join(sorted({f.code for f in arow.findings})) or "summary",
                    "description": arow.problem,
                    "deadline": due,
                }
            )
    store.add_rectification_tasks(round_name, tasks)


def today() -> dt.date:
    return dt.datetime.now(m.TZ).date()
