"""Build a round's notice input (RoundReport) from the store and write the report files.

The office's settings (发文机关, 文号/期号, 主送, 印发, the province's 政务服务 platform …)
come from `office.yaml` in the data directory, so each office sets them once; the demo
writes it from its scenario.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govinspect import model as m
from govinspect.config import OFFICE_FILE, OfficeConfig, Settings, load_office_config
from govinspect.jobs.review import counted_findings, notice_gate
from govinspect.reports.data import AccountRow, NoticeBlanks, direct_units
from govinspect.scoring.engine import tally
from govinspect.store import MonitorStore, Store

if TYPE_CHECKING:
    from govinspect.checks import SiteInput
    from govinspect.feeds import Post
    from govinspect.jobs.context import RoundContext
    from govinspect.reports import ReportFiles

_PERIOD_NAME = re.compile(r"^(\d{4})[-_ ]?(Q[1-4]|H[12])", re.I)


def _named_period(name: str) -> tuple[int, str, int] | None:
    """(year, "Q" or "H", n) of a round named like 2021Q3, 2023H1 or 2023-Q2; None for other names."""
    mt = _PERIOD_NAME.match(name)
    if mt is None:
        return None
    return int(mt[1]), mt[2][0].upper(), int(mt[2][1])


def _period_text(rnd: m.Round) -> str:
    """The period as notices name it: 2021年第三季度, 2023年上半年, else the checkpoint's year."""
    named = _named_period(rnd.name)
    if named is None:
        return f"{rnd.checkpoint:%Y}年"
    year, kind, n = named
    label = (
        ("第一季度", "第二季度", "第三季度", "第四季度")[n - 1]
        if kind == "Q"
        else ("上半年", "下半年")[n - 1]
    )
    return f"{year}年{label}"


def build_round_report(settings: Settings, store: Store, round_name: str) -> Any:
    """The RoundReport of a judged round: every site and account row with its findings."""
    from govinspect.feeds import read_results
    from govinspect.jobs.context import open_round
    from govinspect.reports.data import Issuer, RoundReport, SiteRow

    cfg = load_office_config(settings)
    ctx = open_round(settings, store, round_name)
    reg = ctx.registry
    units = {u.name: u for u in reg.units}
    sites = {s.code: s for s in reg.sites}
    findings: dict[tuple[m.TargetKind, str], list[m.Finding]] = {}
    for f in counted_findings(store, round_name, ctx.profile):
        findings.setdefault((f.target_kind, f.target), []).append(f)
    # no default for the 发文机关: a blank one is refused by write_round_reports, never guessed
    issuer_fields: dict[str, Any] = {"name": "", "date": ctx.round.checkpoint.date()}
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
            unit = units.get(account.unit)
            account_rows.append(
                account_notice_row(
                    r.model_copy(update={"findings": fs, "unit": account.unit, "name": account.name}),
                    account,
                    stored.posts if stored else (),
                    ctx.round.checkpoint,
                    ctx.round.period_start,
                    county=(unit.parent or "") if unit else "",
                )
            )
    jurisdiction = cfg.jurisdiction or reg.jurisdiction
    groups = _account_groups(account_rows, reg, jurisdiction)
    monitoring = _monitoring_span(ctx, {r.target for r in store.results(round_name)})
    extra = {**_extra_sections(ctx, cfg, site_rows), **_repeat_sections(ctx)}
    return RoundReport(
        jurisdiction=jurisdiction,
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
        rectify_workdays=cfg.rectify_workdays or ctx.profile.report.rectify_workdays,
        rate_decimals=ctx.profile.report.pass_rate_decimals,
        monitoring_span=monitoring,
        **extra,
    )


def _monitoring_span(ctx: RoundContext, targets: set[str]) -> tuple[dt.date, dt.date] | None:
    """First and last day of the monitoring checks a round built from monitoring used (None: a fresh crawl)."""
    if ctx.round.source != m.RoundSource.MONITORING:
        return None
    checks = MonitorStore(ctx.store).latest_snapshots("weekly", ctx.round.checkpoint)
    days = sorted(checks[t].at.astimezone(m.TZ).date() for t in targets if t in checks)
    return (days[0], days[-1]) if days else None


