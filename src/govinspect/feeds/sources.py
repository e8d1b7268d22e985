"""Post sources behind one interface: feed URL, CSV/XLSX import, manual record; plus profile facts.

Every adapter answers `fetch(account, since, until, ctx) -> SourceResult`. Trouble with a source
never raises: it becomes `AccountFacts.source_error` (Chinese), which checks report as
media.source_error instead of judging the account "not updated".
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from govinspect.crawl import CrawlSettings, ErrorClass
from govinspect.extract import decode_html
from govinspect.feeds.http import FeedHttp, FetchResult, feed_hosts
from govinspect.feeds.parse import FeedError, parse_feed
from govinspect.feeds.post import AccountFacts, Post
from govinspect.feeds.profile import facts_from_registry, parse_profile_page
from govinspect.feeds.routes import rsshub_url
from govinspect.model import TZ, Account

_NETWORK_ERRORS: dict[str, str] = {
    ErrorClass.DNS: "域名无法解析",
    ErrorClass.REFUSED: "无法连接服务器",
    ErrorClass.TIMEOUT: "访问超时",
    ErrorClass.TLS: "证书/加密连接错误",
    ErrorClass.TOO_LARGE: "内容过大",
    ErrorClass.REDIRECT_LOOP: "重定向次数过多",
    ErrorClass.BROKEN_ENCODING: "传输内容损坏",
    ErrorClass.OTHER: "访问失败",
}


def describe_fetch_error(resp: FetchResult, what: str = "订阅源") -> str | None:
    """Chinese description of why a fetch is unusable, or None if it is usable."""
    if resp.error is None and resp.status is not None and 200 <= resp.status < 300:
        return None
    if resp.status is not None and resp.status >= 300:
        return f"{what}无法访问（HTTP {resp.status}）"
    return f"{what}无法访问（{_NETWORK_ERRORS.get(resp.error or ErrorClass.OTHER, '访问失败')}）"


@dataclass(slots=True)
class FetchContext:
    """What adapters need from the caller: host map (tests, simulator), timeouts, capture time."""

    host_map: dict[str, str] | None = None
    settings: CrawlSettings | None = None  # crawl limits/politeness; CrawlSettings() by default
    captured_at: dt.datetime | None = None  # evidence time; defaults to now in Asia/Shanghai
    rsshub_base: str | None = None  # the user's RSSHub instance, for accounts without feed_url
    http: FeedHttp | None = None  # an open shared FeedHttp; one is opened per request otherwise

    def now(self) -> dt.datetime:
        return self.captured_at or dt.datetime.now(TZ)


@dataclass(slots=True)
class SourceResult:
    posts: list[Post]
    facts: AccountFacts


class PostSource(Protocol):
    """One way of getting an account's posts and facts."""

    async def fetch(
        self, account: Account, since: dt.datetime | None, until: dt.datetime, ctx: FetchContext
    ) -> SourceResult: ...


def _until(posts: Sequence[Post], until: dt.datetime) -> list[Post]:
    """Posts up to the checkpoint, newest first (later posts must not change a verdict)."""
    return sorted((p for p in posts if p.published <= until), key=lambda p: p.published, reverse=True)


async def _get(ctx: FetchContext, url: str) -> FetchResult:
    if ctx.http is not None:
        return await ctx.http.get(url)
    async with FeedHttp(ctx.host_map, ctx.settings) as http:
        return await http.get(url)


async def load_facts(account: Account, ctx: FetchContext) -> AccountFacts:
    """Profile-page facts when the account has a profile URL (registry fills gaps), else registry facts."""
    registry = facts_from_registry(account)
    if not account.profile_url:
        return registry
    resp = await _get(ctx, account.profile_url)
    problem = describe_fetch_error(resp, "账号主页")
    if problem is not None:
        return replace(registry, profile_error=problem)
    html, _ = decode_html(resp.content, resp.headers)
    page = parse_profile_page(resp.final_url or account.profile_url, html, account.key)
    return AccountFacts(
        account=account.key,
        name=page.name or registry.name,
        certified_entity=page.certified_entity or registry.certified_entity,
        menu_links=page.menu_links or registry.menu_links,
        interaction=page.interaction,
    )


