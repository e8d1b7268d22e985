"""A readable Chinese summary of PageFacts for the `govinspect extract` command."""

from __future__ import annotations

from typing import Final

from govinspect.extract.facts import PageFacts

_TYPE_ZH: Final = {"list": "栏目列表页", "article": "文章页", "mailbox": "信箱/留言页", "other": "其他页面"}


def _v(value: object) -> str:
    if value is None or value == "":
        return "（无）"
    if isinstance(value, bool):
        return "有" if value else "无"
    return str(value)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def summary_zh(facts: PageFacts, max_items: int = 10) -> str:
    """Multi-line Chinese summary: page type, identity, column, list or article or letters."""
    lines = [f"页面地址：{facts.url}", f"页面类型：{_TYPE_ZH.get(facts.page_type, facts.page_type)}"]
    if facts.title:
        lines.append(f"页面标题：{facts.title}")
    if facts.meta:
        lines.append("元数据：")
        lines += [f"  {k}：{_short(_v(v))}" for k, v in facts.meta.items()]
    f = facts.footer
    lines += [
        "网站标识：",
        f"  网站标识码：{_v(f.site_id_code)}",
        f"  ICP备案号：{_v(f.icp)}",
        f"  公安机关备案号：{_v(f.gongan)}",
        f"  党政机关标识：{_v(f.party_gov_badge)}" + (f"（{f.conac_kind}）" if f.conac_kind else ""),
        f"  “我为政府网站找错”入口：{_v(f.zhaocuo_entry)}",
    ]
    if f.sponsor:
        lines.append(f"  主办单位：{f.sponsor}")
    lines.append(f"栏目：{_v(facts.column.name)}（类别：{facts.column.category}）")
    if facts.breadcrumb:
        lines.append("当前位置：" + " > ".join(facts.breadcrumb))
    if facts.list is not None:
        lst = facts.list
        lines.append(f"信息条目：{len(lst.items)} 条，最新日期：{_v(lst.newest_date)}")
        if lst.total is not None:
            lines.append(f"页面所示总数：共 {lst.total} 条")
        if lst.page_count is not None:
            lines.append(f"页数：共 {lst.page_count} 页")
        if lst.unreadable:
            lines.append(f"列表未能读取：{_v(lst.blank_reason)}")
        elif lst.blank:
            lines.append(f"空白栏目：是（{_v(lst.blank_reason)}）")
        for item in lst.items[:max_items]:
            lines.append(f"  [{_v(item.date)}] {item.title}")
        if len(lst.items) > max_items:
            lines.append(f"  ……另有 {len(lst.items) - max_items} 条")
    if facts.article is not None:
        a = facts.article
        lines += [
            f"文章标题：{_v(a.title)}",
            f"发布时间：{_v(a.pub_date)}",
            f"元数据发布时间（PubDate）：{_v(a.meta_pub_date)}",
            f"来源：{_v(a.source)}",
        ]
        if a.pub_date and a.meta_pub_date and a.pub_date[:10] != a.meta_pub_date[:10]:
            lines.append("  注意：页面显示的发布时间与 PubDate 元数据不一致，以页面显示为准")
        if a.attachments:
            lines.append(f"附件：{len(a.attachments)} 个")
        if a.interpretation_links:
            lines.append(f"解读/原文链接：{len(a.interpretation_links)} 个")
    if facts.letters:
        lines.append(f"信件：{len(facts.letters)} 件")
        for x in facts.letters[:max_items]:
            lines.append(
                f"  {x.title}｜{_v(x.type)}｜来信 {_v(x.asked)}｜回复 {_v(x.replied)}｜{_v(x.replier)}｜{_v(x.status)}"
            )
    if facts.letter_stats is not None:
        s = facts.letter_stats
        lines.append(f"信件统计：收到 {_v(s.received)} 件，回复 {_v(s.replied)} 件")
    return "\n".join(lines)