def account_notice_row(
    result: m.TargetResult,
    account: m.Account,
    posts: Sequence[Post],
    checkpoint: dt.datetime,
    period_start: dt.date | None = None,
    county: str = "",
) -> AccountRow:
    """An account's line in the notice: its judgement, its last post before the 监测时间点 and how many
    posts it made in the period (posts after the 监测时间点 do not count)."""
    visible = [p for p in posts if p.published <= checkpoint]
    return AccountRow.from_result(
        result,
        platform=account.platform,
        last_post=max((p.published.astimezone(m.TZ).date() for p in visible), default=None),
        posts_in_round=sum(
            1 for p in visible if period_start is None or p.published.astimezone(m.TZ).date() >= period_start
        ),
        county=county,
    )


def _account_groups(rows: list[Any], reg: m.Registry, jurisdiction: str) -> list[Any]:
    """Per-county account table (新乡 附件3): accounts grouped by their unit's parent (县区), else under
    the jurisdiction's own units (市直单位, or 县直单位 in a county's notice)."""
    from govinspect.reports.figures import group_row

    direct = direct_units(jurisdiction)
    counties = {u.name for u in reg.units if u.kind == m.UnitKind.COUNTY}
    parent = {u.name: u.parent for u in reg.units}

    def county_of(unit: str) -> str:
        seen = set()
        while unit and unit not in counties and unit not in seen:
            seen.add(unit)
            unit = parent.get(unit) or ""
        return unit if unit in counties else direct

    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(county_of(row.unit), []).append(row)
    if direct in groups:
        groups[direct] = groups.pop(direct)  # the jurisdiction's own units come last
    return [group_row(name, members) for name, members in groups.items()]


def write_round_reports(
    settings: Settings, store: Store, round_name: str, out_dir: Path | None = None, *, draft: bool = False
) -> list[Path]:
    """The paths of every file `write_round_report_files` wrote."""
    return write_round_report_files(settings, store, round_name, out_dir, draft=draft).all()


def write_round_report_files(
    settings: Settings, store: Store, round_name: str, out_dir: Path | None = None, *, draft: bool = False
) -> ReportFiles:
    """Write the notice (.docx/.md/.html), attachments (.xlsx), charts and 整改通知单.

    A notice with a blank 发文机关, 文号 or 主送机关 (office.yaml), or with veto findings still
    待审核 and not overridden (`ReviewPending`), is refused before anything is written, unless
    `draft`: then every page says 草稿 and the blanks show.
    """
    from govinspect.reports.render import write_reports

    if not draft:
        notice_gate(store, round_name)

    report = build_round_report(settings, store, round_name)
    blanks = report.blanks()
    if blanks and not draft:
        path = settings.data_dir / OFFICE_FILE
        raise NoticeBlanks(
            f"通报缺少{'、'.join(what for what, _ in blanks)}，未生成：请在 {path} 中填写 "
            f"{'、'.join(key for _, key in blanks)}（见用户指南“通报的必填项”），或加 --draft 生成草稿"
        )
    if draft:
        report = report.as_draft()
    out = out_dir or settings.round_dir(round_name) / "reports"
    files = write_reports(report, out, template=load_office_config(settings).template)
    if not draft:  # a draft is not issued: no 整改 deadline runs from it
        _record_rectification(store, round_name, report)
    return files


def _record_rectification(store: Store, round_name: str, report: Any) -> None:
    """One 待下发 整改任务 per unit whose findings count: never a 待核实 target (`rectify.counts`), never a 误报."""
    from govinspect.rectify import create_tasks
    from govinspect.rules import load_profile

    create_tasks(
        store,
        round_name,
        store.results(round_name),
        counted_findings(store, round_name, load_profile(store.get_round(round_name).profile)),
        workdays=report.rectify_workdays,
        notice_title=report.title
        or f"关于{report.period}{report.scope_word}政府网站与政务新媒体检查情况的通报",
    )