@dataclass(slots=True)
class FeedSource:
    """RSS 2.0 / Atom / JSON Feed at the account's feed URL (RSSHub and WeChat bridges as they are)."""

    async def fetch(
        self, account: Account, since: dt.datetime | None, until: dt.datetime, ctx: FetchContext
    ) -> SourceResult:
        facts = await load_facts(account, ctx)
        url = account.feed_url or (rsshub_url(ctx.rsshub_base, account) if ctx.rsshub_base else None)
        facts.captured_at = ctx.now()
        facts.source_url = url
        if not url:
            facts.source_error = "未登记订阅源地址，无法获取发布内容"
            return SourceResult([], facts)
        resp = await _get(ctx, url)
        problem = describe_fetch_error(resp)
        if problem is not None:
            facts.source_error = problem
            return SourceResult([], facts)
        try:
            ctype = resp.headers.get("content-type")
            posts = parse_feed(resp.content, account.key, ctype, resp.final_url or url)
        except FeedError as exc:
            facts.source_error = str(exc)
            return SourceResult([], facts)
        return SourceResult(_until(posts, until), facts)


@dataclass(slots=True)
class ImportSource:
    """Posts imported from a CSV/XLSX file (see importer.import_posts)."""

    posts_by_account: Mapping[str, Sequence[Post]]
    file: str = ""

    async def fetch(
        self, account: Account, since: dt.datetime | None, until: dt.datetime, ctx: FetchContext
    ) -> SourceResult:
        facts = await load_facts(account, ctx)
        facts.captured_at = ctx.now()
        facts.source_url = self.file or None
        posts = self.posts_by_account.get(account.key, ())
        if not posts:
            named = f"“{self.file}”" if self.file else ""
            facts.source_error = f"导入文件{named}中没有该账号的发布记录"
        return SourceResult(_until(posts, until), facts)


@dataclass(frozen=True, slots=True)
class ManualRecord:
    """An inspector's record of an account no bridge reaches: last update date and a note."""

    account: str  # Account.key
    last_update: dt.date
    note: str = ""
    inspector: str = ""
    title: str = ""  # the last post's title, when the inspector noted it


@dataclass(slots=True)
class ManualSource:
    records: Mapping[str, ManualRecord] = field(default_factory=dict)

    async def fetch(
        self, account: Account, since: dt.datetime | None, until: dt.datetime, ctx: FetchContext
    ) -> SourceResult:
        facts = await load_facts(account, ctx)
        facts.captured_at = ctx.now()
        record = self.records.get(account.key)
        if record is None:
            facts.source_error = "没有该账号的人工记录"
            return SourceResult([], facts)
        facts.manual_note = record.note or None
        facts.source_url = "人工记录" + (f"（{record.inspector}）" if record.inspector else "")
        post = Post(
            account=account.key,
            title=record.title or f"人工记录：{record.note or '最近更新'}",
            published=dt.datetime.combine(record.last_update, dt.time(0, 0), tzinfo=TZ),
            source="manual",
        )
        return SourceResult(_until([post], until), facts)


@dataclass(slots=True)
class RoutedSource:
    """Pick per account: manual record, else imported posts, else the feed URL."""

    manual: ManualSource | None = None
    imported: ImportSource | None = None
    feed: FeedSource = field(default_factory=FeedSource)

    def choose(self, account: Account) -> PostSource:
        if self.manual is not None and account.key in self.manual.records:
            return self.manual
        if self.imported is not None and account.key in self.imported.posts_by_account:
            return self.imported
        if account.feed_url or self.imported is None:
            return self.feed
        return self.imported

    async def fetch(
        self, account: Account, since: dt.datetime | None, until: dt.datetime, ctx: FetchContext
    ) -> SourceResult:
        return await self.choose(account).fetch(account, since, until, ctx)


async def collect(
    accounts: Sequence[Account],
    source: PostSource,
    until: dt.datetime,
    ctx: FetchContext,
    since: dt.datetime | None = None,
    concurrency: int = 8,
) -> dict[str, SourceResult]:
    """Fetch every account through one source (bounded concurrency, one shared FeedHttp)."""
    gate = asyncio.Semaphore(concurrency)

    async def run(shared: FetchContext) -> dict[str, SourceResult]:
        async def one(account: Account) -> tuple[str, SourceResult]:
            async with gate:
                return account.key, await source.fetch(account, since, until, shared)

        return dict(await asyncio.gather(*(one(a) for a in accounts)))

    if ctx.http is not None:
        return await run(ctx)
    async with FeedHttp(ctx.host_map, ctx.settings, feed_hosts(accounts, ctx.rsshub_base)) as http:
        return await run(replace(ctx, http=http))
