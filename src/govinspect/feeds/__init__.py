"""govinspect.feeds: posts and account facts of government new-media accounts, from any source.

Adapters (feed URL, CSV/XLSX import, manual record) share one interface, `PostSource`.
"""

from __future__ import annotations

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
