"""Build a round's notice input (RoundReport) from the store and write the report files.

The office's settings (发文机关, 文号/期号, 主送, 印发, the province's 政务服务 platform …)
come from `office.yaml` in the data directory, so each office sets them once; the demo
writes it from its scenario.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict

from govinspect import model as m
from govinspect.config import Settings
from govinspect.reports.data import AccountRow, level_of
from govinspect.scoring.engine import tally
from govinspect.store import Store

if TYPE_CHECKING:
    from govinspect.checks.inputs import SiteInput
    from govinspect.feeds.post import Post
    from govinspect.jobs.pipeline import RoundContext
    from govinspect.scoring.profile import Profile

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
    # sections read off the round's own data; the ledger sections (整改报告, 依申请公开) follow the
    # ledgers imported with `govinspect ledger import`
    sections: list[str] = ["good_units", "history", "mailbox", "interpretations", "disclosure"]


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
    from govinspect.feeds.archive import read_results
    from govinspect.jobs.pipeline import open_round
    from govinspect.reports.data import Issuer, RoundReport, SiteRow

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
    jurisdiction = cfg.jurisdiction or reg.jurisdiction or issuer.name
    groups = _account_groups(account_rows, reg, jurisdiction)
    extra = _extra_sections(ctx, cfg, site_rows)
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
        rectify_workdays=cfg.rectify_workdays,
        **extra,
    )


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

    direct = level_of(jurisdiction) + "直单位"
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
        if arow.result in (AccountResult.VETO, AccountResult.DEDUCT):  # not 合格, not 待核实
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


# -- the optional sections: earlier rounds, ledgers and what the crawled sites show ----------

PICTURE_WORDS = (
    "图解",
    "一图",
    "图说",
    "图读",
    "图示",
    "漫画",
    "动漫",
    "视频",
    "微视频",
    "访谈",
    "H5",
    "长图",
)
INTERPRETATION_WORDS = ("解读", *PICTURE_WORDS)
_POLICY_TITLE = re.compile(r"《([^》]+)》")
_INTERP_AFFIX = re.compile(
    r"^(?:[【\[（(]?(?:一图读懂|一图看懂|图解|图说|政策解读|解读)[】\]）)]?[：:\s]*)|"
    r"(?:的?(?:政策)?(?:图解|解读|文字解读|图片解读|视频解读)(?:稿)?)$"
)


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


@dataclass
class SiteActivity:
    """What one site's snapshot shows for the notice's sections, within the round's period."""

    published: int = 0  # list items dated in the period (信息公开 ranking)
    received: int = 0  # letters asked in the period
    replied: int = 0
    overdue: int = 0  # replied (or still open) beyond the profile's working-day limit
    # (document, text interpretations, picture interpretations) in the checkpoint's year
    interpretations: list[tuple[str, int, int]] = field(default_factory=list)


def site_activity(inp: SiteInput, profile: Profile, since: dt.date) -> SiteActivity:
    """Count one site's publications, letters and policy interpretations from its extracted pages."""
    from govinspect.checks.disclosure import published_count

    act = SiteActivity(published=sum(published_count(inp, since).values()))
    act.received, act.replied, act.overdue = _letter_counts(inp, profile, since)
    act.interpretations = _interpretations(inp)
    return act


def _letter_counts(inp: SiteInput, profile: Profile, since: dt.date) -> tuple[int, int, int]:
    from govinspect.calendar import workdays_between
    from govinspect.checks.interaction import UNANSWERED_STATUSES, site_letters

    day = inp.checkpoint_date
    limit = profile.interaction.reply_working_days
    received = replied = overdue = 0
    for sl in site_letters(inp):
        if sl.asked is None or not (since <= sl.asked <= day):
            continue
        received += 1
        status = sl.letter.status or ""
        answered = (sl.replied is not None and sl.replied <= day) or (
            "已" in status and not any(x in status for x in UNANSWERED_STATUSES)
        )
        replied += answered
        end = min(sl.replied, day) if sl.replied is not None else (None if answered else day)
        if limit is not None and end is not None and workdays_between(sl.asked, end) > limit:
            overdue += 1
    return received, replied, overdue


def _is_interpretation(title: str) -> bool:
    return any(w in title for w in INTERPRETATION_WORDS)


def _is_picture(title: str) -> bool:
    return any(w.lower() in title.lower() for w in PICTURE_WORDS)


def _policy_name(interp_title: str) -> str:
    """The policy an interpretation's title names: 《…》 when quoted, else the title without 解读/图解."""
    quoted = _POLICY_TITLE.search(interp_title)
    if quoted:
        return quoted[1].strip()
    return _INTERP_AFFIX.sub("", interp_title.strip()).strip() or interp_title.strip()


