"""What extraction reads off one page: the typed facts the checks judge.

The JSON shape of `PageFacts.to_json()` is the `govinspect extract --json` contract
(issue 5): dates ISO (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]`), `None` when absent.
"""

from __future__ import annotations

import builtins
import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Footer:
    site_id_code: str | None = None  # 网站标识码
    icp: str | None = None  # 豫ICP备12345678号-1
    gongan: str | None = None  # 豫公网安备 41138102000123号
    party_gov_badge: bool = False  # 党政机关 badge (conac)
    zhaocuo_entry: bool = False  # "我为政府网站找错" entry
    sponsor: str | None = None  # 主办单位
    contact: str | None = None
    conac_kind: str | None = None  # 党政机关 (red) / 事业单位 (blue) / None when unknown or absent
    zhaocuo_site_code: str | None = None  # site code carried by the 找错 entry (may differ from 网站标识码)


@dataclass(slots=True)
class ColumnInfo:
    name: str | None = None
    category: str = "其他"  # a model.ColumnCategory value
    url: str | None = None  # the column's first-page URL: the same for every page of its pagination


# NavLink and ListItem have their own __init__, and no slots=True (which makes a new, uncompiled class): a page
# makes hundreds of them, and compiled (ADR 0026) their __init__ is native code, a dataclass's stays Python.


@dataclass(init=False)
class NavLink:
    """A menu entry, sub-menu entry, breadcrumb step or homepage "更多" link."""

    name: str
    url: str
    kind: str  # menu / submenu / more / breadcrumb
    parent: str | None
    category: str

    def __init__(
        self, name: str, url: str, kind: str = "menu", parent: str | None = None, category: str = "其他"
    ) -> None:
        self.name = name
        self.url = url
        self.kind = kind
        self.parent = parent
        self.category = category


@dataclass(init=False)
class ListItem:
    title: str
    url: str | None
    date: str | None  # ISO date as the reader sees it

    def __init__(self, title: str, url: str | None, date: str | None) -> None:
        self.title = title
        self.url = url
        self.date = date


@dataclass(slots=True)
class ListFacts:
    items: list[ListItem] = field(default_factory=list)
    newest_date: str | None = None
    blank: bool = False  # the column has no content ("暂无信息" or empty list)
    unreadable: bool = False  # the page is a list we could not read (e.g. script-rendered)
    pagination: list[str] = field(default_factory=list)  # absolute URLs of further pages
    total: int | None = None  # "共 123 条"
    blank_reason: str | None = None  # why blank / unreadable, in Chinese
    page_count: int | None = None  # "共 N 页" / TRS createPageHTML page count
    source: str = (
        "dom"  # where the items were read: dom / datastore / comment / template / script-json / json /
        # rendered (the DOM chromium built: jobs/pipeline.py, when the static page held no readable list)
    )
    data_url: str | None = None  # JSON endpoint a script-loaded list declares (data-src / fetch('…'))
    page_newest_date: str | None = None  # newest dated link anywhere on the page (homepage freshness)
    # How sure the reading is: "high", or "low" with the reasons in Chinese ("两组日期列表不一致",
    # "仅从脚本数据读取"). A finding resting on a low-confidence reading is 待核实, never a deduction.
    confidence: str = "high"
    doubts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ArticleFacts:
    title: str | None = None
    pub_date: str | None = None  # as the reader sees it
    meta_pub_date: str | None = None  # <meta name="PubDate">, reported separately
    source: str | None = None  # 来源
    body_text: str = ""
    attachments: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    interpretation_links: list[str] = field(default_factory=list)  # 解读 ↔ 政策 links
    pub_date_source: str | None = None  # visible-label / visible / meta / url
    document_number: str | None = None  # 文号, e.g. 沪卫基层〔2024〕5号


@dataclass(slots=True)
class Letter:
    title: str
    type: str | None = None  # 咨询 / 投诉 / 建议 / 求助
    asked: str | None = None
    replied: str | None = None
    replier: str | None = None
    status: str | None = None  # 已回复 / 未回复 / 办理中
    url: str | None = None


@dataclass(slots=True)
class LetterStats:
    received: int | None = None
    replied: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class HiddenLink:
    """A link the page hides from its visitors (暗链 are planted this way), and how it is hidden."""

    url: str
    anchor: str
    how: str


@dataclass(slots=True)
class PageFacts:
    url: str
    page_type: str = "other"  # list / article / mailbox / other
    title: str | None = None  # <title>
    meta: dict[str, str] = field(default_factory=dict)
    footer: Footer = field(default_factory=Footer)
    column: ColumnInfo = field(default_factory=ColumnInfo)
    nav: builtins.list[NavLink] = field(default_factory=builtins.list)
    list: ListFacts | None = None
    article: ArticleFacts | None = None
    letters: builtins.list[Letter] = field(default_factory=builtins.list)
    letter_stats: LetterStats | None = None
    text: str = ""  # visible text of the page (for content checks)
    breadcrumb: builtins.list[str] = field(default_factory=builtins.list)  # 首页 > … > column, as printed
    encoding: str = "utf-8"  # codec the body was decoded with
    hidden_links: builtins.list[HiddenLink] = field(default_factory=builtins.list)  # CSS-hidden <a href>

    def to_json(self) -> dict[str, Any]:
        """The `govinspect extract --json` document."""
        d = dataclasses.asdict(self)
        return {
            "page_type": d["page_type"],
            "meta": d["meta"],
            "footer": {
                k: d["footer"][k]
                for k in ("site_id_code", "icp", "gongan", "party_gov_badge", "zhaocuo_entry")
            },
            "column": d["column"],
            "list": None
            if self.list is None
            else {k: d["list"][k] for k in ("items", "newest_date", "blank", "unreadable", "pagination")},
            "article": None
            if self.article is None
            else {k: d["article"][k] for k in ("title", "pub_date", "meta_pub_date", "source")},
            "letters": [
                {k: x[k] for k in ("title", "type", "asked", "replied", "status")} for x in d["letters"]
            ],
        }
