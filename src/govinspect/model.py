"""Domain model shared by every stage: registry entities, rounds, findings, verdicts.

Stages exchange these typed values; none of them knows about the store or the CLI.
Enum values are the Chinese labels users see in sheets and reports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from govinspect.privacy import mask_personal_data, mask_values

TZ = ZoneInfo("Asia/Shanghai")
# Text of findings and results: personal numbers are masked when a value is made or loaded, so the
# store and everything written from it never hold them in full (the archive does).
Masked = Annotated[str, AfterValidator(mask_personal_data)]
MaskedDetail = Annotated[dict[str, Any], AfterValidator(mask_values)]


class UnitKind(StrEnum):
    COUNTY = "县区"
    DEPARTMENT = "部门"
    TOWNSHIP = "乡镇"
    SUBDISTRICT = "街道"
    VILLAGE = "村居"
    DEV_ZONE = "开发区"
    OTHER = "其他"


class SiteKind(StrEnum):
    PORTAL = "门户"
    DEPARTMENT = "部门"
    TOWNSHIP = "乡镇街道"
    DISCLOSURE = "信息公开平台"
    SPECIAL = "专题"


class SiteStatus(StrEnum):
    """A site's 运行状态; any but 运行 takes the site out of rounds from its `status_since` date."""

    RUNNING = "运行"  # 正常
    CLOSED = "关停"
    REVAMP = "改版报备"  # 例外: a filed revamp, not inspected meanwhile
    MIGRATED = "迁移"  # moved to `moved_to` (整合迁移)


class ColumnCategory(StrEnum):
    """Column categories of the indicator spec; each has its own update window."""

    NEWS = "动态要闻"
    NOTICE = "通知公告"
    POLICY = "政策文件"
    PERSONNEL_PLAN = "人事规划"
    DISCLOSURE_GUIDE = "信息公开指南"
    DISCLOSURE_RULES = "信息公开制度"
    DISCLOSURE_REPORT = "信息公开年报"
    DISCLOSURE_STATUTORY = "法定主动公开内容"
    INTERACTION = "互动交流"
    SERVICE = "办事服务"
    OVERVIEW = "概况"
    DIRECTORY = "主动公开事项"  # 政府信息公开条例第二十条 directory columns: 制度规章, 规划编制, 重大决策 …
    FUNDS = "财政与监管"  # 财政资金, 收费, 政府采购, 双随机公开: the directory columns that change often
    VILLAGE = "村务公开"  # 村（居）务公开: 村务, 财务, 惠民惠农补贴, 服务公开
    SPECIAL = "专题"
    OTHER = "其他"


class Platform(StrEnum):
    WECHAT = "微信公众号"
    WEIBO = "微博"
    TOUTIAO = "今日头条"
    DOUYIN = "抖音"
    KUAISHOU = "快手"
    CHANNELS = "视频号"
    BAIJIAHAO = "百家号"
    OTHER = "其他"


PLATFORM_ALIASES: dict[str, Platform] = {
    "微信": Platform.WECHAT,
    "公众号": Platform.WECHAT,
    "微信公众号": Platform.WECHAT,
    "微博": Platform.WEIBO,
    "新浪微博": Platform.WEIBO,
    "头条": Platform.TOUTIAO,
    "头条号": Platform.TOUTIAO,
    "今日头条": Platform.TOUTIAO,
    "抖音": Platform.DOUYIN,
    "抖音号": Platform.DOUYIN,
    "快手": Platform.KUAISHOU,
    "视频号": Platform.CHANNELS,
    "微信视频号": Platform.CHANNELS,
    "百家号": Platform.BAIJIAHAO,
    "其他": Platform.OTHER,
}


class RoundStatus(StrEnum):
    CREATED = "新建"
    RUNNING = "进行中"
    DONE = "已完成"
    FAILED = "失败"


class RoundSource(StrEnum):
    """Where a round's pages come from: a fresh crawl, or the monitoring snapshots as of its checkpoint."""

    CRAWL = "crawl"
    MONITORING = "monitoring"


class TargetKind(StrEnum):
    SITE = "网站"
    ACCOUNT = "政务新媒体"


class Verdict(StrEnum):
    PASS = "合格"
    FAIL = "不合格"
    UNVERIFIED = "待核实"  # an account whose posts could not be read: not judged, not in 合格率


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FormerName(_Model):
    """A name the unit carried until `until` (the renaming date)."""

    name: str
    until: dt.date


class Unit(_Model):
    name: str
    kind: UnitKind = UnitKind.DEPARTMENT
    parent: str | None = None
    former_names: tuple[FormerName, ...] = ()


class Column(_Model):
    name: str
    url: str
    category: ColumnCategory = ColumnCategory.OTHER
    level: int = 1  # 1 = 一级栏目
    registered: bool = True


