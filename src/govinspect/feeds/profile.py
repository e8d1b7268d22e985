"""Account profile facts (认证主体, account name, custom-menu links) from a profile page or the registry.

Pure functions of (url, html); fetching is the source adapter's job.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from govinspect.feeds.post import AccountFacts
from govinspect.model import Account

_ENTITY_LABEL = re.compile(
    r"(?:认证主体|账号主体|帐号主体|主体名称|运营主体|认证信息|机构认证|微博认证|认证)\s*[：:]\s*"
    r"([^\s，。,;；|/<>]{2,60})"
)
_NAME_LABEL = re.compile(r"(?:账号名称|帐号名称|公众号名称|昵称)\s*[：:]\s*([^\s，。,;；|<>]{1,60})")
_MENU_HINT = re.compile(r"menu|菜单", re.I)
_NO_INTERACTION = re.compile(
    r"(?:留言|评论|互动)(?:功能)?(?:已)?(?:关闭|未开通|不可用)|未开通(?:留言|评论|互动)"
)
_FALSE_WORDS = {"0", "false", "no", "无", "否", "关闭", "未开通", "不可用"}
_TRUE_WORDS = {"1", "true", "yes", "有", "是", "开启", "已开通", "可用"}


def _field(tree: HTMLParser, name: str) -> str | None:
    for selector in (f'[data-field="{name}"]', f'[itemprop="{name}"]'):
        node = tree.css_first(selector)
        if node is not None:
            text = (node.attributes.get("content") or node.text()).strip()
            if text:
                return text
    return None


def _meta(tree: HTMLParser, *names: str) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
        if node is not None and (node.attributes.get("content") or "").strip():
            return (node.attributes.get("content") or "").strip()
    return None


def _is_menu(node: Node) -> bool:
    parent: Node | None = node
    while parent is not None and parent.tag not in ("body", "html"):
        attrs = parent.attributes
        hint = " ".join(str(attrs.get(k) or "") for k in ("class", "id", "role", "data-field"))
        if _MENU_HINT.search(hint):
            return True
        parent = parent.parent
    return False


def parse_profile_page(url: str, html: str, account_key: str) -> AccountFacts:
    """Facts shown on an account's profile page.

    Recognised, in order: `data-field` / `itemprop` attributes (certified_entity, name),
    labelled text such as "认证主体：XX", `og:title`, `<title>`; custom-menu links are the
    <a href> inside any element whose class/id/role mentions "menu" or "菜单".
    """
    tree = HTMLParser(html)
    top = tree.body or tree.root
    text = re.sub(r"\s+", " ", top.text(separator=" ")) if top is not None else ""
    entity = _field(tree, "certified_entity")
    if entity is None:
        m = _ENTITY_LABEL.search(text)
        entity = m.group(1) if m else None
    name = _field(tree, "name")
    if name is None:
        m = _NAME_LABEL.search(text)
        name = m.group(1) if m else None
    if name is None:
        name = _meta(tree, "og:title")
    title_node = tree.css_first("title")
    if name is None and title_node is not None:
        name = title_node.text().strip() or None
    interaction: bool | None = None
    flag = _field(tree, "interaction")
    if flag is not None and flag.lower() in _FALSE_WORDS:
        interaction = False
    elif flag is not None and flag.lower() in _TRUE_WORDS:
        interaction = True
    elif _NO_INTERACTION.search(text):
        interaction = False
    links: list[str] = []
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")) or not _is_menu(node):
            continue
        absolute = urljoin(url, href)
        if absolute not in links:
            links.append(absolute)
    return AccountFacts(
        account=account_key,
        name=name,
        certified_entity=entity,
        menu_links=links,
        interaction=interaction,
    )


def facts_from_registry(account: Account) -> AccountFacts:
    """Facts as recorded in the registry (底账) when no profile page is available."""
    return AccountFacts(
        account=account.key,
        name=account.name,
        certified_entity=account.certified_entity,
        menu_links=list(account.menu_links),
    )
