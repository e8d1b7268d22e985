"""Scenario files: the pydantic schema of a simulated jurisdiction and its YAML loader.

Errors are reported in Chinese with the YAML line number; dates may be relative to the checkpoint.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govinspect.errors import UserError
from govinspect.model import ColumnCategory, Platform, SiteKind, SiteStatus, UnitKind, Verdict

DateLike = dt.date | str
_REL = re.compile(r"^([+-])(\d+)([dwmy])$")

SiteFaultKind = Literal[
    "column_stale",
    "column_blank",
    "homepage_stale",
    "dead_link",
    "dead_external",
    "broken_image",
    "wrong_service",
    "unavailable",
    "slow",
    "redirect_chain",
    "serious_error",
    "outdated_name",
    "sensitive_word",
    "id_number",
    "mobile",
    "no_channel",
    "unanswered",
    "late_reply",
    "no_stats",
    "meta_missing",
    "site_code_missing",
    "site_code_mismatch",
    "icp_missing",
    "zhaocuo_missing",
    "broken_layout",
    "no_letters",
    "broken_entry",
    "solicitation_stale",
    "oversized_page",
    # obstacles a browser passes (sim/obstacles.py, sim/tls.py)
    "waf_412",
    "waf_521",
    "waf_200",
    "waf_unpassable",
    "ua_block",
    "cookie_redirect",
    "meta_refresh",
    "frameset",
    "script_redirect",
    "scheme_loop",
    "keepalive_drop",
    "image_map",
    "ipv6_only",
    "tls_incomplete_chain",
    "tls_expired",
    "tls_mismatch",
    "tls_legacy",
    "tls_weak_dh",
    "hidden_links",
    "reregistered_link",
]
AccountFaultKind = Literal[
    "not_updated",
    "low_frequency",
    "broken_menu",
    "outdated_entity",
    "content_error",
    "no_interaction",
    "malformed_feed",
    "empty_feed",
    "feed_404",
    "feed_500",
]
Behaviour = Literal[
    "redirect_loop",
    "redirect_chain",
    "slow",
    "slow_drip",
    "endless_calendar",
    "huge_body",
    "broken_gzip",
    "undecodable",
    "soft_404",
    "status_404",
    "status_500",
    "intermittent",
    "gbk_header",
    "gbk_meta",
]
# script: the list is built by a script from data whose address is put together at run time (no address
# in the markup): only a browser that runs the script sees it (crawl render_js).
Look = Literal["ul", "table", "jcms", "json", "script"]
Encoding = Literal["utf-8", "gbk", "gbk-meta"]
DateFormat = Literal["iso", "cn", "slash", "short", "datetime"]


class ScenarioError(UserError, ValueError):
    """A scenario file that cannot be used; `messages` are Chinese, each with its line."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def resolve_date(value: DateLike | None, checkpoint: dt.date) -> dt.date | None:
    """An absolute date, or one relative to the checkpoint (`-45d`, `-2w`, `-7m`, `-1y`)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _REL.match(value.strip())
    if not m:
        return dt.date.fromisoformat(value.strip())
    sign = -1 if m.group(1) == "-" else 1
    n = int(m.group(2)) * sign
    unit = m.group(3)
    if unit == "d":
        return checkpoint + dt.timedelta(days=n)
    if unit == "w":
        return checkpoint + dt.timedelta(weeks=n)
    months = n if unit == "m" else 12 * n
    y, mo = divmod(checkpoint.month - 1 + months, 12)
    year, month = checkpoint.year + y, mo + 1
    day = checkpoint.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def _check_datelike(v: Any) -> Any:
    if v is None or isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        if _REL.match(v.strip()):
            return v.strip()
        try:
            dt.date.fromisoformat(v.strip())
        except ValueError:
            raise ValueError(f"日期格式无效：{v!r}（应为 2023-06-20 或 -45d、-2w、-7m、-1y）") from None
        return v.strip()
    raise ValueError(f"日期格式无效：{v!r}")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FormerNameSpec(_Spec):
    name: str
    until: dt.date


class UnitSpec(_Spec):
    name: str
    kind: UnitKind = UnitKind.DEPARTMENT
    parent: str | None = None
    full_name: str | None = None  # e.g. 邓州市司法局 for 市司法局
    former_names: list[FormerNameSpec] = Field(default_factory=list)


class ColumnSpec(_Spec):
    name: str
    category: ColumnCategory = ColumnCategory.OTHER
    group: str | None = None  # the navigation menu this column drops down from
    newest: DateLike | None = None  # newest item date; None = fresh
    items: int | None = None
    stale: bool = False
    blank: bool = False
    blank_style: Literal["empty", "notice"] = "notice"
    on_home: bool | None = None
    look: Look | None = None  # this column's list style; None = the site's

    _d = field_validator("newest", mode="before")(_check_datelike)


class LetterSpec(_Spec):
    title: str
    type: Literal["咨询", "投诉", "建议", "求助"] = "咨询"
    asked: DateLike
    replied: DateLike | None = None
    reply: str | None = None
    count: int = Field(default=1, ge=1)  # that many letters, titles numbered （1）（2）…

    _d = field_validator("asked", "replied", mode="before")(_check_datelike)


class FaultSpec(_Spec):
    """One planted fault. Only the parameters the kind uses are read."""

    kind: SiteFaultKind
    column: str | None = None
    count: int = 1
    category: Literal["news", "other"] | None = None
    newest: DateLike | None = None
    text: str | None = None
    url: str | None = None
    ratio: float = 0.3
    delay: float = 2.0
    hops: int = 3
    size_kb: int = Field(default=12 * 1024, ge=1)  # oversized_page: the column page's size
    uses: int = 0  # WAF challenges: requests one clearance cookie is good for (0 = the whole crawl)
    asked: DateLike | None = None
    replied: DateLike | None = None

    _d = field_validator("newest", "asked", "replied", mode="before")(_check_datelike)


class PolicySpec(_Spec):
    """A policy document published in the site's 政策文件 column, with its interpretations (政策解读).

    `text`/`picture` are how many 文字解读 / 图片解读 (图解) articles it gets (`true` = 1). `unit` is the
    解读单位: by default the site's unit; another unit's interpretations are published on its behalf,
    their 来源 naming that unit.
    """

    title: str
    date: DateLike
    text: int = Field(default=1, ge=0)
    picture: int = Field(default=0, ge=0)
    unit: str | None = None
    interpreted: DateLike | None = None  # date of the interpretations; default a few days after `date`
    column: str | None = None  # the policy column; default the site's first 政策文件 column

    _d = field_validator("date", "interpreted", mode="before")(_check_datelike)


class SiteSpec(_Spec):
    code: str | None = None  # 网站标识码; default area_code + sequence
    name: str
    host: str | None = None
    unit: str
    kind: SiteKind = SiteKind.DEPARTMENT
    status: SiteStatus = SiteStatus.RUNNING
    look: Look | None = None  # None = chosen from the seed
    encoding: Encoding = "utf-8"
    date_format: DateFormat | None = None
    pagination: Literal["index", "query"] = "index"
    page_size: int = 15
    columns: list[ColumnSpec] = Field(default_factory=list)
    default_columns: bool = True
    items: tuple[int, int] | None = None  # item count range per column
    letters: list[LetterSpec] = Field(default_factory=list)
    policies: list[PolicySpec] = Field(default_factory=list)
    faults: list[FaultSpec] = Field(default_factory=list)
    robots: str | None = None
    extra_hosts: list[str] = Field(default_factory=list)
    # 路径前缀: the site is a section of `host` (a 信息公开平台 under the portal), served under this path
    path_prefix: str = "/"

    @field_validator("path_prefix")
    @classmethod
    def _prefix(cls, v: str) -> str:
        if not (v.startswith("/") and v.endswith("/")):
            raise ValueError("路径前缀应以 / 开头并以 / 结尾，如 /xxgk/cun/dzc/")
        return v


class AccountFaultSpec(_Spec):
    kind: AccountFaultKind
    last_post: DateLike | None = None
    per_week: float | None = None
    entity: str | None = None
    text: str | None = None
    count: int = 1

    _d = field_validator("last_post", mode="before")(_check_datelike)


class AccountSpec(_Spec):
    platform: Platform
    name: str
    id: str | None = None
    unit: str
    certified_entity: str | None = None
    last_post: DateLike | None = None
    per_week: float = 4.0
    posts: int | None = None  # default: enough to cover 15 weeks at `per_week` (at least 12)
    menu: list[str] = Field(default_factory=lambda: ["走进我们", "办事服务", "互动留言"])
    faults: list[AccountFaultSpec] = Field(default_factory=list)

    _d = field_validator("last_post", mode="before")(_check_datelike)


class HostileSpec(_Spec):
    """A site made of misbehaving pages, one per behaviour, mounted at /<behaviour>/."""

    host: str
    name: str = "异常行为测试站"
    behaviours: list[Behaviour]
    ratio: float = 0.5
    delay: float = 3.0
    huge_mb: int = 12


class SiteFiller(_Spec):
    count: int | None = None
    names: list[str] = Field(default_factory=list)  # unit names; count defaults to len(names)
    kind: SiteKind = SiteKind.TOWNSHIP
    unit_kind: UnitKind = UnitKind.TOWNSHIP
    parent: str | None = None
    look: Look | None = None
    items: tuple[int, int] | None = None


class AccountFiller(_Spec):
    count: int
    unit: str | None = None  # None = spread over the scenario's units
    unit_kind: UnitKind | None = None  # spread only over units of this kind
    platforms: list[Platform] = Field(
        default_factory=lambda: [Platform.WECHAT, Platform.WEIBO, Platform.TOUTIAO]
    )


class Filler(_Spec):
    sites: list[SiteFiller] = Field(default_factory=list)
    accounts: list[AccountFiller] = Field(default_factory=list)


class ExpectedSpec(_Spec):
    verdict: Verdict
    score: float | None = None
    reason: str = ""


class Expected(_Spec):
    sites: dict[str, ExpectedSpec] = Field(default_factory=dict)  # key: site name or code
    accounts: dict[str, ExpectedSpec] = Field(default_factory=dict)  # key: account name or key
    totals: dict[str, int] = Field(default_factory=dict)  # sites, sites_pass, accounts, accounts_pass
    unjudged: list[str] = Field(default_factory=list)  # targets (name or key) with no expected verdict
    default_site: Verdict | None = Verdict.PASS
    default_account: Verdict | None = Verdict.PASS


class Issuer(_Spec):
    name: str = ""
    title: str = ""
    doc_no: str = ""
    recipients: str = ""  # 主送机关 (office.yaml issuer.recipients)
    send_to: str = ""  # 发至 of a 简报 (issuer.send_to)
    report_to: str = ""  # 报送 of a 简报 (issuer.report_to)
    date: dt.date | None = None
    sections: list[str] | None = (
        None  # the notice's optional sections (office.yaml `sections`); None = default
    )
    template: str = "default"  # the report template set (office.yaml `template`)


class Scenario(_Spec):
    jurisdiction: str
    checkpoint: dt.date
    profile: str = "national-2019"
    seed: int = 0
    area_code: str = "410000"
    domain: str = "example.gov.cn"
    province: str = "河南省"
    icp_prefix: str = "豫"
    service_url: str = "http://www.hnzwfw.gov.cn/"
    feed_host: str = "rsshub.sim.local"
    items: tuple[int, int] = (6, 14)
    # days before the checkpoint in which every site's 3–5 everyday letters were asked
    letters_window: tuple[int, int] = (5, 80)
    issuer: Issuer = Field(default_factory=Issuer)
    units: list[UnitSpec] = Field(default_factory=list)
    sites: list[SiteSpec] = Field(default_factory=list)
    accounts: list[AccountSpec] = Field(default_factory=list)
    hostile: list[HostileSpec] = Field(default_factory=list)
    filler: Filler = Field(default_factory=Filler)
    expected: Expected = Field(default_factory=Expected)

    def resolve(self, value: DateLike | None) -> dt.date | None:
        return resolve_date(value, self.checkpoint)


# ---------------------------------------------------------------- loading with line numbers

_ERR_ZH = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段",
    "enum": "取值无效",
    "literal_error": "取值无效",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "date_from_datetime_parsing": "日期格式无效",
    "date_parsing": "日期格式无效",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "bool_parsing": "应为 true 或 false",
}


def _construct(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k, v in node.value:
            key = _scalar(k)
            lines[(*path, key)] = k.start_mark.line + 1
            out[key] = _construct(v, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, (*path, i), lines) for i, v in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return 1


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Parse scenario YAML text; raises ScenarioError with Chinese messages and line numbers."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ScenarioError([f"{source}:{line}: YAML 语法错误：{getattr(exc, 'problem', exc)}"]) from None
    if node is None:
        raise ScenarioError([f"{source}:1: 场景文件为空"])
    lines: dict[tuple[Any, ...], int] = {}
    data = _construct(node, (), lines)
    if not isinstance(data, dict):
        raise ScenarioError([f"{source}:1: 场景文件顶层应为映射（键: 值）"])
    data = {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}  # YAML anchors
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc) or "(顶层)"
            zh = _ERR_ZH.get(err["type"], "")
            raw = str(err.get("msg", ""))
            if raw.startswith("Value error, "):
                raw = raw[len("Value error, ") :]
                zh = ""
            detail = f"{zh}（{raw}）" if zh else raw
            msgs.append(f"{source}:{_line_of(loc, lines)}: 字段 {field}：{detail}")
        raise ScenarioError(msgs) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    p = Path(path)
    return parse_scenario(p.read_text(encoding="utf-8"), str(p))