class Site(_Model):
    """A government website. `code` is the 网站标识码, the site's stable key."""

    code: str
    name: str
    home_url: str
    unit: str
    kind: SiteKind = SiteKind.DEPARTMENT
    status: SiteStatus = SiteStatus.RUNNING
    status_since: dt.date | None = None  # the date the status took effect (None: unknown, at once)
    moved_to: str | None = None  # 迁移: the site's new address
    extra_hosts: tuple[str, ...] = ()
    # 路径前缀: a 信息公开平台 that is a section of a portal is its host plus this path ("/" = the whole
    # host); its crawl stays under the prefix, and the portal's crawl leaves registered sections out
    path_prefix: str = "/"
    group: str | None = None  # 站群 (a portal with its sub-sites), counted together
    has_services: bool = True  # False → scored out of 75 and scaled by 4/3
    columns: tuple[Column, ...] = ()
    crawl: dict[str, Any] = Field(default_factory=dict)  # per-site crawl setting overrides


def in_path_scope(url_path: str, prefix: str) -> bool:
    """Does a URL path lie under a site's path prefix ("/" covers the whole host)?"""
    return prefix == "/" or (url_path or "/").startswith(prefix) or (url_path or "/") + "/" == prefix


def sections_within(site: Site, sites: Iterable[Site]) -> list[str]:
    """Path prefixes of the other sites on `site`'s home host that lie inside its own path prefix.

    A portal's crawl leaves them out: 17 village platforms under one portal are 17 targets, and their
    columns are not the portal's columns (ADR 0021).
    """
    host = urlsplit(site.home_url).hostname
    return sorted(
        {
            s.path_prefix
            for s in sites
            if s.code != site.code
            and s.path_prefix != site.path_prefix
            and s.path_prefix.startswith(site.path_prefix)
            and urlsplit(s.home_url).hostname == host
        }
    )


def keep_status_date(new: Site, old: Site | None) -> Site:
    """`new`, keeping `old`'s status date and new address when the status is unchanged and `new` gives none."""
    if old is None or old.status != new.status or new.status_since or new.moved_to:
        return new
    return new.model_copy(update={"status_since": old.status_since, "moved_to": old.moved_to})


class Account(_Model):
    """A government new-media account; keyed by (platform, account_id)."""

    platform: Platform
    name: str
    account_id: str
    unit: str
    certified_entity: str | None = None  # 认证主体
    feed_url: str | None = None
    profile_url: str | None = None
    menu_links: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.platform.value}:{self.account_id}"


class Registry(_Model):
    """Everything a jurisdiction keeps in its 底账."""

    jurisdiction: str = ""
    units: tuple[Unit, ...] = ()
    sites: tuple[Site, ...] = ()
    accounts: tuple[Account, ...] = ()


class Round(_Model):
    name: str
    checkpoint: dt.datetime  # 监测时间点, aware, Asia/Shanghai
    profile: str = "national-2019"
    scope_units: tuple[str, ...] = ()  # empty = every unit
    status: RoundStatus = RoundStatus.CREATED
    period_start: dt.date | None = None  # the round's period (e.g. quarter start)
    source: RoundSource = RoundSource.CRAWL  # 数据来源: 重新抓取 / 常态化监测


class Evidence(_Model):
    """Proof of a finding: where, when, and what was seen."""

    url: Masked = ""
    captured_at: dt.datetime | None = None
    detail: MaskedDetail = Field(default_factory=dict)


class Finding(_Model):
    """One problem found on one target, with evidence. `code` names the check."""

    code: str
    target_kind: TargetKind
    target: str  # Site.code or Account.key
    message: Masked  # Chinese, one line, as it would appear in a notice
    evidence: Evidence = Evidence()
    count: int = 1  # how many instances (e.g. stale columns) this finding stands for
    manual: bool = False  # 人工 finding entered by an inspector


def finding_order(f: Finding) -> tuple[str, str, int, str, str, str]:
    """One deterministic order of findings: target, code, column position, URL, message, detail."""
    pos = f.evidence.detail.get("position", 0)
    return (
        f.target,
        f.code,
        pos if isinstance(pos, int) else 0,
        f.evidence.url,
        f.message,
        json.dumps(f.evidence.detail, ensure_ascii=False, sort_keys=True, default=str),
    )


class Deduction(_Model):
    code: str
    points: float
    reason: Masked
    findings: tuple[int, ...] = ()  # indexes into TargetResult's findings


class TargetResult(_Model):
    """The judgement of one target in one round."""

    target_kind: TargetKind
    target: str
    unit: str
    name: str
    score: float | None  # None when vetoed
    verdict: Verdict
    vetoes: tuple[str, ...] = ()  # indicator codes that vetoed
    deductions: tuple[Deduction, ...] = ()
    summary: Masked = ""  # the 存在问题 line of the notice
    findings: tuple[Finding, ...] = ()


def checkpoint_at(day: dt.date) -> dt.datetime:
    """The 监测时间点 of a day: end of that day in Asia/Shanghai."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=TZ)


def cn_size(n: int) -> str:
    """A byte count as people read it: 512 字节, 3.5 KB, 10 MB (binary units, one decimal when needed)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} 字节"


def cn_date(day: dt.date | dt.datetime | None, year: bool = True) -> str:
    """2023年6月21日 as notices write dates (no leading zeros, GB/T 9704); year=False → 6月21日."""
    if day is None:
        return ""
    if year:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.month}月{day.day}日"
