"""A post of a new-media account, whatever source it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Post:
    account: str  # model.Account.key
    title: str
    published: dt.datetime  # aware, Asia/Shanghai
    url: str | None = None
    text: str = ""
    links: list[str] = field(default_factory=list)
    source: str = "feed"  # feed / import / manual


@dataclass(slots=True)
class AccountFacts:
    """What a source tells about the account itself (profile page or registry)."""

    account: str
    name: str | None = None
    certified_entity: str | None = None
    menu_links: list[str] = field(default_factory=list)
    interaction: bool | None = None  # None = the source does not say
    source_error: str | None = None  # feed unreachable / malformed, in Chinese
    source_url: str | None = None  # the feed URL / import file the posts came from
    captured_at: dt.datetime | None = None  # when the source was read (Asia/Shanghai)
    profile_error: str | None = None  # profile page unreadable (facts then come from the registry)
    manual_note: str | None = None  # inspector's note of a manual record
