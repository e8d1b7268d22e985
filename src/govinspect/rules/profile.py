"""Scoring profiles: the indicator set as pydantic-validated YAML data.

A profile names thresholds, windows, points, caps, vetoes and summary wording; local
profiles `extends:` a parent (deep merge: mappings merge, lists and scalars replace).
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from govinspect.errors import UserError
from govinspect.rules.codes import canonical_code

PROFILE_DIR = Path(__file__).parent / "profiles"

Confidence = Literal["V2", "V1", "M", "?", "LOCAL"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Window(_Strict):
    """A look-back window counted back from the 监测时间点: `days` or calendar `months`."""

    days: int | None = None
    months: int | None = None
    label: str | None = None  # as written in notices, e.g. "6个月", "1 年"
    level1_only: bool = False  # applies only to 一级栏目 (national rule for 通知公告/政策文件)

    @model_validator(mode="after")
    def _one_unit(self) -> Window:
        if (self.days is None) == (self.months is None):
            raise ValueError("窗口须且只能指定 days 或 months 之一")
        return self

    def cutoff(self, day: dt.date) -> dt.date:
        """The earliest date that still counts as "updated within the window"."""
        if self.days is not None:
            return day - dt.timedelta(days=self.days)
        return months_before(day, self.months or 0)

    @property
    def length_days(self) -> int:
        return self.days if self.days is not None else (self.months or 0) * 30

    def text(self) -> str:
        if self.label:
            return self.label
        if self.days is not None:
            return f"{self.days // 7}周" if self.days % 7 == 0 else f"{self.days}天"
        m = self.months or 0
        return f"{m // 12}年" if m % 12 == 0 else f"{m}个月"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same calendar day `months` earlier (clamped to the month's last day)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Rule(_Strict):
    """How one finding code is judged: a veto on its own, or points per instance."""

    name: str = ""  # 指标/问题名称 (Chinese), used in summaries when no indicator label applies
    indicator: str | None = None  # key into Profile.indicators (the cap group)
    veto: bool = False
    points: float = 0.0  # per instance (Finding.count)
    points_by_category: dict[str, float] = Field(default_factory=dict)  # column category → points
    flat: bool = False  # points once, whatever the count
    services: bool = False  # 办事服务-related: not checked for sites without services
    order: int = 100  # position of its veto item in the summary
    enabled: bool = True
    confidence: Confidence = "?"
    basis: str = ""


class Indicator(_Strict):
    """A scored indicator: deductions under it never exceed `cap`."""

    name: str
    group: str = ""  # 一级指标: 发布解读 / 办事服务 / 互动交流 / 功能设计
    cap: float
    summary: str = "{name}"  # template; {name} {stale_columns} {count}
    services: bool = False
    confidence: Confidence = "?"


class SummaryVariant(_Strict):
    """Alternative veto wording used when a finding of one of `if_categories` is present."""

    if_categories: list[str]
    text: str


class VetoRule(_Strict):
    """An aggregate veto: at least `count_gte` instances of `codes` (optionally filtered)."""

    name: str  # 单项否决指标, e.g. 栏目不更新
    codes: list[str]
    categories: list[str] | None = None  # filter on evidence.detail["category"]
    count_gte: int = 1
    scope: Literal["site", "group"] = "site"  # group: counted across the 站群 (Site.group)
    own_gte: int = 1  # with scope group: the site itself must contribute at least this many
    summary: str
    summary_variants: list[SummaryVariant] = Field(default_factory=list)
    order: int = 100
    enabled: bool = True
    confidence: Confidence = "?"
    basis: str = ""


class Scoring(_Strict):
    base: float
    pass_score: float
    no_service_base: float  # sites without services are scored out of this …
    no_service_multiplier: float  # … and scaled by this
    bonus_gate: float  # bonus scored only above this (加分指标, not automated)
    bonus_total: float
    decimals: int
    ungrouped: Literal["alone", "round"]  # sites without Site.group: own group, or all round sites


class Freshness(_Strict):
    homepage: Window
    # ColumnCategory value → window; null = the class has no window of its own here (default_window
    # applies), so a local profile whose notice says "其他栏目 1 年" can drop a class it inherits
    windows: dict[str, Window | None]
    default_window: Window | None  # for categories not in `windows`; None = not judged
    exempt_categories: list[str]
    undated_counts_as_stale: bool  # a column whose items carry no date is not updated
    undated_min_items: int  # column.undated when at least this many items lack a date
    letter_columns: (
        bool  # 留言/来信 columns judged by their newest item (never blank: see interaction.no_display)
    )

    def window_for(self, category: str, level: int) -> Window | None:
        """The update window of a column, or None when the column is not judged."""
        if category in self.exempt_categories:
            return None
        w = self.windows.get(category)
        if w is not None and w.level1_only and level != 1:
            w = None
        return w if w is not None else self.default_window


class Availability(_Strict):
    window_days: int
    min_probes_per_day: int  # fewer on any day of the window → no probe series: 未监测
    timeout_s: float  # a probe or home-page visit slower than this fails
    fail_ratio_gte: float
    homepage_attempts: int = Field(ge=1)  # visits of a home page that fails during the crawl
    homepage_retry_s: float = Field(ge=0)  # seconds between those visits


class Links(_Strict):
    dead_errors: list[str]  # crawl ErrorClass values that make a link 不可用
    service_keywords: list[str]  # anchor words of a 政务服务 link
    entry_keywords: dict[str, list[str]]  # 功能入口 category → anchor words


class Interaction(_Strict):
    lookback_months: int
    unanswered_gt_months: int  # veto: valid message unanswered longer than this
    reply_working_days: int | None  # late_reply threshold (LOCAL, e.g. 桐柏 15); None = not judged
    activity_months: int  # 意见征集 / 在线访谈 at least once within this
    channel_keywords: list[str]
    excluded_channel_keywords: list[str]
    solicitation_keywords: list[str]
    interview_keywords: list[str]
    solicitation_site_kinds: list[str]  # SiteKind values
    interview_site_kinds: list[str]  # SiteKind values
    stats_pattern: str  # a sentence publishing letter statistics


class Identity(_Strict):
    meta_required: dict[str, list[str]]  # page kind (home/list/article) → meta names
    site_code_pattern: str
    domain_suffixes: list[str]


class Disclosure(_Strict):
    platform_name: str
    sections: list[str]
    section_aliases: dict[str, list[str]]
    annual_report_due: str  # MM-DD: last year's 年报 due
    applies_to: list[str]  # SiteKind values


class Content(_Strict):
    max_hits_per_entry: int  # evidence pages kept per distinct hit


class Media(_Strict):
    """Settings the new-media checks (checks/media.py) read."""

    no_update_days: int  # veto (national V2)
    min_posts_per_week: float | None  # LOCAL (桐柏 2); None = not judged
    max_gap_days: int | None  # LOCAL; None = not judged
    zombie_days: int  # no post for this long → 僵尸 account
    interaction_required: bool  # national: 未提供有效互动功能 is 互动回应差
    default_period_days: int  # statistics period when the round sets no period_start


class SummaryStyle(_Strict):
    """How the one-line 存在问题 text of a notice is composed (wording lives here, not in code)."""

    veto_prefix: str
    veto_item: str
    deduction_item: str
    number_items: bool
    number_format: str
    joiner: str
    tail: str
    none: str
    deductions_when_vetoed: bool
    column_group: str
    blank_group: str
    column_group_joiner: str
    name_joiner: str


class Review(_Strict):
    """Which machine findings wait for a person in the 审核队列 (待审核); the others are confirmed at once.

    A pattern is a check code, or a prefix ending in "." (`content.`). `auto` wins over the other two.
    """

    vetoes: bool  # every finding of a veto code (its own rule, or counted by an aggregate veto)
    person: list[str]  # further codes that wait for a person (e.g. content errors)
    auto: list[str]  # codes confirmed automatically (e.g. dead links)

    def needs_person(self, code: str, veto_codes: set[str]) -> bool:
        """Does a machine finding of `code` start as 待审核?"""
        if _matches(code, self.auto):
            return False
        return (self.vetoes and code in veto_codes) or _matches(code, self.person)


def _matches(code: str, patterns: list[str]) -> bool:
    return any(code == p or (p.endswith(".") and code.startswith(p)) for p in patterns)


class ReportSettings(_Strict):
    pass_rate_decimals: int
    rectify_workdays: int  # 整改通知单 deadline in working days after the notice's date
    close_after_notices: int | None  # accounts named in this many notices: 关停整合 (null: no rule)


class Profile(_Strict):
    name: str
    title: str = ""
    extends: str | None = None
    issuer: str = ""
    basis: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # 口径说明: how the notice's wording was read
    scoring: Scoring
    freshness: Freshness
    availability: Availability
    links: Links
    interaction: Interaction
    identity: Identity
    disclosure: Disclosure
    content: Content
    indicators: dict[str, Indicator]
    rules: dict[str, Rule]  # website finding code → rule
    vetoes: dict[str, VetoRule]
    media: Media
    media_checks: dict[str, Rule]  # new-media finding code → rule
    summary: SummaryStyle
    media_summary: SummaryStyle  # an account's 存在问题 cell
    report: ReportSettings
    review: Review

    def veto_codes(self) -> set[str]:
        """Codes whose findings can veto a target: a veto rule's own, or counted by an aggregate veto."""
        own = {
            c for table in (self.rules, self.media_checks) for c, r in table.items() if r.veto and r.enabled
        }
        return own | {c for v in self.vetoes.values() if v.enabled for c in v.codes}

    @model_validator(mode="after")
    def _indicators_exist(self) -> Profile:
        for table in (self.rules, self.media_checks):
            for code, rule in table.items():
                if rule.indicator is not None and rule.indicator not in self.indicators:
                    raise ValueError(f"规则 {code} 引用了不存在的指标 {rule.indicator}")
        return self

    def rule_for(self, code: str, *, media: bool = False) -> Rule | None:
        """The enabled rule of a finding code (exact code, else its family wildcard `family.*`)."""
        table = self.media_checks if media else self.rules
        rule = table.get(code) or table.get(code.split(".", 1)[0] + ".*")
        if rule is None or not rule.enabled:
            return None
        return rule


