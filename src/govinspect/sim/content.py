"""Text banks and small formatters for simulated government content (titles, bodies, dates, IDs)."""

from __future__ import annotations

import datetime as dt
import random

from govinspect.model import ColumnCategory

TOPICS = [
    "安全生产",
    "乡村振兴",
    "防汛抗旱",
    "优化营商环境",
    "疫情防控",
    "秸秆禁烧",
    "人居环境整治",
    "森林防火",
    "政务公开",
    "粮食安全",
    "高标准农田建设",
    "义务教育",
    "医疗保障",
    "就业创业",
    "文明城市创建",
    "河长制",
    "扫黑除恶",
    "信访稳定",
    "招商引资",
    "项目建设",
    "燃气安全",
    "食品安全",
    "普法宣传",
    "退役军人服务",
]
TITLE_TEMPLATES: dict[str, list[str]] = {
    "news": [
        "{unit}召开{topic}工作推进会",
        "{unit}开展{topic}专项检查",
        "{unit}扎实推进{topic}工作",
        "{leader}到{unit}调研{topic}工作",
        "{unit}举办{topic}业务培训班",
    ],
    "notice": [
        "关于做好{topic}工作的通知",
        "关于开展{topic}专项行动的公告",
        "关于{topic}有关事项的通知",
        "{unit}关于{topic}的公示",
    ],
    "policy": ["{place}{topic}实施方案", "关于进一步加强{topic}工作的意见", "{place}{topic}管理办法（试行）"],
    "guide": ["{unit}政府信息公开指南", "{unit}政府信息公开指南（{year}年修订）"],
    "rules": ["{unit}政府信息公开工作制度", "{unit}信息发布审核制度", "{unit}政府信息公开保密审查制度"],
    "report": ["{unit}{year}年政府信息公开工作年度报告"],
    "other": [
        "{unit}{topic}工作情况",
        "{topic}相关事项说明",
        "{unit}{year}年{topic}工作总结",
        "{topic}办事指南",
    ],
}
SENTENCES = [
    "会议传达学习了上级有关文件精神，对下一阶段工作进行了安排部署。",
    "会议要求，各单位要提高思想认识，压实工作责任，确保各项任务落到实处。",
    "下一步，将持续强化督导检查，建立问题台账，推动整改落实。",
    "此次活动进一步增强了干部职工的责任意识和服务意识。",
    "各相关单位要严格按照时间节点推进，确保按期完成目标任务。",
    "群众对此项工作普遍表示满意，认为切实解决了实际困难。",
    "工作人员现场讲解了有关政策，发放宣传资料200余份。",
]


def category_group(cat: ColumnCategory) -> str:
    if cat is ColumnCategory.NEWS:
        return "news"
    if cat is ColumnCategory.NOTICE:
        return "notice"
    if cat is ColumnCategory.POLICY:
        return "policy"
    if cat is ColumnCategory.DISCLOSURE_GUIDE:
        return "guide"
    if cat is ColumnCategory.DISCLOSURE_RULES:
        return "rules"
    if cat is ColumnCategory.DISCLOSURE_REPORT:
        return "report"
    return "other"


def make_title(rng: random.Random, cat: ColumnCategory, unit: str, place: str, day: dt.date) -> str:
    tpl = rng.choice(TITLE_TEMPLATES[category_group(cat)])
    return tpl.format(
        unit=unit,
        topic=rng.choice(TOPICS),
        leader="市领导" if place.endswith("市") else "县领导",
        place=place,
        year=day.year - (1 if category_group(cat) == "report" else 0),
    )


def make_body(rng: random.Random, n: int = 3) -> list[str]:
    return [rng.choice(SENTENCES) + rng.choice(SENTENCES) for _ in range(n)]


def fmt_date(day: dt.date, style: str, when: dt.time | None = None) -> str:
    if style == "cn":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    if style == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if style == "short":
        return f"[{day.month:02d}-{day.day:02d}]"
    if style == "datetime":
        t = when or dt.time(9, 30, 0)
        return f"{day.isoformat()} {t.strftime('%H:%M:%S')}"
    return day.isoformat()


def id_number(area: str, birth: dt.date, seq: int) -> str:
    """A checksum-valid 18-digit resident ID number (fictitious)."""
    body = f"{area[:6]}{birth.strftime('%Y%m%d')}{seq % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return body + "10X98765432"[s % 11]


TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
