"""Generates a government new-media account: RSSHub-shaped RSS/Atom/JSON feeds, profile and menu pages."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from typing import Any

from govinspect.model import TZ, Account, Platform, TargetKind
from govinspect.sim.content import TOPICS
from govinspect.sim.faults import FAULT_CHECKS
from govinspect.sim.filler import sub_rng, unit_full_name
from govinspect.sim.scenario import AccountSpec, Scenario
from govinspect.sim.types import PlantedFault, Resp

PLATFORM_SLUG = {
    Platform.WEIBO: "weibo",
    Platform.TOUTIAO: "toutiao",
    Platform.DOUYIN: "douyin",
    Platform.KUAISHOU: "kuaishou",
    Platform.BAIJIAHAO: "baijiahao",
    Platform.CHANNELS: "channels",
    Platform.WECHAT: "wechat",
    Platform.OTHER: "other",
}
XML = (("Content-Type", "application/xml; charset=utf-8"),)


@dataclass(slots=True)
class FeedPost:
    title: str
    when: dt.datetime
    url: str
    text: str


@dataclass(slots=True)
class BuiltAccount:
    account: Account
    pages: dict[str, Resp]  # path -> response on the feed host
    faults: list[PlantedFault]


def feed_paths(platform: Platform, acc_id: str) -> tuple[str, str, str]:
    """RSS, Atom and JSON Feed paths of an account, shaped like RSSHub (or a WeChat-to-RSS bridge)."""
    if platform is Platform.WECHAT:
        return f"/feeds/{acc_id}.xml", f"/feeds/{acc_id}.atom", f"/feeds/{acc_id}.json"
    base = f"/{PLATFORM_SLUG[platform]}/user/{acc_id}"
    return base, base + "?format=atom", base + "?format=json"


def build_account(sc: Scenario, spec: AccountSpec, site_homes: dict[str, str]) -> BuiltAccount:
    assert spec.id
    acc_id, host = spec.id, sc.feed_host
    key = f"{spec.platform.value}:{acc_id}"
    rng = sub_rng(sc.seed, "account", key)
    faults: list[PlantedFault] = []
    kinds = {f.kind: f for f in spec.faults}

    def fault(kind: str, **detail: Any) -> None:
        faults.append(
            PlantedFault(kind, TargetKind.ACCOUNT, key, spec.name, spec.unit, FAULT_CHECKS[kind], detail)
        )

    entity = spec.certified_entity or unit_full_name(sc, spec.unit)
    shown_entity = entity
    if "outdated_entity" in kinds:
        shown_entity = kinds["outdated_entity"].entity or f"{sc.jurisdiction}扶贫开发办公室"
        fault(
            "outdated_entity",
            url=f"http://{host}/profile/{PLATFORM_SLUG[spec.platform]}/{acc_id}.html",
            shown=shown_entity,
            expected=entity,
        )
    per_week = spec.per_week
    if "low_frequency" in kinds:
        per_week = kinds["low_frequency"].per_week or 0.5
    last = sc.resolve(spec.last_post) or sc.checkpoint - dt.timedelta(days=rng.randint(0, 2))
    if "not_updated" in kinds:
        last = sc.resolve(kinds["not_updated"].last_post or "-20d") or last
    gap = 7.0 / max(per_week, 0.01)
    posts: list[FeedPost] = []
    n = spec.posts if spec.posts is not None else max(12, round(per_week * 15))
    if "empty_feed" in kinds:
        n = 0
    for k in range(n):
        day = last - dt.timedelta(days=round(k * gap))
        when = dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=TZ)
        title = (
            f"{spec.name}：{rng.choice(TOPICS)}{rng.choice(['工作动态', '政策解读', '温馨提示', '便民信息'])}"
        )
        posts.append(
            FeedPost(
                title,
                when,
                f"http://{host}/post/{acc_id}/{k + 1}.html",
                f"{title}。{spec.name}持续做好相关工作，欢迎关注。",
            )
        )
    if "content_error" in kinds and posts:
        text = kinds["content_error"].text or "中华人民共合国"
        p = posts[min(1, len(posts) - 1)]
        p.text = f"{p.text}深入学习{text}宪法。"
        fault(
            "content_error",
            url=p.url,
            title=p.title,
            text=text,
            date=p.when.date().isoformat(),
        )
    if posts and ("not_updated" in kinds or spec.last_post is not None) and "not_updated" in kinds:
        fault(
            "not_updated",
            last_post=last.isoformat(),
            days=(sc.checkpoint - last).days,
        )
    if "low_frequency" in kinds:
        fault(
            "low_frequency",
            per_week=per_week,
            posts_in_4_weeks=sum(1 for p in posts if (sc.checkpoint - p.when.date()).days < 28),
        )

    pages: dict[str, Resp] = {}
    for p in posts:
        pages[p.url.split(host, 1)[1]] = Resp(
            200,
            (("Content-Type", "text/html; charset=utf-8"),),
            (
                f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(p.title)}</title></head><body>'
                f'<h1>{escape(p.title)}</h1><p class="time">{p.when.strftime("%Y-%m-%d %H:%M")}</p>'
                f'<div class="text">{escape(p.text)}</div></body></html>'
            ).encode(),
        )
    # menu
    menu_links: list[str] = []
    broken = kinds["broken_menu"].count if "broken_menu" in kinds else 0
    for k, label in enumerate(spec.menu):
        path = f"/menu/{acc_id}/{k + 1}.html"
        url = f"http://{host}{path}"
        if k == 0 and spec.unit in site_homes:
            url = site_homes[spec.unit]
        menu_links.append(url)
        if k >= len(spec.menu) - broken:
            fault("broken_menu", url=url, label=label)
            continue
        if url.startswith(f"http://{host}/"):
            pages[path] = Resp(
                200,
                (("Content-Type", "text/html; charset=utf-8"),),
                f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(label)}</title>'
                f"</head><body><h1>{escape(label)}</h1></body></html>".encode(),
            )
    slug = PLATFORM_SLUG[spec.platform]
    interaction = "已开通"
    if "no_interaction" in kinds:
        interaction = "未开通"
        fault("no_interaction", url=f"http://{host}/profile/{slug}/{acc_id}.html")
    profile_path = f"/profile/{slug}/{acc_id}.html"
    menu_html = "".join(
        f'<li><a href="{escape(u)}">{escape(lbl)}</a></li>'
        for u, lbl in zip(menu_links, spec.menu, strict=True)
    )
    pages[profile_path] = Resp(
        200,
        (("Content-Type", "text/html; charset=utf-8"),),
        (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(spec.name)}</title></head><body>'
            f'<div class="profile"><h1 class="name" data-field="name">{escape(spec.name)}</h1>'
            f'<p class="platform">{spec.platform.value}</p><p class="id">账号ID：{escape(acc_id)}</p>'
            f'<p class="verified">认证主体：<span class="entity" data-field="certified_entity">'
            f"{escape(shown_entity)}</span></p>"
            f'<p class="interaction">留言功能：<span data-field="interaction">{interaction}</span></p>'
            f'<ul class="menu">{menu_html}</ul></div></body></html>'
        ).encode(),
    )
    rss, atom, jsn = feed_paths(spec.platform, acc_id)
    link = f"http://{host}{profile_path}"
    if "feed_404" in kinds or "feed_500" in kinds:
        status = 404 if "feed_404" in kinds else 500
        for p_ in (rss, atom, jsn):
            pages[p_] = Resp(status, (("Content-Type", "text/plain; charset=utf-8"),), b"error")
        fault("feed_404" if status == 404 else "feed_500", url=f"http://{host}{rss}", status=status)
    else:
        pages[rss] = Resp(200, XML, rss_doc(spec.name, link, f"http://{host}{rss}", posts))
        pages[atom] = Resp(200, XML, atom_doc(spec.name, link, f"http://{host}{atom}", posts))
        pages[jsn] = Resp(
            200,
            (("Content-Type", "application/feed+json; charset=utf-8"),),
            json_doc(spec.name, link, f"http://{host}{jsn}", posts),
        )
        if "malformed_feed" in kinds:
            body = pages[rss].body
            pages[rss] = Resp(200, XML, body[: len(body) // 2])
            fault("malformed_feed", url=f"http://{host}{rss}")
        if "empty_feed" in kinds:
            fault("empty_feed", url=f"http://{host}{rss}")
    account = Account(
        platform=spec.platform,
        name=spec.name,
        account_id=acc_id,
        unit=spec.unit,
        certified_entity=entity,
        feed_url=f"http://{host}{rss}",
        profile_url=f"http://{host}{profile_path}",
        menu_links=tuple(menu_links),
    )
    return BuiltAccount(account, pages, faults)


def rss_doc(name: str, link: str, self_url: str, posts: list[FeedPost]) -> bytes:
    items = "".join(
        f"\n<item><title>{escape(p.title)}</title><description>{escape(p.text)}</description>"
        f'<pubDate>{format_datetime(p.when)}</pubDate><guid isPermaLink="false">{escape(p.url)}</guid>'
        f"<link>{escape(p.url)}</link></item>"
        for p in posts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">'
        f"<channel><title>{escape(name)}的{'动态'}</title><link>{escape(link)}</link>"
        f'<atom:link href="{escape(self_url)}" rel="self" type="application/rss+xml"/>'
        f"<description>{escape(name)} - Powered by RSSHub</description><generator>RSSHub</generator>"
        f"<language>zh-cn</language><ttl>5</ttl>{items}\n</channel></rss>\n"
    ).encode()


def atom_doc(name: str, link: str, self_url: str, posts: list[FeedPost]) -> bytes:
    updated = posts[0].when.isoformat() if posts else "1970-01-01T00:00:00+00:00"
    entries = "".join(
        f'\n<entry><title>{escape(p.title)}</title><link href="{escape(p.url)}"/><id>{escape(p.url)}</id>'
        f"<updated>{p.when.isoformat()}</updated><published>{p.when.isoformat()}</published>"
        f'<content type="html">{escape(p.text)}</content></entry>'
        for p in posts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{escape(name)}</title><link href="{escape(link)}"/><link rel="self" href="{escape(self_url)}"/>'
        f"<id>{escape(self_url)}</id><updated>{updated}</updated>{entries}\n</feed>\n"
    ).encode()


def json_doc(name: str, link: str, self_url: str, posts: list[FeedPost]) -> bytes:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": name,
        "home_page_url": link,
        "feed_url": self_url,
        "items": [
            {
                "id": p.url,
                "url": p.url,
                "title": p.title,
                "content_text": p.text,
                "date_published": p.when.isoformat(),
            }
            for p in posts
        ],
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()
