"""Figures and groupings the notice quotes: counts, pass rates, unit lists, problem classes.

Pure functions of a `RoundReport`; the templates format them, nothing here is wording.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govinspect.checks import DOUBTFUL_READING
from govinspect.model import Finding, Verdict
from govinspect.model import cn_date as cn_date  # re-exported: templates format dates with it
from govinspect.reports.data import AccountGroupRow, AccountResult, AccountRow, RoundReport, SiteRow

_SHORT_SUFFIXES = (("街道办事处", "街道"), ("人民政府", ""), ("政府", ""))


def short_name(unit: str, given: str = "") -> str:
    """The unit's name in running text: 刘集镇人民政府 → 刘集镇, explicit 简称 wins."""
    if given:
        return given
    for suffix, repl in _SHORT_SUFFIXES:
        if unit.endswith(suffix) and len(unit) > len(suffix) + 1:
            return unit[: -len(suffix)] + repl
    return unit


def join_units(names: Iterable[str], limit: int = 0, sep: str = "、") -> str:
    """市民政局、市生态环境局、… — at most `limit` names (0 = all), duplicates removed."""
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    if limit and len(seen) > limit:
        seen = seen[:limit]
    return sep.join(seen)


def units_n(names: Iterable[str], limit: int = 0) -> str:
    """市民政局 (one unit) or 市民政局、市统计局等2个 (several); with `limit`, names only the first ones."""
    unique = list(dict.fromkeys(n for n in names if n))
    if len(unique) == 1:
        return unique[0]
    return f"{join_units(unique, limit)}等{len(unique)}个"


_VETO_PREFIXES = ("单项否决", "单否")


def bare_problem(text: str) -> str:
    """A problem line for running text: 单否。内容长期不更新。 → 内容长期不更新."""
    out = text.strip()
    for prefix in _VETO_PREFIXES:
        if out.startswith(prefix):
            out = out[len(prefix) :].lstrip("。；;，,：: ")
    return out.rstrip("。；;，, ")


