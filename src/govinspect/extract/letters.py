"""Mailbox / 留言 pages: letters (title, type, asked, replied, replying unit, status) and the statistics block.

Tables are read by their header row (标题/类型/来信时间/回复时间/回复单位/状态); other layouts by row text.
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.dates import find_dates
from govinspect.extract.facts import Letter, LetterStats
from govinspect.extract.links import clean_text, holds_any, resolve

LETTER_TYPES: tuple[str, ...] = ("咨询", "投诉", "建议", "求助", "举报", "意见", "表扬", "求决", "其他")
STATUS_WORDS: tuple[str, ...] = (
    "已回复",
    "已答复",
    "已办结",
    "已反馈",
    "已处理",
    "未回复",
    "未答复",
    "待回复",
    "办理中",
    "处理中",
    "已受理",
    "不予受理",
    "转办中",
    "正在办理",
)
_STATUS: Final = re.compile("|".join(STATUS_WORDS))
_ORG: Final = re.compile(
    r"[\u4e00-\u9fa5]{2,30}(?:局|委员会|委|办公室|办|政府|中心|镇|乡|街道|公司|部|厅|院|所|队|站|处|科|会)$"
)
_HEADER_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("replied", re.compile(r"回复时间|答复时间|回复日期|答复日期|办结时间|反馈时间")),
    (
        "asked",
        re.compile(r"来信时间|留言时间|提交时间|写信时间|来信日期|留言日期|提问时间|发布时间|时间|日期"),
    ),
    ("replier", re.compile(r"回复单位|答复单位|办理单位|受理单位|承办单位|回复部门|办理部门|处理单位")),
    ("status", re.compile(r"状态|办理情况|是否回复|处理情况")),
    ("type", re.compile(r"类型|类别|分类|信件类型|留言类型")),
    ("title", re.compile(r"标题|主题|信件|事项|^留言$|^内容$")),
)
_HEADER_HINT: Final = re.compile(r"状态|回复|答复|来信|留言时间|类型|办理")
# A mailbox page names itself and shows replies. Each word is looked for through its first character
# (`holds_any`): an alternation of CJK words is tried at every position of the text, ~10 ns a character.
_MAILBOX_WORDS: Final = ("信箱", "留言", "来信", "诉求", "咨询投诉", "网上信访", "民意", "问政", "12345")
_REPLY_WORDS: Final = ("回复", "答复", "办理", "办结", "状态", "反馈", "受理")
_STAT_RECEIVED: Final = re.compile(
    r"(?:收到|受理|来信|留言总数|信件总数|总数|共有)[^\d，。；,;]{0,6}?(\d{1,7})\s*(?:件|封|条|个)?"
)
_STAT_REPLIED: Final = re.compile(
    r"(?:已回复|已答复|已办结|回复|办结|答复)[^\d，。；,;率]{0,6}?(\d{1,7})\s*(?:件|封|条|个)?"
)


def _cells(tr: LexborNode) -> list[LexborNode]:
    return [c for c in tr.iter() if c.tag in ("td", "th")]


def _letters_from_table(table: LexborNode, base: str) -> list[Letter] | None:
    """Letters of a table whose header names the letter fields; None when the table is not a letter list."""
    first = table.css_first("tr")
    if first is None:
        return None
    head_text = first.text(deep=True, separator=" ")
    if len(head_text) > 200 or not _HEADER_HINT.search(head_text):
        return None
    rows = list(table.css("tr"))
    header = [clean_text(c.text(deep=True, separator="")) for c in _cells(rows[0])]
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for i, h in enumerate(header):
        if len(h) > 12:
            continue
        for field, rx in _HEADER_FIELDS:
            if field not in used and rx.search(h):
                mapping[i] = field
                used.add(field)
                break
    if "title" not in used or len({"asked", "replied", "status", "type", "replier"} & used) < 2:
        return None
    out: list[Letter] = []
    for tr in rows[1:]:
        cells = _cells(tr)
        if len(cells) < len(mapping):
            continue
        values: dict[str, str] = {}
        url: str | None = None
        for i, field in mapping.items():
            if i < len(cells):
                values[field] = clean_text(cells[i].text(deep=True, separator=" "))
                if field == "title":
                    a = cells[i].css_first("a[href]")
                    if a is not None:
                        url = resolve(base, a.attributes.get("href"))
                        values["title"] = clean_text(a.attributes.get("title") or "") or values["title"]
        title = values.get("title", "")
        if not title:
            continue
        asked = find_dates(values.get("asked", ""))
        replied = find_dates(values.get("replied", ""))
        status_m = _STATUS.search(values.get("status", ""))
        out.append(
            Letter(
                title=title,
                type=_type_of(values.get("type", "")) or _type_of(title),
                asked=asked[0].iso if asked else None,
                replied=replied[0].iso if replied else None,
                replier=values.get("replier") or None,
                status=status_m.group(0) if status_m else (values.get("status") or None),
                url=url,
            )
        )
    return out


def _type_of(text: str) -> str | None:
    for t in LETTER_TYPES:
        if t in text:
            return t
    return None


def _letter_rows(
    tree: LexborHTMLParser, status: re.Pattern[str]
) -> list[tuple[LexborNode, str, LexborNode, str]]:
    """(row, row text, link, title) of each row that reads as a letter: a short row with a status word
    and a titled link (cheap: the letter's other fields are read by `_letter_of`).

    status: the status words the page text holds, the only ones a row can hold (usually one or two words: a
    far cheaper search than the whole alternation, on texts that nest: an outer row repeats its inner rows)."""
    out: list[tuple[LexborNode, str, LexborNode, str]] = []
    for row in tree.css("li, tr, dl, div.item, div[class*=list-item], div[class*=row]"):
        raw = row.text(deep=True, separator=" ")
        # A status word holds no whitespace, so the raw text shows one exactly when the cleaned text does.
        if not status.search(raw):
            continue
        txt = clean_text(raw)
        if len(txt) > 300:
            continue
        a = row.css_first("a[href]")
        if a is None:
            continue
        title = clean_text(a.attributes.get("title") or "") or clean_text(a.text(deep=True, separator=""))
        if len(title) < 2:
            continue
        out.append((row, txt, a, title))
    return out


def _letter_of(row: LexborNode, txt: str, a: LexborNode, title: str, base: str) -> Letter:
    """The letter one row of `_letter_rows` shows: type, dates, replying unit, status and URL."""
    dates = find_dates(txt)
    status = _STATUS.search(txt)
    replier = None
    for node in row.css("span, td, em, i, div, p"):
        t = clean_text(node.text(deep=True, separator=""))
        if t != title and _ORG.match(t) and len(t) <= 30:
            replier = t
            break
    return Letter(
        title=title,
        type=_type_of(txt.replace(title, "")) or _type_of(title),
        asked=dates[0].iso if dates else None,
        replied=dates[1].iso if len(dates) > 1 else None,
        replier=replier,
        status=status.group(0) if status else None,
        url=resolve(base, a.attributes.get("href")),
    )


def _letter_detail(tree: LexborHTMLParser) -> Letter | None:
    """One letter shown on its own page as a label/value table (留言类型 | 投诉, 答复时间 | …)."""
    values: dict[str, str] = {}
    for tr in tree.tags("tr"):
        cells = _cells(tr)
        if len(cells) != 2:
            continue
        label = clean_text(cells[0].text(deep=True, separator=""))
        if len(label) > 8:
            continue
        for field, rx in _HEADER_FIELDS:
            if field != "title" and field not in values and rx.search(label):
                values[field] = clean_text(cells[1].text(deep=True, separator=" "))
                break
    if len(values) < 3 or not ({"asked", "status"} & set(values)):
        return None
    h = tree.css_first("h1") or tree.css_first("h2")
    title = clean_text(h.text(deep=True, separator="")) if h is not None else ""
    asked = find_dates(values.get("asked", ""))
    replied = find_dates(values.get("replied", ""))
    status_m = _STATUS.search(values.get("status", ""))
    return Letter(
        title=title or "（无标题）",
        type=_type_of(values.get("type", "")) or _type_of(title),
        asked=asked[0].iso if asked else None,
        replied=replied[0].iso if replied else None,
        replier=values.get("replier") or None,
        status=status_m.group(0) if status_m else (values.get("status") or None),
    )


def read_mailbox(
    tree: LexborHTMLParser, text: str, base: str, at_least: int = 0
) -> tuple[list[Letter], bool]:
    """(letters, is_mailbox): the letters a mailbox page lists, and whether the page is a mailbox page at all
    (a letter table with a header, even an empty one, or a single letter's detail page).

    at_least: the caller ignores fewer letters than this (a list page with as many dated items), so letters
    laid out as plain rows are only counted, and come back as [] when fewer."""
    if not holds_any(text, _MAILBOX_WORDS) or not holds_any(text, _REPLY_WORDS):
        return [], False
    best: list[Letter] = []
    is_mailbox = False
    for table in tree.tags("table")[:60]:
        got = _letters_from_table(table, base)
        if got is not None and len(table.css("table")) > 1:
            continue  # a layout table holding other tables: its own rows are not letters
        if got is None:
            continue
        is_mailbox = True
        if len(got) > len(best):
            best = got
    if not best:
        detail = _letter_detail(tree)
        if detail is not None:
            return [detail], True
        shown = [word for word in STATUS_WORDS if word in text]
        if shown:
            found = _letter_rows(tree, re.compile("|".join(shown)))
            if len(found) < at_least:
                return [], is_mailbox or len(found) >= 2
            best = [_letter_of(*row, base) for row in found]
    return best, is_mailbox or len(best) >= 2


def letter_stats(text: str) -> LetterStats | None:
    """The "共收到 N 件，已回复 M 件" statistics block, if the page has one."""
    i = -1
    for key in ("信件统计", "来信统计", "留言统计", "办理情况统计", "累计收到", "共收到"):
        i = text.find(key)
        if i >= 0:
            break
    if i < 0:
        return None
    block = text[i : i + 200]
    r = _STAT_RECEIVED.search(block)
    p = _STAT_REPLIED.search(block)
    if r is None and p is None:
        return None
    return LetterStats(
        received=int(r.group(1)) if r else None, replied=int(p.group(1)) if p else None, text=block[:120]
    )