def _repeat_sections(ctx: RoundContext) -> dict[str, Any]:
    """屡查屡犯 (same indicator, same target, this round and the judged one before it) and the accounts
    named in as many notices as the profile's `report.close_after_notices` (关停整合)."""
    from govinspect.rectify import accounts_to_close, counted, repeat_offences
    from govinspect.reports import check_label

    store, rnd = ctx.store, ctx.round
    named = []
    for earlier in store.list_rounds():
        if earlier.name != rnd.name and earlier.checkpoint < rnd.checkpoint:
            results = store.results(earlier.name)
            if results:
                named.append(counted(results, store.findings(earlier.name)))
    results = store.results(rnd.name)
    now = counted(results, store.findings(rnd.name))
    names = {(r.target_kind, r.target): (r.unit, r.name) for r in results}
    for a in ctx.registry.accounts:
        names[(m.TargetKind.ACCOUNT, a.key)] = (a.unit, f"{a.platform.value}“{a.name}”")
    repeat = [
        f"{names[(kind, key)][0]}{names[(kind, key)][1]}（{check_label(code)}）"
        for kind, key, code in repeat_offences(named[-1] if named else set(), now)
    ]
    limit = ctx.profile.report.close_after_notices
    closing = [
        f"{names[(m.TargetKind.ACCOUNT, key)][0]}{names[(m.TargetKind.ACCOUNT, key)][1]}"
        for key in accounts_to_close([*named, now], limit)
        if key in {k for kind, k, _ in now if kind == m.TargetKind.ACCOUNT}
    ]
    return {"repeat_offences": repeat, "closing_accounts": closing, "close_after_notices": limit}


def _rectification_status(store: Store, rnd: m.Round, as_of: dt.date) -> Any | None:
    """整改报告报送情况 from the tasks of the latest earlier round that issued any (None when none did)."""
    from govinspect.rectify import list_tasks, report_status
    from govinspect.reports.data import RectificationStatus

    for earlier in reversed(store.list_rounds()):
        if earlier.name == rnd.name or earlier.checkpoint >= rnd.checkpoint:
            continue
        status = report_status(list_tasks(store, earlier.name), as_of)
        if status is not None:
            return RectificationStatus(
                notice_title=status.notice_title,
                notice_date=status.notice_date,
                due=status.due,
                as_of=status.as_of,
                missing_units=status.missing_units,
            )
    return None


# -- the optional sections: earlier rounds, ledgers and what the crawled sites show ----------


def round_period_start(rnd: m.Round) -> dt.date:
    """First day of the round's period: its period_start, else from its name (2021Q3, 2023H1),
    else the first day of the checkpoint's quarter."""
    if rnd.period_start is not None:
        return rnd.period_start
    named = _named_period(rnd.name)
    if named is not None:
        year, kind, n = named
        return dt.date(year, (n - 1) * 3 + 1 if kind == "Q" else (n - 1) * 6 + 1, 1)
    day = rnd.checkpoint.astimezone(m.TZ).date()
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _source_units(reg: m.Registry, jurisdiction: str = "") -> dict[str, str]:
    """Registered unit names by the ways a 来源 line names them (县茶叶局, 茶叶局, 桐柏县茶叶局)."""
    places = {p for p in (jurisdiction, reg.jurisdiction) if p}
    places |= {u.name for u in reg.units if u.kind == m.UnitKind.COUNTY}
    out: dict[str, str] = {}
    for u in reg.units:
        short = u.name[1:] if u.name[:1] in "市县区" and len(u.name) > 2 else u.name
        for key in (u.name, short, *(f"{p}{short}" for p in sorted(places))):
            out.setdefault(key, u.name)
    return out


def _site_input(ctx: RoundContext, code: str) -> SiteInput | None:
    """A site's stored snapshot as the checks read it; None when the site was not crawled."""
    from govinspect.jobs.pipeline import site_input

    return site_input(ctx, code) if ctx.snapshot_dir(code).is_dir() else None