def cn_datetime(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return f"{cn_date(moment)} {moment:%H:%M}"


def cn_range(start: dt.date, end: dt.date | None) -> str:
    """2023年6月20日-6月21日, or a single date."""
    if end is None or end == start:
        return cn_date(start)
    if end.year != start.year:
        return f"{cn_date(start)}-{cn_date(end)}"
    return f"{cn_date(start)}-{cn_date(end, year=False)}"


_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (section numbers up to 99)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def points(value: float | None) -> str:
    """Score/points without a needless .0: 87, 87.5."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class KindStat:
    """Checked/passed counts of one kind (site kind, unit kind, platform)."""

    kind: str
    checked: int = 0
    passed: int = 0

    @property
    def failed(self) -> int:
        return self.checked - self.passed


def stats_by(rows: Sequence[SiteRow] | Sequence[AccountRow], key: str) -> list[KindStat]:
    """Counts per value of attribute `key` (e.g. site_kind, unit_kind, platform), in first-seen order."""
    out: dict[str, KindStat] = {}
    for row in rows:
        raw = getattr(row, key)
        label = raw.value if hasattr(raw, "value") else str(raw)
        stat = out.setdefault(label, KindStat(label))
        stat.checked += 1
        stat.passed += int(row.passed)
    return list(out.values())


@dataclass
class ProblemClass:
    """Units sharing one class of problem (存在的问题 paragraph)."""

    label: str
    units: list[str] = field(default_factory=list)
    vetoed: int = 0  # how many of them were vetoed for it


@dataclass
class ClassMap:
    """Finding code → problem class label, by longest matching prefix (data: problem_classes.yaml)."""

    prefixes: dict[str, str]
    fallback: str = "其他问题"

    @classmethod
    def load(cls, path: Path) -> ClassMap:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(dict(data.get("classes", {})), str(data.get("fallback", "其他问题")))

    def label(self, code: str) -> str:
        best = ""
        for prefix in self.prefixes:
            if (code == prefix or code.startswith(prefix)) and len(prefix) > len(best):
                best = prefix
        return self.prefixes[best] if best else self.fallback


def problem_classes(rows: Sequence[SiteRow] | Sequence[AccountRow], cmap: ClassMap) -> list[ProblemClass]:
    """Group rows by the classes of their findings, largest class first; a row counts once per class."""
    classes: dict[str, ProblemClass] = {}
    for row in rows:
        vetoes = set(getattr(row, "vetoes", ()))
        seen: set[str] = set()
        for finding in row.findings:
            label = cmap.label(finding.code)
            if label in seen:
                continue
            seen.add(label)
            cls = classes.setdefault(label, ProblemClass(label))
            cls.units.append(short_name(row.unit, row.unit_short))
            if finding.code in vetoes:
                cls.vetoed += 1
    return sorted(classes.values(), key=lambda c: -len(c.units))


def classes_by_unit(classes: Sequence[ProblemClass]) -> list[tuple[str, list[str]]]:
    """Single-unit classes regrouped per unit: [(县民政局, [空白栏目（单项否决）, 政府信息公开不规范])]."""
    out: dict[str, list[str]] = {}
    for cls in classes:
        label = cls.label.removeprefix("存在") + ("（单项否决）" if cls.vetoed else "")
        for unit in cls.units:
            out.setdefault(unit, []).append(label)
    return list(out.items())


_DETAIL = re.compile(r"[（(][^）)]*[）)]")


def account_problems(accounts: Sequence[AccountRow]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Accounts grouped by their own problem line, then by platform, for running text:
    [("内容长期不更新", [("今日头条", ["县民政局", "商务局"]), ("微信公众号", ["安棚镇"])])].
    Per-account details in brackets (（14天）) are left to the attachment table."""
    out: dict[str, dict[str, list[str]]] = {}
    for acc in accounts:
        problem = _DETAIL.sub("", bare_problem(acc.problem)).strip() or "管理不规范"
        platforms = out.setdefault(problem, {})
        platforms.setdefault(acc.platform_label, []).append(short_name(acc.unit, acc.unit_short))
    return [(problem, list(platforms.items())) for problem, platforms in out.items()]


def group_accounts(accounts: Sequence[AccountRow], default: str = "直属单位") -> list[AccountGroupRow]:
    """Per-county table computed from account rows (county "" → `default`)."""
    out: dict[str, list[AccountRow]] = {}
    for acc in accounts:
        out.setdefault(acc.county or default, []).append(acc)
    return [group_row(name, members) for name, members in out.items()]


def group_row(name: str, members: Sequence[AccountRow]) -> AccountGroupRow:
    """One line of the per-county table; 待核实 accounts are counted apart and named in 备注."""
    unverified = sum(1 for a in members if not a.judged)
    note = f"{unverified}个账号数据源异常，待核实" if unverified else ""
    return AccountGroupRow(name, len(members), sum(1 for a in members if a.passed), note, unverified)


@dataclass
class Figures:
    """The numbers of the 总体情况 section, computed once for every template."""

    sites_running: int
    sites_checked: int
    sites_passed: int
    accounts_running: int
    accounts_checked: int
    accounts_passed: int
    failing_sites: list[SiteRow]
    problem_sites: list[SiteRow]
    failing_accounts: list[AccountRow]  # 不合格 (单否, or below the pass line)
    problem_accounts: list[AccountRow]  # 不合格 and 扣分 alike: the accounts the notice lists problems for
    unverified_accounts: list[AccountRow]  # 待核实: posts unreadable, left out of 检查 and 合格率
    unverified_sites: list[SiteRow]  # 待核实: inspection did not complete, left out of 检查 and 合格率
    unverified_readings: list[tuple[SiteRow, Finding]]  # column.unverified: judgements left to a person
    site_kinds: list[KindStat]
    unit_kinds: list[KindStat]
    account_groups: list[AccountGroupRow]
    site_classes: list[ProblemClass]
    passing_site_classes: list[ProblemClass]  # problems of sites that passed (扣分 or findings only)
    account_classes: list[ProblemClass]
    scored: bool  # at least one site carries a 100-point score

    @property
    def sites_failed(self) -> int:
        return self.sites_checked - self.sites_passed

    @property
    def accounts_failed(self) -> int:
        return self.accounts_checked - self.accounts_passed


def compute(report: RoundReport, cmap: ClassMap) -> Figures:
    sites = [s for s in report.sites if s.verdict != Verdict.UNVERIFIED]  # judged sites only
    accounts = report.accounts
    groups = report.account_groups or (group_accounts(accounts) if accounts else [])
    if accounts:
        acc_checked = sum(a.judged for a in accounts)
        acc_passed = sum(a.passed for a in accounts)
    else:
        acc_checked = sum(g.judged for g in groups)
        acc_passed = sum(g.passed for g in groups)
    return Figures(
        sites_running=report.running_sites,
        sites_checked=len(sites),
        sites_passed=sum(s.passed for s in sites),
        accounts_running=report.running_accounts,
        accounts_checked=acc_checked,
        accounts_passed=acc_passed,
        failing_sites=[s for s in sites if not s.passed],
        problem_sites=[s for s in sites if s.has_problems],
        failing_accounts=[a for a in accounts if a.judged and not a.passed],
        problem_accounts=[a for a in accounts if a.judged and a.result != AccountResult.PASS],
        unverified_accounts=[a for a in accounts if not a.judged],
        unverified_sites=[s for s in report.sites if s.verdict == Verdict.UNVERIFIED],
        unverified_readings=[(s, f) for s in report.sites for f in s.findings if f.code == DOUBTFUL_READING],
        site_kinds=stats_by(sites, "site_kind"),
        unit_kinds=stats_by(sites, "unit_kind"),
        account_groups=groups,
        site_classes=problem_classes(sites, cmap),
        passing_site_classes=problem_classes([s for s in sites if s.passed and s.has_problems], cmap),
        account_classes=problem_classes(accounts, cmap),
        scored=any(s.score is not None for s in sites),
    )
