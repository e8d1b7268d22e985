"""Parse RSS 2.0, Atom and JSON Feed documents into Posts (pure: bytes in, posts out).

RSSHub and WeChat-to-RSS bridges emit ordinary RSS/Atom/JSON Feed, so no route-specific
parsing is needed; routes.py only names the platform and account id for evidence.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import feedparser
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from govinspect.errors import UserError
from govinspect.feeds.dates import parse_datetime, to_shanghai
from govinspect.feeds.post import Post

TITLE_FROM_TEXT_CHARS = 40


class FeedError(UserError):
    """A feed that cannot be used; the message is Chinese and names the problem."""


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment (feed descriptions are HTML)."""
    if not html:
        return ""
    if "<" not in html:
        return html.strip()
    tree = HTMLParser(html)
    body = tree.body or tree.root
    if body is None:
        return ""
    return re.sub(r"\s+", " ", body.text(separator=" ")).strip()


def html_links(html: str, base: str | None = None) -> list[str]:
    """Absolute http(s) links (href of <a>) in an HTML fragment, in order, without repeats."""
    if not html or "<" not in html:
        return []
    from urllib.parse import urljoin

    out: list[str] = []
    for node in HTMLParser(html).css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base, href) if base else href
        if url.startswith(("http://", "https://")) and url not in out:
            out.append(url)
    return out


def _title(title: str, text: str) -> str:
    title = re.sub(r"\s+", " ", html_to_text(title)).strip()
    if title:
        return title
    return text[:TITLE_FROM_TEXT_CHARS] if text else "（无标题）"


def looks_like_json(body: bytes, content_type: str | None) -> bool:
    ctype = (content_type or "").lower()
    if "json" in ctype:
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def parse_json_feed(body: bytes, account: str, base_url: str | None = None) -> list[Post]:
    """JSON Feed 1.0/1.1 (RSSHub's `?format=json` output among others)."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"订阅源格式错误：JSON 无法解析（{exc.__class__.__name__}）") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError("订阅源格式错误：不是有效的 JSON Feed（缺少 items）")
    posts: list[Post] = []
    for index, item in enumerate(doc["items"], start=1):
        if not isinstance(item, dict):
            raise FeedError(f"订阅源格式错误：第 {index} 条内容不是对象")
        raw_date = item.get("date_published") or item.get("date_modified") or ""
        published = parse_datetime(str(raw_date))
        if published is None:
            continue  # undated item: cannot prove freshness, skip it
        html = str(item.get("content_html") or "")
        text = str(item.get("content_text") or "") or html_to_text(html) or str(item.get("summary") or "")
        url = item.get("url") or item.get("external_url")
        posts.append(_feed_post(account, str(item.get("title") or ""), published, url, text, html, base_url))
    return posts


def _feed_post(
    account: str, title: str, published: dt.datetime, url: Any, text: str, html: str, base_url: str | None
) -> Post:
    """One feed item as a Post: a title even when the item has none, links resolved against its URL."""
    link = str(url) if url else None
    return Post(
        account=account,
        title=_title(title, text),
        published=published,
        url=link,
        text=text,
        links=html_links(html, link or base_url),
        source="feed",
    )


def _entry_date(entry: Any) -> dt.datetime | None:
    # Raw strings first: feedparser's *_parsed values assume UTC for naive dates, wrong for China.
    for key in ("published", "updated", "created", "dc_date", "date"):
        raw = entry.get(key)
        if raw:
            parsed = parse_datetime(str(raw))
            if parsed is not None:
                return parsed
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        struct = entry.get(key)
        if struct:
            year, month, day, hour, minute, second = struct[:6]
            return to_shanghai(dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC))
    return None


def parse_xml_feed(body: bytes, account: str, base_url: str | None = None) -> list[Post]:
    """RSS 0.9x/1.0/2.0 and Atom via feedparser."""
    parsed = feedparser.parse(body)
    if not parsed.get("version"):
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            raise FeedError(f"订阅源格式错误：不是有效的 RSS/Atom/JSON Feed（{type(reason).__name__}）")
        raise FeedError("订阅源格式错误：不是有效的 RSS/Atom/JSON Feed")
    posts: list[Post] = []
    for entry in parsed.entries:
        published = _entry_date(entry)
        if published is None:
            continue
        html = ""
        if entry.get("content"):
            html = " ".join(str(c.get("value") or "") for c in entry.content)
        html = html or str(entry.get("summary") or entry.get("description") or "")
        text = html_to_text(html)
        posts.append(
            _feed_post(
                account, str(entry.get("title") or ""), published, entry.get("link"), text, html, base_url
            )
        )
    if parsed.get("bozo") and not posts:
        raise FeedError("订阅源格式错误：XML 不完整或无法解析")
    return posts


def parse_feed(
    body: bytes, account: str, content_type: str | None = None, base_url: str | None = None
) -> list[Post]:
    """Posts of a feed document, newest first. Raises FeedError (Chinese) if unusable or empty."""
    if not body.strip():
        raise FeedError("订阅源内容为空")
    if looks_like_json(body, content_type):
        posts = parse_json_feed(body, account, base_url)
    else:
        posts = parse_xml_feed(body, account, base_url)
    if not posts:
        raise FeedError("订阅源中没有任何带发布时间的内容（空订阅源）")
    posts.sort(key=lambda p: p.published, reverse=True)
    return posts
