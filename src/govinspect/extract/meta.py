"""Government page <meta> tags (SiteName, SiteIDCode, ColumnName, PubDate …), names made canonical.

Tolerant of attribute order, case, quoting and spacing: the HTML parser normalises attributes, and names
are matched case-insensitively (`sitename`, `Sitename`, `contentSource` all map to the canonical name).
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser

GOV_META_NAMES: tuple[str, ...] = (
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Image",
    "Url",
)
_CANONICAL: Final = {n.lower(): n for n in GOV_META_NAMES}


_PLACEHOLDER: Final = re.compile(
    r"^\s*(?:\$\{.*\}|\$!?\{?\w+.*|\{\{.*\}\}|\{\w+\}|<%.*%>|#\w+#|<trs_\w+.*|null|undefined|none|"
    r"请输入.*|标题|栏目名称|文章标题)\s*$",
    re.I,
)


def usable(value: str | None) -> str | None:
    """A meta value worth using: None for empty ones and template placeholders (${title}, <%=x%>, null)."""
    if value is None:
        return None
    value = value.strip()
    if not value or _PLACEHOLDER.match(value):
        return None
    return value


def canonical_name(name: str) -> str:
    """`sitename` → `SiteName`; unknown names are kept as written (stripped)."""
    key = name.strip()
    return _CANONICAL.get(key.lower(), key)


def read_meta(tree: LexborHTMLParser) -> dict[str, str]:
    """All named <meta> tags, first occurrence wins (an empty first value is replaced by a later non-empty one)."""
    out: dict[str, str] = {}
    for node in tree.tags("meta"):  # by tag name: no selector to compile and match
        attrs = node.attributes
        name = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        if not name:
            continue
        content = attrs.get("content")
        if content is None:
            content = attrs.get("value") or ""
        key = canonical_name(name)
        if not key:
            continue
        value = content.replace("\xa0", " ").strip()
        if key not in out or (not out[key] and value):
            out[key] = value
    return out