class ProfileError(UserError, ValueError):
    """A profile that cannot be found, parsed or validated (message in Chinese)."""


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge recursively; anything else in `over` replaces the value in `base`."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _redirect_codes(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Renamed check codes (the catalogue's redirects) replaced by their current codes, in one file."""
    out = dict(data)
    for table in ("rules", "media_checks"):
        entries = out.get(table)
        if not isinstance(entries, dict):
            continue
        renamed: dict[str, Any] = {}
        for code, rule in entries.items():
            new = canonical_code(str(code))
            if new in renamed or (new != code and new in entries):
                raise ProfileError(
                    f"评分方案 {path.name}：{table} 中 {code} 已更名为 {new}，两者不能同时出现"
                )
            renamed[new] = rule
        out[table] = renamed
    vetoes = out.get("vetoes")
    if isinstance(vetoes, dict):
        out["vetoes"] = {
            key: (
                {**v, "codes": [canonical_code(str(c)) for c in v["codes"]]}
                if isinstance(v, dict) and isinstance(v.get("codes"), list)
                else v
            )
            for key, v in vetoes.items()
        }
    return out


def _resolve(name_or_path: str | Path, near: Path | None) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    for folder in ([near] if near else []) + [PROFILE_DIR]:
        cand = folder / f"{name_or_path}.yaml"
        if cand.exists():
            return cand
    raise ProfileError(f"找不到评分方案：{name_or_path}（可用：{', '.join(available_profiles())}）")


def _raw(name_or_path: str | Path, near: Path | None, seen: tuple[str, ...]) -> dict[str, Any]:
    path = _resolve(name_or_path, near)
    key = str(path.resolve())
    if key in seen:
        raise ProfileError(f"评分方案继承出现循环：{path.name}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ProfileError(f"评分方案 {path} 不是有效的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"评分方案 {path} 顶层必须是映射")
    data = _redirect_codes(data, path)
    parent = data.get("extends")
    if parent:
        base = _raw(parent, path.parent, (*seen, key))
        base.pop("name", None)
        base.pop("title", None)
        base.pop("issuer", None)
        base.pop("notes", None)
        data = deep_merge(base, data)
    return data


def load_profile(name_or_path: str | Path) -> Profile:
    """Load a built-in profile by name (`national-2019`) or a YAML file, resolving `extends:`."""
    data = _raw(name_or_path, None, ())
    try:
        return Profile.model_validate(data)
    except ValueError as exc:
        raise ProfileError(f"评分方案 {name_or_path} 校验失败：{exc}") from exc


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))
