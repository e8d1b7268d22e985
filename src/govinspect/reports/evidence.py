"""Evidence for people: every evidence field's Chinese label and how its value is written.

One table (`FIELDS`) maps a finding's evidence keys to a label and a formatter; every writer (the
问题明细 sheet, the 整改通知单, the notice's HTML/Markdown) reads evidence only through this module,
so no internal code, English key or Python dump reaches a user. Fields marked internal are not shown.
The rule's legal basis (the lexicon's 出处) is kept apart from the evidence (`evidence_basis`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from govinspect.checks import check_name
from govinspect.content.hits import CATEGORY_LABELS, RULE_LABELS
from govinspect.model import TZ, Finding, cn_date, cn_size
from govinspect.reports.data import RoundReport

Formatter = Callable[[Any], str]
RECORD_LIMIT = 5  # records (failed probes, letters, pages) shown in one cell; the rest are counted
WORD_LIMIT = 12  # plain list items shown in one cell

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def cn_moment(value: dt.date | dt.datetime | str | None) -> str:
    """2023年6月14日 or 2023年6月14日 04:47 (Asia/Shanghai) from a date, datetime or ISO string."""
    if isinstance(value, str):
        try:
            if _ISO_DATE.match(value):
                value = dt.date.fromisoformat(value)
            elif _ISO_TIME.match(value):
                value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        local = value.astimezone(TZ) if value.tzinfo else value
        return f"{cn_date(local)} {local:%H:%M}"
    if isinstance(value, dt.date):
        return cn_date(value)
    return "" if value is None else str(value)


def _error(value: Any) -> str:
    from govinspect.checks import ERROR_TEXT

    return ERROR_TEXT.get(str(value), str(value))


def _unit(suffix: str) -> Formatter:
    return lambda v: f"{_number(v)}{suffix}"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _percent(value: Any) -> str:
    return f"{float(value) * 100:.1f}%"


def _yes_no(value: Any) -> str:
    return "是" if value else "否"


def _level(value: Any) -> str:
    return {1: "一级栏目", 2: "二级栏目", 3: "三级栏目"}.get(value, f"{value}级栏目")


def _per_week(value: Any) -> str:
    return f"每周{_number(value)}条"


def _weeks(value: Any) -> str:
    """2023年6月7日至6月13日发布0条；… (weeks below the required frequency)."""
    parts = [
        f"{cn_moment(w.get('from'))}至{cn_moment(w.get('to'))}发布{w.get('posts', 0)}条"
        for w in value
        if isinstance(w, Mapping)
    ]
    return "；".join(parts)


CERT_PROBLEMS = {
    "cert_expired": "证书不在有效期内",
    "cert_mismatch": "证书与域名不符",
    "cert_untrusted": "证书不受信任",
    "chain_incomplete": "证书链不完整",
    "weak_protocol": "使用已淘汰的安全协议",
    "weak_key_exchange": "密钥交换参数过弱",
}


@dataclass(frozen=True, slots=True)
class Field:
    """How one evidence key is shown: its label and formatter; internal fields are not shown."""

    label: str
    fmt: Formatter | None = None  # the whole value → text; None → generic (dates, lists, records)
    internal: bool = False


INTERNAL = Field("", internal=True)

FIELDS: dict[str, Field] = {
    # where and what
    "page": Field("页面"),
    "pages": Field("涉及页面"),
    "page_count": Field("涉及页面数", _unit("个")),
    "page_title": Field("页面标题"),
    "title": Field("标题"),
    "url": Field("网址"),
    "link": Field("问题链接"),
    "final_url": Field("跳转后地址"),
    "anchor": Field("链接文字"),
    "how": Field("隐藏方式"),
    "sources": Field("出现页面"),
    "source_count": Field("出现页面数", _unit("个")),
    "host": Field("链接域名"),
    "expected_hosts": Field("应链接的平台域名"),
    "allowed": Field("允许的域名"),
    "status": Field("状态"),
    "error": Field("错误类型", _error),
    "elapsed_ms": Field("耗时", _unit("毫秒")),
    "matched": Field("问题表述"),
    "rule": Field("判定规则", lambda v: RULE_LABELS.get(str(v), str(v))),
    "context": Field("上下文"),
    "correction": Field("修改建议"),
    "suggestion": Field("修改建议"),
    "occurrences": Field("出现次数", _unit("次")),
    "published": Field("发布日期"),
    "date": Field("日期"),
    "severity": Field("严重程度"),
    # availability
    "attempts": Field("访问次数", _unit("次")),
    "failures": Field("失败次数", _unit("次")),
    "ratio": Field("失败率", _percent),
    "window_start": Field("监测开始时间"),
    "window_end": Field("监测结束时间"),
    "timeout_s": Field("超时时间", _unit("秒")),
    "failed_probes": Field("失败记录"),
    "limited": Field("受限次数（防护拦截）", _unit("次")),
    # certificates (tls.*)
    "problem": Field("证书问题", lambda v: CERT_PROBLEMS.get(str(v), str(v))),
    "protocol": Field("安全协议"),
    "cipher": Field("密码套件"),
    "names": Field("证书所列域名"),
    "not_before": Field("证书生效时间"),
    "not_after": Field("证书到期时间"),
    "issuer": Field("证书签发者"),
    "aia": Field("颁发者证书地址（AIA）"),
    "at": Field("时间"),
    # freshness
    "basis": Field("判定范围"),
    "window": Field("更新时限"),
    "cutoff": Field("时限起算日期"),
    "newest_title": Field("最新信息"),
    "newest_date": Field("最新日期"),
    "newest_url": Field("最新信息网址"),
    "reason": Field("判定原因"),
    "column": Field("栏目"),
    "column_url": Field("栏目网址"),
    "columns": Field("栏目"),
    "category": Field("栏目类别"),
    "level": Field("栏目级别", _level),
    "items": Field("信息条数", _unit("条")),
    "undated": Field("无日期信息条数", _unit("条")),
    # identity, disclosure
    "seen": Field("页面标注"),
    "registry_code": Field("底账登记"),
    "missing": Field("缺少项"),
    "home": Field("首页"),
    "list": Field("栏目页"),
    "article": Field("文章页"),
    "platform_name": Field("平台名称"),
    "platform_url": Field("平台网址"),
    "year": Field("年度"),
    "due": Field("应发布日期"),
    # interaction
    "channels": Field("互动渠道"),
    "keywords": Field("查找用语"),
    "name": Field("名称"),
    "letters": Field("留言"),
    "type": Field("类型"),
    "asked": Field("提交日期"),
    "replied": Field("答复日期"),
    "workdays": Field("用时", _unit("个工作日")),
    "limit_workdays": Field("答复时限", _unit("个工作日")),
    "limit_months": Field("答复时限", _unit("个月")),
    "lookback_from": Field("统计起始日期"),
    "since": Field("统计起始日期"),
    "stats": Field("留言统计"),
    # new media
    "post_title": Field("文章标题"),
    "post_date": Field("发布时间"),
    "post_url": Field("文章网址"),
    "last_post_title": Field("最近一次发布"),
    "last_post_date": Field("最近发布时间"),
    "last_post_url": Field("最近发布网址"),
    "checkpoint": Field("监测时间点"),
    "days": Field("未更新天数", _unit("天")),
    "weeks": Field("发布不足的周", _weeks),
    "from": Field("起"),
    "to": Field("止"),
    "posts": Field("发布条数", _unit("条")),
    "min_posts_per_week": Field("最低更新频率", _per_week),
    "period_start": Field("统计起始日期"),
    "gap_days": Field("断更天数", _unit("天")),
    "gap_from": Field("断更起始"),
    "gap_to": Field("断更截止"),
    "max_gap_days": Field("允许最长间隔", _unit("天")),
    "links": Field("无法打开的链接"),
    "size_read": Field("已读取大小", lambda v: cn_size(int(v))),
    "declared_size": Field("服务器声明大小", lambda v: cn_size(int(v))),
    "unjudged": Field("未作结论的项目（需人工核实）"),
    "would_be": Field("原本的判断", lambda v: check_name(str(v))),
    "doubts": Field("存疑原因"),
    "source": Field("位置"),
    "certified_entity": Field("认证主体"),
    "unit": Field("主管单位"),
    "former_name": Field("单位曾用名"),
    "profile_url": Field("账号主页"),
    "source_url": Field("数据源地址"),
    "accounts": Field("同平台账号"),
    "recommendation": Field("处理建议"),
    # manual findings
    "inspector": Field("检查人"),
    "note": Field("备注"),
    "points": Field("扣分", _unit("分")),
    "veto": Field("单项否决", _yes_no),
    # internal: positions, flags and repeats of fields shown elsewhere
    "position": INTERNAL,
    "registered": INTERNAL,
    "internal": INTERNAL,
    "kind": INTERNAL,
    "window_days": INTERNAL,
    "window_label": INTERNAL,
    "post_source": INTERNAL,
    "code": INTERNAL,
    "target": INTERNAL,
    "message": INTERNAL,
}

# Keys that mean something else inside one record: the counts of 留言统计, manual findings' source.
NESTED: dict[str, dict[str, Field]] = {
    "stats": {
        "letters": Field("留言数", _unit("件")),
        "replied": Field("已答复", _unit("件")),
        "median_workdays": Field("答复用时中位数", _unit("个工作日")),
        "max_workdays": Field("最长答复用时", _unit("个工作日")),
    },
}
BY_CODE: dict[str, dict[str, Field]] = {
    "manual.": {"source": Field("检查方式")},
    "content.": {
        "category": Field("类别", lambda v: CATEGORY_LABELS.get(str(v), str(v))),
    },
}
# The lexicon's 出处 of a content or privacy hit: the rule's basis, its own column (never 所在页面).
BASIS_KEY = {"content.": "source", "privacy.": "source"}


def _field(code: str, key: str, parent: str | None = None) -> Field | None:
    if parent is not None and key in NESTED.get(parent, {}):
        return NESTED[parent][key]
    for prefix, table in BY_CODE.items():
        if code.startswith(prefix) and key in table:
            return table[key]
    return FIELDS.get(key)


def _basis_key(code: str) -> str | None:
    return next((key for prefix, key in BASIS_KEY.items() if code.startswith(prefix)), None)


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | dict) and not value)


def _value(code: str, key: str, value: Any, parent: str | None = None) -> str:
    """A value as people read it: dates in Chinese, lists joined, records labelled."""
    f = _field(code, key, parent)
    if f is not None and f.fmt is not None:
        return f.fmt(value)
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float):
        return _number(round(value, 2))
    if isinstance(value, dt.date | str):
        return cn_moment(value)
    if isinstance(value, Mapping):
        return "，".join(f"{label}：{text}" for label, text in _items(code, value, key))
    if isinstance(value, list | tuple):
        shown = [v for v in value if not _empty(v)]
        records = any(isinstance(v, Mapping) for v in shown)
        limit = RECORD_LIMIT if records else WORD_LIMIT
        parts = [_record(code, key, v) if isinstance(v, Mapping) else _value(code, key, v) for v in shown]
        parts = [p for p in parts if p]
        text = ("；" if records else "、").join(parts[:limit])
        return text + (f"等{len(parts)}项" if len(parts) > limit else "")
    return str(value)


def _record(code: str, parent: str, record: Mapping[str, Any]) -> str:
    """One item of a list of records: its first field bare, the others labelled in brackets."""
    items = _items(code, record, parent)
    if not items:
        return ""
    (_, head), rest = items[0], items[1:]
    return head + ("（" + "，".join(f"{label}：{text}" for label, text in rest) + "）" if rest else "")


def _items(code: str, detail: Mapping[str, Any], parent: str | None = None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    basis = _basis_key(code) if parent is None else None
    for key, value in detail.items():
        f = _field(code, key, parent)
        if f is None or f.internal or key == basis or _empty(value):
            continue  # unknown keys stay out of documents (tests keep the table complete)
        text = _value(code, key, value, parent)
        if text:
            out.append((f.label, text))
    return out


def evidence_items(code: str, detail: Mapping[str, Any], page: str = "") -> list[tuple[str, str]]:
    """(Chinese label, human value) of each shown evidence field of a finding, in evidence order.

    A field that only repeats the finding's page (shown in its own 所在页面 column) is left out.
    """
    items = _items(code, detail)
    link = dict(items).get(FIELDS["link"].label)
    return [
        (k, v)
        for k, v in items
        if not (k == FIELDS["final_url"].label and v == link) and not (page and v == page)
    ]


def evidence_text(code: str, detail: Mapping[str, Any], page: str = "") -> str:
    """The evidence as one line: 栏目：通知公告；最新信息：…；最新日期：2023年1月5日."""
    return "；".join(f"{label}：{value}" for label, value in evidence_items(code, detail, page))


def evidence_basis(code: str, detail: Mapping[str, Any]) -> str:
    """The rule's legal basis cited by the finding (e.g. GB 11643-1999《公民身份号码》), or ""."""
    key = _basis_key(code)
    value = detail.get(key) if key else None
    return str(value) if value else ""


def check_label(code: str) -> str:
    """The Chinese name of a check code from the catalogue (renamed codes included), else 其他问题."""
    from govinspect.checks import check_name

    name = check_name(code)
    return name if name != code else "其他问题"


EVIDENCE_HEADER = ["单位", "检查对象", "检查项", "存在问题", "所在页面", "检查时间", "佐证", "规则依据"]


def _evidence_row(unit: str, target: str, f: Finding) -> list[object]:
    ev = f.evidence
    return [
        unit,
        target,
        check_label(f.code),
        f.message,
        ev.url,
        cn_moment(ev.captured_at),
        evidence_text(f.code, ev.detail, ev.url),
        evidence_basis(f.code, ev.detail),
    ]


def evidence_rows(report: RoundReport) -> list[list[object]]:
    """问题明细 sheet: every finding of every site and account with its evidence, one row each."""
    rows = [_evidence_row(s.unit, s.site_name, f) for s in report.sites for f in s.findings]
    for acc in report.accounts:
        rows.extend(_evidence_row(acc.unit, f"{acc.platform_label}“{acc.name}”", f) for f in acc.findings)
    return rows
