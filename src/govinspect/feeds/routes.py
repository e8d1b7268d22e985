"""Recognise RSSHub and WeChat-to-RSS bridge URL shapes, and build RSSHub URLs for accounts.

Feed URLs are always fetched as they are; recognition only labels evidence (platform, uid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from govinspect.model import Account, Platform


@dataclass(frozen=True, slots=True)
class Route:
    bridge: str  # "rsshub" / "wechat-bridge" / "feed"
    platform: Platform | None
    uid: str | None


_RSSHUB: list[tuple[re.Pattern[str], Platform]] = [
    (re.compile(r"^/weibo/user/([^/?#]+)"), Platform.WEIBO),
    (re.compile(r"^/douyin/user/([^/?#]+)"), Platform.DOUYIN),
    (re.compile(r"^/toutiao/user/(?:token/)?([^/?#]+)"), Platform.TOUTIAO),
    (re.compile(r"^/bilibili/user/(?:dynamic|video)/([^/?#]+)"), Platform.OTHER),
    (re.compile(r"^/kuaishou/user/([^/?#]+)"), Platform.KUAISHOU),
    (re.compile(r"^/baijiahao/user/([^/?#]+)"), Platform.BAIJIAHAO),
    (
        re.compile(
            r"^/wechat/(?:mp/(?:homepage|msgalbum)/|ce/|wxnmh/|feeddd/|wechat2rss/|data258/|uread/)?([^/?#]+)"
        ),
        Platform.WECHAT,
    ),
]
# Common WeChat-to-RSS bridges: wechat2rss (/feed/<id>.xml), werss / we-mp-rss (/feeds/<id>.xml,
# /rss/<id>), feeddd (/feeds/<id>), RSSHub's own /wechat/... routes.
_WECHAT_BRIDGE = re.compile(r"^/(?:feeds?|rss|api/rss|mp/rss)/([^/?#]+?)(?:\.(?:xml|atom|json|rss))?/?$")


def recognise(url: str) -> Route:
    """The bridge, platform and account id a feed URL names (best effort)."""
    path = urlsplit(url).path or "/"
    for pattern, platform in _RSSHUB:
        m = pattern.match(path)
        if m:
            return Route("rsshub", platform, m.group(1))
    m = _WECHAT_BRIDGE.match(path)
    if m:
        return Route("wechat-bridge", Platform.WECHAT, m.group(1))
    return Route("feed", None, None)


_RSSHUB_PATHS: dict[Platform, str] = {
    Platform.WEIBO: "/weibo/user/{uid}",
    Platform.DOUYIN: "/douyin/user/{uid}",
    Platform.TOUTIAO: "/toutiao/user/{uid}",
    Platform.KUAISHOU: "/kuaishou/user/{uid}",
    Platform.BAIJIAHAO: "/baijiahao/user/{uid}",
}


def rsshub_url(base: str, account: Account) -> str | None:
    """The feed URL of an account on a user's own RSSHub instance, or None if no route fits."""
    template = _RSSHUB_PATHS.get(account.platform)
    if template is None or not account.account_id:
        return None
    return base.rstrip("/") + template.format(uid=account.account_id)
