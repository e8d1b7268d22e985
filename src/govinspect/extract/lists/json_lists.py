"""Lists served as JSON: a JSON endpoint's body, or JSON data inside the page's scripts."""

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any, Final

from govinspect.extract.dates import (
    day_of,
    parse_date,
)
from govinspect.extract.facts import ListFacts, ListItem
from govinspect.extract.links import (
    clean_text,
    resolve,
)

_TITLE_KEYS: Final = (
    "title",
    "doctitle",
    "docTitle",
    "DOCTITLE",
    "name",
    "subject",
    "articleTitle",
    "infoTitle",
    "showTitle",
    "mainTitle",
    "titleName",
    "fullTitle",
    "vc_title",
    "wzbt",
    "bt",
)
_CHINA: Final = dt.timezone(dt.timedelta(hours=8))
_ARTICLE_TITLE_KEYS: Final = tuple(k for k in _TITLE_KEYS if k != "name")
_DATE_KEYS: Final = (
    "pubDate",
    "pubdate",
    "publishDate",
    "publishTime",
    "publishtime",
    "docreltime",
    "DOCRELTIME",
    "docRelTime",
    "releaseTime",
    "releaseDate",
    "publishedTime",
    "publishedTimeStr",
    "docPubTime",
    "issueTime",
    "firstPublishTime",
    "c_deploytime",
    "deployTime",
    "showTime",
    "date",
    "time",
    "createTime",
    "createDate",
    "fbsj",
    "fbrq",
    "pubTime",
    "pub_date",
    "publish_date",
    "updateTime",
    "inputTime",
    "addTime",
    "addDate",
    "created",
    "createdAt",
    "crtime",
)
_URL_KEYS: Final = (
    "url",
    "link",
    "href",
    "docpuburl",
    "DOCPUBURL",
    "docPubUrl",
    "path",
    "linkUrl",
    "pageUrl",
    "docUrl",
    "articleUrl",
    "detailUrl",
    "visitUrl",
    "staticUrl",
    "pcUrl",
    "vc_url",
    "redirectUrl",
    "art_url",
)


