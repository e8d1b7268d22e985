"""Import posts from CSV / XLSX files with Chinese headings; all-or-nothing with row/column errors.

Columns: 账号名称, 标题, 发布时间, 链接, 正文 (required: 账号名称, 发布时间 and 标题 or 正文);
optional 平台, 账号ID. Row numbers are spreadsheet rows (the heading is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from govinspect.feeds.dates import coerce_datetime
from govinspect.feeds.parse import html_links
from govinspect.feeds.post import Post
from govinspect.model import PLATFORM_ALIASES, Account, Platform

COLUMNS: dict[str, tuple[str, ...]] = {
    "account_name": ("账号名称", "帐号名称", "账号", "名称"),
    "title": ("标题", "文章标题"),
    "published": ("发布时间", "发布日期", "时间"),
    "url": ("链接", "网址", "URL", "url"),
    "text": ("正文", "内容"),
    "platform": ("平台", "账号类型", "主体类型"),
    "account_id": ("账号ID", "账号id", "帐号ID", "ID"),
}
LABELS = {key: names[0] for key, names in COLUMNS.items()}
REQUIRED = ("account_name", "published")


class PostImportError(ValueError):
    """The file was rejected; `problems` lists every bad row/column in Chinese."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("导入失败，共 {} 处问题：\n{}".format(len(self.problems), "\n".join(self.problems)))


@dataclass(frozen=True, slots=True)
class PostRow:
    """One imported row before it is matched to a registry account."""

    row: int
    account_name: str
    title: str
    published: dt.datetime
    url: str | None
    text: str
    platform: Platform | None
    account_id: str | None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(path: Path) -> list[list[object]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise PostImportError([f"文件 {path.name}：无法读取 XLSX（{exc.__class__.__name__}）"]) from exc
        try:
            sheet = wb.worksheets[0]
            return [list(r) for r in sheet.iter_rows(values_only=True)]
        finally:
            wb.close()
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise PostImportError([f"文件 {path.name}：无法识别文件编码（请使用 UTF-8 或 GBK）"])
        return [list(r) for r in csv.reader(io.StringIO(text))]
    kind = path.suffix or "（无扩展名）"
    raise PostImportError([f"文件 {path.name}：不支持的文件类型 {kind}，请使用 CSV 或 XLSX"])


def _header_map(header: Iterable[object], file: str) -> tuple[dict[str, int], list[str]]:
    names = [_cell(h) for h in header]
    found: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[key] = index
                break
    problems = [f"文件 {file}：缺少必填列「{LABELS[k]}」" for k in REQUIRED if k not in found]
    if "title" not in found and "text" not in found:
        problems.append(f"文件 {file}：缺少必填列「标题」（或「正文」）")
    return found, problems


def read_post_file(path: str | Path) -> list[PostRow]:
    """Every row of the file, or PostImportError listing every problem (nothing is returned then)."""
    path = Path(path)
    file = path.name
    if not path.exists():
        raise PostImportError([f"文件 {file}：文件不存在"])
    rows = _read_rows(path)
    while rows and not any(_cell(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise PostImportError([f"文件 {file}：文件为空"])
    columns, problems = _header_map(rows[0], file)
    if problems:
        raise PostImportError(problems)
    out: list[PostRow] = []
    for offset, row in enumerate(rows[1:], start=2):

        def get(key: str, row: list[object] = row) -> object:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else None

        if not any(_cell(c) for c in row):
            continue
        where = f"文件 {file} 第 {offset} 行"
        name = _cell(get("account_name"))
        title = _cell(get("title"))
        text = _cell(get("text"))
        url = _cell(get("url")) or None
        if not name:
            problems.append(f"{where}「账号名称」列：不能为空")
        if not title and not text:
            problems.append(f"{where}「标题」列：标题和正文不能同时为空")
        raw_date = get("published")
        published = coerce_datetime(raw_date)
        if published is None:
            shown = _cell(raw_date)
            problems.append(
                f"{where}「发布时间」列：" + (f"无法识别的日期“{shown}”" if shown else "不能为空")
            )
        if url is not None and not url.startswith(("http://", "https://")):
            problems.append(f"{where}「链接」列：不是有效的网址“{url}”")
        platform_text = _cell(get("platform"))
        platform: Platform | None = None
        if platform_text:
            platform = PLATFORM_ALIASES.get(platform_text)
            if platform is None:
                problems.append(f"{where}「平台」列：未知平台“{platform_text}”")
        if published is not None and name and (title or text):
            out.append(
                PostRow(offset, name, title, published, url, text, platform, _cell(get("account_id")) or None)
            )
    if problems:
        raise PostImportError(problems)
    return out


def match_posts(
    rows: Sequence[PostRow], accounts: Sequence[Account], file: str = ""
) -> dict[str, list[Post]]:
    """Attach rows to registry accounts (by 账号ID, else 名称 + 平台); unknown/ambiguous rows reject all."""
    by_name: dict[str, list[Account]] = {}
    for account in accounts:
        by_name.setdefault(account.name, []).append(account)
    problems: list[str] = []
    result: dict[str, list[Post]] = {}
    prefix = f"文件 {file} " if file else ""
    for row in rows:
        where = f"{prefix}第 {row.row} 行"
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
                    f"{where}「账号名称」列：“{row.account_name}”对应多个账号，请填写「平台」或「账号ID」"
                )
                continue
        if found is None:
            problems.append(f"{where}「账号名称」列：“{row.account_name}”不在政务新媒体底账中")
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
        raise PostImportError(problems)
    for posts in result.values():
        posts.sort(key=lambda p: p.published, reverse=True)
    return result


def import_posts(path: str | Path, accounts: Sequence[Account]) -> dict[str, list[Post]]:
    """Read a CSV/XLSX file and attach every row to an account; all-or-nothing."""
    return match_posts(read_post_file(path), accounts, Path(path).name)