def _history(store: Store, rnd: m.Round) -> list[Any]:
    """Results of the rounds judged before this one (trend chart), oldest first."""
    from govinspect.reports.data import HistoryPoint

    points = []
    for earlier in store.list_rounds():
        if earlier.name == rnd.name or earlier.checkpoint >= rnd.checkpoint:
            continue
        results = store.results(earlier.name)
        if not results:
            continue
        counts: dict[m.TargetKind, tuple[int, int] | None] = {}
        for kind in m.TargetKind:
            judged, passed, _ = tally([r for r in results if r.target_kind == kind])
            counts[kind] = (passed, judged) if judged else None
        points.append(
            HistoryPoint(_period_text(earlier), counts[m.TargetKind.SITE], counts[m.TargetKind.ACCOUNT])
        )
    return points


def _good_units(site_rows: Iterable[Any], unmonitored: Iterable[str] = ()) -> list[str]:
    """Units whose every checked site passed without deductions or findings (运行情况较好的单位).

    A site without a probe series (未监测) cannot be said to run well: its unit is not listed.
    """
    rows = list(site_rows)
    skip = set(unmonitored)
    bad = {r.unit for r in rows if r.has_problems or r.site_code in skip}
    return list(dict.fromkeys(r.unit for r in rows if r.unit not in bad))


def _extra_sections(ctx: RoundContext, cfg: OfficeConfig, site_rows: list[Any]) -> dict[str, Any]:
    """The RoundReport fields beyond the result tables, each from the data it rests on."""
    from govinspect.checks import SiteActivity, site_activity, unit_interpretations
    from govinspect.jobs import ledgers as lg
    from govinspect.reports.data import DisclosureRow, InterpretationRow, MailboxRow

    store, rnd = ctx.store, ctx.round
    wanted = set(cfg.sections)
    day = rnd.checkpoint.astimezone(m.TZ).date()
    out: dict[str, Any] = {
        # an office working on paper imports the 整改报告报送 ledger; otherwise the tasks tell
        "rectification": lg.rectification_status(
            store.ledger(rnd.name, lg.RECTIFICATION), store.ledger(rnd.name, lg.RECTIFICATION_NOTICE), day
        )
        or _rectification_status(store, rnd, day),
        "applications": lg.application_stats(store.ledger(rnd.name, lg.APPLICATIONS), day),
    }
    if "good_units" in wanted:
        out["good_units"] = _good_units(site_rows, store.unmonitored_sites(rnd.name))
    if "history" in wanted:
        out["history"] = _history(store, rnd)
    mailbox_ledger = store.ledger(rnd.name, lg.MAILBOX)
    if mailbox_ledger and "mailbox" in wanted:
        out["mailbox"] = lg.mailbox_rows(mailbox_ledger)
    crawled = wanted & {"interpretations", "disclosure"} | (
        {"mailbox"} & wanted if not mailbox_ledger else set()
    )
    if not crawled:
        return out
    since = round_period_start(rnd)
    source_units = _source_units(ctx.registry, cfg.jurisdiction)
    per_unit: dict[str, SiteActivity] = {}
    interps: dict[tuple[str, str], list[int]] = {}
    for row in site_rows:
        if not row.site_code:
            continue
        inp = _site_input(ctx, row.site_code)
        if inp is None:
            continue
        act = site_activity(inp, ctx.profile, since)
        unit = per_unit.setdefault(row.unit, SiteActivity())
        unit.published += act.published
        unit.received += act.received
        unit.replied += act.replied
        unit.overdue += act.overdue
        for doc, named, text, picture in unit_interpretations(inp, source_units):
            counts = interps.setdefault((doc, named or row.unit), [0, 0])
            counts[0] += text
            counts[1] += picture
    if "disclosure" in crawled and per_unit:
        out["disclosure"] = [DisclosureRow(unit=u, count=a.published) for u, a in per_unit.items()]
    if "mailbox" in crawled:
        out["mailbox"] = [
            MailboxRow(unit=u, received=a.received, replied=a.replied, overdue=a.overdue)
            for u, a in per_unit.items()
            if a.received
        ]
    if "interpretations" in crawled:
        out["interpretations"] = [
            InterpretationRow(document=d, unit=u, text=t, picture=p) for (d, u), (t, p) in interps.items()
        ]
    return out