def _pick(d: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = d.get(k)
        if v not in (None, ""):
            return v
    lower = {str(k).lower(): v for k, v in d.items()}
    for k in keys:
        v = lower.get(k.lower())
        if v not in (None, ""):
            return v
    return None


_EPOCH_TEXT: Final = re.compile(r"^\s*(?:/Date\()?(\d{10}|\d{13})(?:[+-]\d{4})?(?:\)/)?\s*$")


def _json_date(v: Any) -> str | None:
    """A record's date: epoch seconds or milliseconds (numbers, digit strings, ASP.NET "/Date(…)/", read in
    China time) or a date string."""
    if isinstance(v, str) and (m := _EPOCH_TEXT.match(v)) is not None:
        v = int(m.group(1))
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 10**9:
        secs = v / 1000 if v > 10**11 else v
        try:
            return dt.datetime.fromtimestamp(secs, tz=_CHINA).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(v, str):
        return day_of(parse_date(v))
    return None


def _iter_lists(obj: Any, depth: int = 0) -> Iterator[list[Any]]:
    if depth > 8:
        return
    if isinstance(obj, list):
        yield obj
        for x in obj[:3]:
            yield from _iter_lists(x, depth + 1)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _iter_lists(v, depth + 1)


def _likeness(x: dict[str, Any], title_key_named: bool) -> int:
    """How much a record looks like an article: a title (2, or 1 when it is only a "name"), a link, a date."""
    return (
        (2 if not title_key_named else 1)
        + (_pick(x, _URL_KEYS) is not None)
        + (_pick(x, _DATE_KEYS) is not None)
    )


def items_from_json(obj: Any, base: str) -> tuple[list[ListItem], float]:
    """The array of article-like records (title, link, date) in a decoded JSON document, and how article-like.

    Arrays are ranked by how article-like their records are, then by length: a column's metadata (its
    sub-columns with "name" and times) does not outrank the article list beside it (failure class 4)."""
    best: list[ListItem] = []
    best_rank = (0.0, 0)
    for lst in _iter_lists(obj):
        items: list[ListItem] = []
        like = 0
        for x in lst:
            if not isinstance(x, dict):
                continue
            title = _pick(x, _TITLE_KEYS)
            if not isinstance(title, str) or not title.strip():
                continue
            like += _likeness(x, _pick(x, _ARTICLE_TITLE_KEYS) is None)
            url = _pick(x, _URL_KEYS)
            date = _json_date(_pick(x, _DATE_KEYS))
            items.append(
                ListItem(
                    title=clean_text(re.sub(r"<[^>]+>", "", title)),
                    url=resolve(base, url) if isinstance(url, str) else None,
                    date=date,
                )
            )
        if not items or not any(i.date for i in items):
            continue
        rank = (round(like / len(items), 1), len(items))
        if rank > best_rank:
            best, best_rank = items, rank
    return best, best_rank[0]


def _json_total(obj: Any) -> int | None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if str(k).lower() in (
                "total",
                "totalcount",
                "recordcount",
                "totalrecord",
                "totalrecords",
                "count",
            ):
                if isinstance(v, int) and v >= 0:
                    return v
                if isinstance(v, str) and v.isdigit():
                    return int(v)
        for v in obj.values():
            if isinstance(v, dict):
                t = _json_total(v)
                if t is not None:
                    return t
    return None


_JSONP: Final = re.compile(r"^\s*[\w.$]+\s*\(\s*(.*)\)\s*;?\s*$", re.S)


def parse_json_list(url: str, body: bytes | str) -> ListFacts:
    """A column list served as JSON (or JSONP) by an endpoint; never raises."""
    try:
        text = body.decode("utf-8-sig", "replace") if isinstance(body, bytes) else body
        try:
            obj = json.loads(text)
        except ValueError:
            m = _JSONP.match(text)
            if not m:
                return ListFacts(unreadable=True, blank_reason="接口返回的内容不是可读的 JSON")
            obj = json.loads(m.group(1))
        items, _ = items_from_json(obj, url)
        facts = finish_list(items)
        facts.total = _json_total(obj)
        if not items:
            facts.blank = True
            facts.blank_reason = "接口返回的列表为空"
        return facts
    except Exception:
        return ListFacts(unreadable=True, blank_reason="接口返回的内容不是可读的 JSON")


_JS_TOKEN: Final = re.compile(
    r"""\s*(?:("(?:[^"\\]|\\.)*")|('(?:[^'\\]|\\.)*')|([{}\[\],:])|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"""
    r"""|([A-Za-z_$][\w$]*)|(/\*.*?\*/|//[^\n]*))""",
    re.S,
)
_TITLE_WORDS: Final = ("title", "name", "bt")
_DOTTED_I: Final = str.maketrans({"\u0130": "i", "\u0131": "i"})  # the non-ASCII letters re.I reads as i


def has_title_field(s: str) -> bool:
    """Whether s names a record field such as "title":, DOCTITLE: or name : (a script without one holds no
    list): what `(?:title|name|bt)["']?\\s*:` finds with re.I, looked for backwards from each colon. The
    case-insensitive alternation tries every position at ~70 ns a character; colons are few."""
    colon = s.find(":")
    while colon >= 0:
        end = colon
        while end > 0 and s[end - 1].isspace():
            end -= 1
        if end > 0 and s[end - 1] in "\"'":
            end -= 1
        if end > 0 and s[end - 1] in "eEtT":  # the last letter of every word
            for word in _TITLE_WORDS:
                start = end - len(word)
                if start >= 0 and s[start:end].translate(_DOTTED_I).lower() == word:
                    return True
        colon = s.find(":", colon + 1)
    return False


_KEY_COLON: Final = re.compile(r"\s*:")
_JS_WORDS: Final = {"true": "true", "false": "false", "null": "null", "undefined": "null"}
_JS_MAX_TOKENS: Final = 200_000
_MAX_LITERALS: Final = 40


def _js_scalar(dq: str | None, sq: str | None, num: str | None, word: str | None, is_key: bool) -> str | None:
    """One JavaScript string, number, word or unquoted key as JSON text ("" for a comment; None: not data)."""
    if dq is not None:
        return dq
    if sq is not None:
        inner = sq[1:-1].replace("\\'", "'")
        return '"' + re.sub(r'(?<!\\)"', '\\"', inner) + '"'
    if num is not None:
        return num
    if word is not None:
        if is_key:
            return f'"{word}"'
        return _JS_WORDS.get(word)
    return ""  # a comment


def js_value(src: str, start: int) -> Any:
    """The JavaScript object or array literal at src[start] ({title:'…', time:1687190400000}), or None.

    Unquoted keys, single-quoted strings, comments and trailing commas are read; anything computed
    (a call, a variable) makes it unreadable."""
    out: list[str] = []
    depth = 0
    pos = start
    for _ in range(_JS_MAX_TOKENS):
        m = _JS_TOKEN.match(src, pos)
        if m is None:
            return None
        pos = m.end()
        dq, sq, punct, num, word, _comment = m.groups()
        if punct is not None:
            if punct in "}]":
                if out and out[-1] == ",":
                    out.pop()
                depth -= 1
            elif punct in "{[":
                depth += 1
            out.append(punct)
            if depth == 0:
                try:
                    return json.loads("".join(out))
                except ValueError:
                    return None
            continue
        piece = _js_scalar(dq, sq, num, word, _KEY_COLON.match(src, pos) is not None)
        if piece is None:
            return None
        out.append(piece)
    return None


def script_json_items(scripts: list[str], base: str) -> tuple[list[ListItem], float]:
    """List items held as JSON or JavaScript object literals inside inline scripts
    (var listData = {articleList: [{title: '…', releaseTime: 1687190400000}]}), and how article-like they are
    (4: every record has a title, a link and a date)."""
    best: list[ListItem] = []
    best_rank = (0.0, 0)
    decoder = json.JSONDecoder()
    literals = 0
    for s in scripts:
        if len(s) < 30 or not has_title_field(s):
            continue
        attempts = 0
        for m in re.finditer(r"[=(:]\s*([\[{])", s):
            attempts += 1
            if attempts > 40:
                break
            try:
                obj, _ = decoder.raw_decode(s, m.start(1))
            except ValueError:
                literals += 1  # a page of thousands of tiny scripts must not cost thousands of parses
                obj = js_value(s, m.start(1)) if literals <= _MAX_LITERALS else None
                if obj is None:
                    continue
            items, like = items_from_json(obj, base)
            if (like, len(items)) > best_rank:
                best, best_rank = items, (like, len(items))
    return best, best_rank[0]


def finish_list(items: list[ListItem]) -> ListFacts:
    """ListFacts for items: newest date and blank flag (blank when there is no item)."""
    dates = [i.date for i in items if i.date]
    return ListFacts(items=items, newest_date=max(dates) if dates else None, blank=not items)