def _interpretation_articles(inp: SiteInput) -> list[tuple[str, str | None, bool]]:
    """(document, 来源, picture?) of each interpretation published in the checkpoint's year.

    An interpretation is an article whose title says 解读/图解/…; its document is the linked policy
    article (ArticleFacts.interpretation_links), else the policy its title names.
    """
    from govinspect.checks.common import parse_date
    from govinspect.checks.inputs import norm_url

    day = inp.checkpoint_date
    articles: dict[str, tuple[str, list[str], dt.date | None, str | None]] = {}
    for pv in inp.pages:
        art = pv.facts.article if pv.facts else None
        if art is None or not art.title:
            continue
        entry = (
            art.title.strip(),
            [norm_url(u) for u in art.interpretation_links],
            parse_date(art.pub_date),
            art.source,
        )
        for u in {pv.record.url, pv.record.final_url or pv.record.url}:
            articles[norm_url(u)] = entry
    seen: set[str] = set()
    out: list[tuple[str, str | None, bool]] = []
    for title, links, published, source in articles.values():
        if title in seen or not _is_interpretation(title):
            continue
        seen.add(title)
        if published is not None and not (dt.date(day.year, 1, 1) <= published <= day):
            continue
        policy = next(
            (articles[u][0] for u in links if u in articles and not _is_interpretation(articles[u][0])),
            None,
        )
        name = (_policy_name(policy) if policy else _policy_name(title)).strip("《》")
        out.append((name, source, _is_picture(title)))
    return out


def _interpretations(inp: SiteInput) -> list[tuple[str, int, int]]:
    """Policy documents interpreted in the checkpoint's year, with text and picture interpretations."""
    docs: dict[str, list[int]] = {}
    for name, _source, picture in _interpretation_articles(inp):
        docs.setdefault(name, [0, 0])[int(picture)] += 1
    return [(d, t, p) for d, (t, p) in docs.items()]


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


def _unit_interpretations(
    inp: SiteInput, source_units: dict[str, str]
) -> list[tuple[str, str | None, int, int]]:
    """Like `_interpretations`, per 解读单位: the registered unit its 来源 names (None: the site's unit),
    as when a portal publishes the interpretations of the departments that drafted its documents."""
    docs: dict[tuple[str, str | None], list[int]] = {}
    for name, source, picture in _interpretation_articles(inp):
        src = (source or "").strip()
        unit = source_units.get(src) or source_units.get(src.removesuffix("人民政府"))
        docs.setdefault((name, unit), [0, 0])[int(picture)] += 1
    return [(d, u, t, p) for (d, u), (t, p) in docs.items()]


def _site_input(ctx: RoundContext, code: str) -> SiteInput | None:
    """A site's stored snapshot as the checks read it; None when the site was not crawled."""
    from govinspect.jobs.pipeline import site_input

    return site_input(ctx, code) if ctx.snapshot_dir(code).is_dir() else None


def _history(store: Store, rnd: m.Round) -> list[Any]:
    """Pass rates of the rounds judged before this one (trend chart), oldest first."""
    from govinspect.reports.data import HistoryPoint

    points = []
    for earlier in store.list_rounds():
        if earlier.name == rnd.name or earlier.checkpoint >= rnd.checkpoint:
            continue
        results = store.results(earlier.name)
        if not results:
            continue
        rates: dict[m.TargetKind, float | None] = {}
        for kind in m.TargetKind:
            rows = [r for r in results if r.target_kind == kind]
            judged, passed, _ = tally(rows)
            rates[kind] = passed * 100.0 / judged if judged else None
        points.append(
            HistoryPoint(_period_text(earlier), rates[m.TargetKind.SITE], rates[m.TargetKind.ACCOUNT])
        )
    return points


def _good_units(site_rows: Iterable[Any]) -> list[str]:
    """Units whose every checked site passed without deductions or findings (运行情况较好的单位)."""
    rows = list(site_rows)
    bad = {r.unit for r in rows if r.has_problems}
    return list(dict.fromkeys(r.unit for r in rows if r.unit not in bad))


def _extra_sections(ctx: RoundContext, cfg: OfficeConfig, site_rows: list[Any]) -> dict[str, Any]:
    """The RoundReport fields beyond the result tables, each from the data it rests on."""
    from govinspect.jobs import ledgers as lg
    from govinspect.reports.data import DisclosureRow, InterpretationRow, MailboxRow

    store, rnd = ctx.store, ctx.round
    wanted = set(cfg.sections)
    day = rnd.checkpoint.astimezone(m.TZ).date()
    out: dict[str, Any] = {
        "rectification": lg.rectification_status(
            store.ledger(rnd.name, lg.RECTIFICATION), store.ledger(rnd.name, lg.RECTIFICATION_NOTICE), day
        ),
        "applications": lg.application_stats(store.ledger(rnd.name, lg.APPLICATIONS), day),
    }
    if "good_units" in wanted:
        out["good_units"] = _good_units(site_rows)
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
        for doc, named, text, picture in _unit_interpretations(inp, source_units):
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
