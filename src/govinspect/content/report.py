"""Present content hits: the JSON of `content check --json` and a Chinese table.

Finding the hits is the checks' job (`govinspect.checks.scan_file`); this module only shows them.
"""

from __future__ import annotations

from typing import Any

from govinspect.content.hits import Hit


def hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "text": hit.matched,
        "start": hit.offset,
        "end": hit.end,
        "canonical": hit.correction,
        "rule": hit.rule,
        "category": hit.category,
        "severity": hit.severity,
        "code": hit.code,
        "source": hit.source,
        "context": hit.context,
    }


def hits_json(hits: list[Hit]) -> dict[str, Any]:
    return {"hits": [hit_json(h) for h in hits]}


TABLE_HEADER = ("序号", "位置", "问题类别", "严重程度", "原文", "应为", "判定规则", "出处", "上下文")


def table_rows(hits: list[Hit]) -> list[tuple[str, ...]]:
    """One row of strings per hit, in the order of TABLE_HEADER."""
    return [
        (
            str(i),
            str(h.offset),
            h.label,
            h.severity,
            h.matched,
            h.correction or "（应删除或人工复核）",
            h.rule_label,
            h.source,
            h.context.replace("\n", " "),
        )
        for i, h in enumerate(hits, 1)
    ]


def summary_line(hits: list[Hit]) -> str:
    if not hits:
        return "未发现问题。"
    serious = sum(1 for h in hits if h.severity == "严重")
    return f"共 {len(hits)} 处问题，其中严重表述错误 {serious} 处。"


def hits_table(hits: list[Hit]) -> str:
    """A plain Chinese table (tab-separated), one hit a row, then the count line."""
    if not hits:
        return summary_line(hits)
    lines = ["\t".join(r) for r in [TABLE_HEADER, *table_rows(hits)]]
    lines.append(summary_line(hits))
    return "\n".join(lines)
