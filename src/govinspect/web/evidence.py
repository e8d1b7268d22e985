"""A finding's evidence as people read it: labelled lines, the page it concerns, the text to highlight.

Labels come from the evidence keys the checks write (checks/catalog.yaml lists them per code);
an unknown key is shown under its own name rather than dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govinspect.web.queries import fmt_time

LABELS = {
    "column": "栏目",
    "column_url": "栏目地址",
    "category": "栏目类别",
    "level": "栏目级别",
    "window": "更新期限",
    "cutoff": "截止日期",
    "newest_title": "最新信息",
    "newest_date": "最新发布日期",
    "newest_url": "最新信息地址",
    "reason": "原因",
    "basis": "判定依据",
    "items": "信息条数",
    "link": "链接",
    "anchor": "链接文字",
    "source": "来源",
    "pages": "涉及页面",
    "sources": "所在页面",
    "status": "HTTP 状态",
    "error": "错误",
    "final_url": "最终地址",
    "matched": "命中文字",
    "context": "上下文",
    "correction": "应为",
    "kind": "类别",
    "page_title": "页面标题",
    "occurrences": "出现次数",
    "attempts": "访问次数",
    "failures": "失败次数",
    "ratio": "失败比例",
    "window_start": "监测开始",
    "window_end": "监测结束",
    "timeout_s": "超时（秒）",
    "elapsed_ms": "耗时（毫秒）",
    "missing": "缺少",
    "published": "发布时间",
    "since": "起始",
    "note": "说明",
    "inspector": "检查人",
    "platform_name": "平台名称",
    "platform_url": "平台地址",
    "host": "主机",
    "expected_hosts": "应为主机",
    "registry_code": "网站标识码",
    "year": "年度",
    "due": "期限",
    "keywords": "关键词",
    "letters": "来信",
    "stats": "统计",
    "veto": "单项否决",
    "points": "扣分",
    "page_count": "页数",
    "source_count": "来源数",
    "channels": "渠道",
    "columns": "栏目",
    "seen": "发现于",
    "allowed": "允许",
    "undated": "无日期条数",
    "limit_workdays": "期限（工作日）",
    "limit_months": "期限（月）",
    "lookback_from": "回溯起点",
    "failed_probes": "失败记录",
    "position": "栏目序号",
    "registered": "底账登记",
    "window_label": "更新期限",
    "window_days": "期限（天）",
    "internal": "站内链接",
    "suggestion": "建议",
    "days": "未更新天数",
    "last_post_title": "最近发文",
    "last_post_date": "最近发文日期",
    "last_post_url": "最近发文地址",
    "checkpoint": "监测时间点",
    "post_title": "发文标题",
    "post_date": "发文日期",
    "post_url": "发文地址",
    "gap_days": "间隔天数",
    "gap_from": "间隔起",
    "gap_to": "间隔止",
}
TIME_KEYS = {
    "newest_date",
    "cutoff",
    "published",
    "window_start",
    "window_end",
    "since",
    "due",
    "last_post_date",
    "post_date",
    "checkpoint",
}
# evidence keys whose text appears on the archived page and is highlighted there
HIGHLIGHT_TEXT = ("matched", "newest_title", "anchor", "column")
HIGHLIGHT_LINK = ("link", "newest_url", "final_url")


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    label: str
    value: str
    is_url: bool = False


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "；".join(_text(v) for v in value[:20]) + ("……" if len(value) > 20 else "")
    if isinstance(value, dict):
        return "，".join(f"{LABELS.get(k, k)}：{_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def evidence_lines(evidence: dict[str, Any]) -> list[EvidenceLine]:
    """Page, capture time, then every detail field, labelled."""
    out = []
    if evidence.get("url"):
        out.append(EvidenceLine("页面", str(evidence["url"]), True))
    if evidence.get("captured_at"):
        out.append(EvidenceLine("采集时间", fmt_time(evidence["captured_at"])))
    for key, value in (evidence.get("detail") or {}).items():
        text = fmt_time(value) if key in TIME_KEYS and isinstance(value, str) else _text(value)
        if text == "":
            continue
        is_url = isinstance(value, str) and value.startswith(("http://", "https://"))
        out.append(EvidenceLine(LABELS.get(key, key), text, is_url))
    return out


def highlight_terms(evidence: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(texts, link URLs) of the evidence to mark on the archived page."""
    detail = evidence.get("detail") or {}
    texts = [
        str(detail[k]).strip() for k in HIGHLIGHT_TEXT if isinstance(detail.get(k), str) and detail[k].strip()
    ]
    links = [str(detail[k]) for k in HIGHLIGHT_LINK if isinstance(detail.get(k), str) and detail[k]]
    return texts, links


def archived_page_url(evidence: dict[str, Any]) -> str | None:
    """The captured page the evidence points at: the page itself, else the page holding the link."""
    detail = evidence.get("detail") or {}
    for value in (evidence.get("url"), detail.get("source"), detail.get("column_url")):
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    sources = detail.get("sources")
    if isinstance(sources, list) and sources:
        first = sources[0]
        page = first.get("page") if isinstance(first, dict) else first
        if isinstance(page, str):
            return page
    return None
