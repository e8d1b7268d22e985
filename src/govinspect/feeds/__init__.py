"""govinspect.feeds: posts and account facts of government new-media accounts, from any source.

Adapters (feed URL, CSV/XLSX import, manual record) share one interface, `PostSource`. Other stages
import from this package only; its modules are internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govinspect.lazy import lazy_exports

if TYPE_CHECKING:
    from govinspect.feeds.archive import read_results, write_results
    from govinspect.feeds.http import FeedHttp, check_links
    from govinspect.feeds.importer import PostRow, import_posts, match_posts, read_post_file
    from govinspect.feeds.parse import FeedError, parse_feed
    from govinspect.feeds.post import AccountFacts, Post
    from govinspect.feeds.profile import facts_from_registry, parse_profile_page
    from govinspect.feeds.routes import Route, recognise, rsshub_url
    from govinspect.feeds.sources import (
        FeedSource,
        FetchContext,
        ImportSource,
        ManualRecord,
        ManualSource,
        PostSource,
        RoutedSource,
        SourceResult,
        collect,
        load_facts,
    )

_EXPORTS = {
    "AccountFacts": "govinspect.feeds.post",
    "check_links": "govinspect.feeds.http",
    "collect": "govinspect.feeds.sources",
    "facts_from_registry": "govinspect.feeds.profile",
    "FeedError": "govinspect.feeds.parse",
    "FeedHttp": "govinspect.feeds.http",
    "FeedSource": "govinspect.feeds.sources",
    "FetchContext": "govinspect.feeds.sources",
    "import_posts": "govinspect.feeds.importer",
    "ImportSource": "govinspect.feeds.sources",
    "load_facts": "govinspect.feeds.sources",
    "ManualRecord": "govinspect.feeds.sources",
    "ManualSource": "govinspect.feeds.sources",
    "match_posts": "govinspect.feeds.importer",
    "parse_feed": "govinspect.feeds.parse",
    "parse_profile_page": "govinspect.feeds.profile",
    "Post": "govinspect.feeds.post",
    "PostRow": "govinspect.feeds.importer",
    "PostSource": "govinspect.feeds.sources",
    "read_post_file": "govinspect.feeds.importer",
    "read_results": "govinspect.feeds.archive",
    "recognise": "govinspect.feeds.routes",
    "Route": "govinspect.feeds.routes",
    "RoutedSource": "govinspect.feeds.sources",
    "rsshub_url": "govinspect.feeds.routes",
    "SourceResult": "govinspect.feeds.sources",
    "write_results": "govinspect.feeds.archive",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)  # checks need `Post`, not the HTTP adapters

__all__ = [
    "AccountFacts",
    "FeedError",
    "FeedHttp",
    "FeedSource",
    "FetchContext",
    "ImportSource",
    "ManualRecord",
    "ManualSource",
    "Post",
    "PostRow",
    "PostSource",
    "Route",
    "RoutedSource",
    "SourceResult",
    "check_links",
    "collect",
    "facts_from_registry",
    "import_posts",
    "load_facts",
    "match_posts",
    "parse_feed",
    "parse_profile_page",
    "read_post_file",
    "read_results",
    "recognise",
    "rsshub_url",
    "write_results",
]
