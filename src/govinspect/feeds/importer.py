"""Import posts from CSV / XLSX / XLS files with Chinese headings; all-or-nothing.

Columns: 账号名称, 标题, 发布时间, 链接, 正文 (required: 账号名称, 发布时间 and 标题 or 正文);
optional 平台, 账号ID. Files are read by `govinspect.tables`, so every problem names file,
sheet, row and column, and row numbers are the spreadsheet's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govinspect.feeds.dates import coerce_datetime
from govinspect.feeds.parse import html_links
from govinspect.feeds.post import Post
from govinspect.model import PLATFORM_ALIASES, Account, Platform
from govinspect.tables import Field, ImportRefused, Layout, Problem, Row, read_tables, table_rows

WHAT = "发布记录"
LAYOUT = Layout(
    "posts",
    (
        Field("account_name", ("账号名称", "帐号名称", "账号", "名称"), required=True),
        Field("title", ("标题", "文章标题")),
        Field("published", ("发布时间", "发布日期", "时间"), required=True),
        Field("url", ("链接", "网址", "URL", "url")),
        Field("text", ("正文", "内容")),
        Field("platform", ("平台", "账号类型", "主体类型")),
        Field("account_id", ("账号ID", "账号id", "帐号ID", "ID")),
    ),
)


@dataclass(frozen=True, slots=True)
class PostRow:
    """One imported row before it is matched to a registry account."""

    source: Row  # where it came from, for problems
    account_name: str
    title: str
    published: dt.datetime
    url: str | None
    text: str
    platform: Platform | None
    account_id: str | None


def read_post_file(path: str | Path) -> list[PostRow]:
    """Every row of the file, or `ImportRefused` naming every problem (nothing is returned then)."""
    tables = read_tables(Path(path), [LAYOUT], what=WHAT)
    problems = [
        t.problem("缺少该列（标题和正文至少要有一列）", "title", t.header_row)
        for t in tables
        if "title" not in t.columns and "text" not in t.columns
    ]
    if problems:
        raise ImportRefused(problems, WHAT)
    out: list[PostRow] = []
    for row in table_rows(tables):
        name, title, text = row.text("account_name"), row.text("title"), row.text("text")
        url = row.text("url") or None
        if not name:
            problems.append(row.problem("account_name", "不能为空"))
        if not title and not text:
            problems.append(
                row.problem("title" if "title" in row.table.columns else "text", "标题和正文不能同时为空")
            )
        raw_date = row.values.get("published")
        published = coerce_datetime(raw_date)
        if published is None:
            shown = row.text("published")
            problems.append(row.problem("published", f"无法识别的日期“{shown}”" if shown else "不能为空"))
        if url is not None and not url.startswith(("http://", "https://")):
            problems.append(row.problem("url", f"不是有效的网址“{url}”"))
        platform: Platform | None = None
        if platform_text := row.text("platform"):
            platform = PLATFORM_ALIASES.get(platform_text)
            if platform is None:
                problems.append(row.problem("platform", f"未知平台“{platform_text}”"))
        if published is not None and name and (title or text):
            out.append(
                PostRow(row, name, title, published, url, text, platform, row.text("account_id") or None)
            )
    if problems:
        raise ImportRefused(problems, WHAT)
    return out


def match_posts(rows: Sequence[PostRow], accounts: Sequence[Account]) -> dict[str, list[Post]]:
    """Attach rows to registry accounts (by 账号ID, else 名称 + 平台); unknown/ambiguous rows reject all."""
    by_name: dict[str, list[Account]] = {}
    for account in accounts:
        by_name.setdefault(account.name, []).append(account)
    problems: list[Problem] = []
    result: dict[str, list[Post]] = {}
    for row in rows:
        found: Account | None = None
        if row.account_id:
            candidates = [
                a
                for a in accounts
                if a.account_id == row.account_id and (row.platform is None or a.platform == row.platform)
            ]
            if len(candidates) == 1:
                found = candidates[0]
        if found is None:
            named = [a for a in by_name.get(row.account_name, []) if row.platform in (None, a.platform)]
            if len(named) == 1:
                found = named[0]
            elif len(named) > 1:
                problems.append(
                    row.source.problem(
                        "account_name", f"“{row.account_name}”对应多个账号，请填写“平台”或“账号ID”列"
                    )
                )
                continue
        if found is None:
            problems.append(row.source.problem("account_name", f"“{row.account_name}”不在政务新媒体底账中"))
            continue
        result.setdefault(found.key, []).append(
            Post(
                account=found.key,
                title=row.title or row.text[:40],
                published=row.published,
                url=row.url,
                text=row.text,
                links=html_links(row.text),
                source="import",
            )
        )
    if problems:
        raise ImportRefused(problems, WHAT)
    for posts in result.values():
        posts.sort(key=lambda p: p.published, reverse=True)
    return result


def import_posts(path: str | Path, accounts: Sequence[Account]) -> dict[str, list[Post]]:
    """Read a CSV/XLSX/XLS file and attach every row to an account; all-or-nothing."""
    return match_posts(read_post_file(path), accounts)
