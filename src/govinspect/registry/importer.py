"""Read 底账 files (XLSX, CSV, YAML) into a Registry, all-or-nothing.

Every problem is collected with file, row and column; if there is any, nothing is
returned and `RegistryImportError` lists them all in Chinese.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from govinspect import model as m
from govinspect.crawl.settings import CrawlSettings
from govinspect.registry.layout import LIST_SEPARATORS, SHEETS, Sheet

SITE_CODE_RE = re.compile(r"^[A-Za-z0-9]{4,20}$")
FORMER_NAME_RE = re.compile(r"^(?P<name>[^（(]+)[（(](?P<date>\d{4}-\d{1,2}-\d{1,2})[)）]$")
YES = {"有", "是", "1", "true", "yes", "y"}
NO = {"无", "否", "0", "false", "no", "n"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(self.column)
        return "，".join(where) + "：" + self.message


class RegistryImportError(Exception):
    """Import refused: the problems found, each naming file, row and column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = [f"台账导入失败，共 {len(self.problems)} 处问题，未写入任何数据："]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


@dataclass
class Cell:
    """A value with where it came from, so later checks can name row and column."""

    value: str
    file: str
    row: int | None
    column: str | None


@dataclass
class Record:
    sheet: Sheet
    file: str
    row: int | None
    cells: dict[str, Cell] = field(default_factory=dict)

    def get(self, key: str) -> str:
        c = self.cells.get(key)
        return c.value if c else ""

    def problem(self, key: str, message: str) -> Problem:
        c = self.cells.get(key)
        col = c.column if c else f"“{self.sheet.field(key).headings[0]}”列"
        return Problem(self.file, c.row if c else self.row, col, message)


# -- reading tables ---------------------------------------------------------


def _norm(h: Any) -> str:
    return re.sub(r"\s+", "", str(h or "")).replace("（", "(").replace("）", ")").lower()


def _match_sheet(headings: Sequence[Any]) -> tuple[Sheet, dict[int, str]] | None:
    normed = [_norm(h) for h in headings]
    for sheet in SHEETS:
        mapping: dict[int, str] = {}
        for f in sheet.fields:
            for h in f.headings:
                if _norm(h) in normed:
                    idx = normed.index(_norm(h))
                    if idx not in mapping:
                        mapping[idx] = f.key
                        break
        if all(k in mapping.values() for k in sheet.signature):
            return sheet, mapping
    return None


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _table_records(
    file: str, label: str, rows: Iterable[Sequence[Any]], problems: list[Problem]
) -> Iterator[Record]:
    """Records of one table; the header may sit below a few title rows."""
    table = list(rows)
    for header_row, headings in enumerate(table[:5], start=1):  # noqa: B007 - used after the loop
        found = _match_sheet(headings)
        if found:
            break
    else:
        problems.append(
            Problem(
                label,
                None,
                None,
                "找不到可识别的表头（如 网站名称/网站标识码/首页网址 或 账号名称/平台/账号ID）",
            )
        )
        return
    sheet, mapping = found
    heads = {i: _cell_text(h) for i, h in enumerate(headings)}
    for rowno, values in enumerate(table[header_row:], start=header_row + 1):
        texts = [_cell_text(v) for v in values]
        if not any(texts):
            continue
        rec = Record(sheet, label, rowno)
        for idx, key in mapping.items():
            val = texts[idx] if idx < len(texts) else ""
            rec.cells[key] = Cell(val, label, rowno, f"{get_column_letter(idx + 1)} 列（{heads[idx]}）")
        yield rec


def _read_xlsx(path: Path, problems: list[Problem]) -> list[Record]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on bad files
        problems.append(Problem(path.name, None, None, f"无法读取 XLSX 文件：{e}"))
        return []
    out: list[Record] = []
    header_problems: list[Problem] = []
    for ws in wb.worksheets:
        out += _table_records(
            path.name, f"{path.name}［{ws.title}］", ws.iter_rows(values_only=True), header_problems
        )
    wb.close()
    if not out:  # sheets without a 台账 header (e.g. 填表说明) are fine if another sheet has one
        problems += header_problems
    return out


def _read_csv(path: Path, problems: list[Problem]) -> list[Record]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        problems.append(Problem(path.name, None, None, "文件编码无法识别（请另存为 UTF-8 或 GBK）"))
        return []
    return list(_table_records(path.name, path.name, csv.reader(io.StringIO(text)), problems))


def _read_yaml(path: Path, problems: list[Problem]) -> list[Record]:
    """YAML 台账: top-level lists units / sites / accounts (sites may hold columns)."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problems.append(Problem(path.name, mark.line + 1 if mark else None, None, f"YAML 格式错误：{e}"))
        return []
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem(path.name, 1, None, "YAML 台账应为映射，包含 units / sites / accounts"))
        return []
    sheets = {s.kind: s for s in SHEETS}
    out: list[Record] = []
    for key_node, val_node in root.value:
        kind = key_node.value
        if kind == "jurisdiction":
            continue
        if kind not in ("units", "sites", "accounts") or not isinstance(val_node, yaml.SequenceNode):
            problems.append(
                Problem(
                    path.name,
                    key_node.start_mark.line + 1,
                    kind,
                    "未知的顶层键（应为 units / sites / accounts）",
                )
            )
            continue
        for item in val_node.value:
            out += _yaml_item(path.name, sheets[kind], item, sheets, problems)
    return out


def _yaml_item(
    file: str, sheet: Sheet, node: yaml.Node, sheets: dict[str, Sheet], problems: list[Problem]
) -> list[Record]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(file, line, None, "此处应为一条记录（键: 值）"))
        return []
    rec = Record(sheet, file, line)
    known = {f.key: f for f in sheet.fields}
    extra: list[Record] = []
    for k, v in node.value:
        key, vline = k.value, v.start_mark.line + 1
        if sheet.kind == "sites" and key == "columns" and isinstance(v, yaml.SequenceNode):
            for cnode in v.value:
                sub = _yaml_item(file, sheets["columns"], cnode, sheets, problems)
                for r in sub:
                    r.cells["site"] = Cell(str(_scalar(node, "code")), file, r.row, "site")
                extra += sub
            continue
        if sheet.kind == "sites" and key == "crawl":
            rec.cells["crawl"] = Cell(
                yaml.safe_dump(yaml.safe_load(yaml.serialize(v))), file, vline, "字段 crawl"
            )
            continue
        if key not in known:
            problems.append(Problem(file, k.start_mark.line + 1, f"字段 {key}", "未知字段"))
            continue
        if isinstance(v, yaml.SequenceNode):
            parts = []
            for x in v.value:
                if isinstance(x, yaml.MappingNode):  # former_names: {name, until}
                    d = {a.value: b.value for a, b in x.value}
                    parts.append(f"{d.get('name', '')}（{d.get('until', '')}）")
                else:
                    parts.append(str(x.value))
            val = "；".join(parts)
        else:
            val = "" if v.value is None else str(v.value)
        rec.cells[key] = Cell(val, file, vline, f"字段 {key}")
    return [rec, *extra]


def _scalar(node: yaml.MappingNode, key: str) -> str:
    for k, v in node.value:
        if k.value == key:
            return str(v.value)
    return ""


# -- building the registry ------------------------------------------------------


def _split(text: str) -> list[str]:
    parts = [text]
    for sep in LIST_SEPARATORS:
        parts = [p for chunk in parts for p in chunk.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def _crawl_overrides(rec: Record, problems: list[Problem]) -> dict[str, Any]:
    """A site's `crawl:` settings, checked now so a typo fails the import, not the round."""
    raw = rec.get("crawl")
    if not raw:
        return {}
    crawl = yaml.safe_load(raw)
    if not isinstance(crawl, dict):
        problems.append(rec.problem("crawl", "抓取设置应为“设置名: 值”的映射"))
        return {}
    try:
        CrawlSettings().for_site(crawl)
    except ValidationError as exc:
        for err in exc.errors():
            name = ".".join(str(x) for x in err["loc"])
            why = "未知的抓取设置" if err["type"] == "extra_forbidden" else f"取值无效（{err['msg']}）"
            problems.append(rec.problem("crawl", f"抓取设置 {name}：{why}"))
        return {}
    return crawl


def _valid_url(url: str) -> bool:
    try:
        u = urlsplit(url)
    except ValueError:
        return False
    return u.scheme in ("http", "https") and bool(u.hostname) and " " not in url and "." in (u.hostname or "")


def _enum(rec: Record, key: str, enum: type[Any], default: Any, problems: list[Problem],
          aliases: dict[str, Any] | None = None) -> Any:  # fmt: skip
    val = rec.get(key)
    if not val:
        return default
    if aliases and val in aliases:
        return aliases[val]
    try:
        return enum(val)
    except ValueError:
        allowed = "、".join(e.value for e in enum)
        problems.append(rec.problem(key, f"无法识别的取值“{val}”（可选：{allowed}）"))
        return default


def build_registry(records: Sequence[Record], known_units: set[str], problems: list[Problem]) -> m.Registry:
    """Validate records and turn them into a Registry; problems are appended."""
    units: dict[str, m.Unit] = {}
    for rec in (r for r in records if r.sheet.kind == "units"):
        name = rec.get("name")
        if not name:
            problems.append(rec.problem("name", "单位名称不能为空"))
            continue
        if name in units:
            problems.append(rec.problem("name", f"单位“{name}”重复"))
            continue
        former: list[m.FormerName] = []
        for part in _split(rec.get("former_names").replace("、", "；")) if rec.get("former_names") else []:
            mt = FORMER_NAME_RE.match(part)
            if not mt:
                problems.append(rec.problem("former_names", f"曾用名“{part}”应写作“旧名称（YYYY-MM-DD）”"))
                continue
            try:
                until = dt.date.fromisoformat("-".join(f"{int(x):02d}" for x in mt["date"].split("-")))
            except ValueError:
                problems.append(rec.problem("former_names", f"更名日期“{mt['date']}”不是有效日期"))
                continue
            former.append(m.FormerName(name=mt["name"].strip(), until=until))
        units[name] = m.Unit(
            name=name,
            kind=_enum(rec, "kind", m.UnitKind, m.UnitKind.DEPARTMENT, problems),
            parent=rec.get("parent") or None,
            former_names=tuple(former),
        )
    all_units = known_units | set(units)
    for u in units.values():
        if u.parent and u.parent not in all_units:
            rec = next(r for r in records if r.sheet.kind == "units" and r.get("name") == u.name)
            problems.append(rec.problem("parent", f"上级单位“{u.parent}”不在单位台账中"))

    def check_required(rec: Record) -> bool:
        ok = True
        for f in rec.sheet.fields:
            if f.required and not rec.get(f.key):
                problems.append(rec.problem(f.key, f"“{f.headings[0]}”不能为空"))
                ok = False
        return ok

    def check_unit(rec: Record) -> None:
        if rec.get("unit") and rec.get("unit") not in all_units:
            problems.append(rec.problem("unit", f"未知单位“{rec.get('unit')}”（请先在单位台账中登记）"))

    columns: dict[str, list[m.Column]] = {}
    col_recs = [r for r in records if r.sheet.kind == "columns"]
    sites: dict[str, tuple[Record, dict[str, Any]]] = {}
    for rec in (r for r in records if r.sheet.kind == "sites"):
        if not check_required(rec):
            continue
        code = rec.get("code")
        check_unit(rec)
        if not SITE_CODE_RE.match(code):
            problems.append(rec.problem("code", f"网站标识码“{code}”格式不正确（应为 4–20 位字母或数字）"))
        if code in sites:
            first = sites[code][0]
            problems.append(rec.problem("code", f"网站标识码“{code}”重复（与第 {first.row} 行相同）"))
            continue
        url = rec.get("home_url")
        if not _valid_url(url):
            problems.append(
                rec.problem(
                    "home_url", f"首页网址“{url}”格式不正确（应为 http:// 或 https:// 开头的完整网址）"
                )
            )
        hosts = _split(rec.get("extra_hosts"))
        for h in hosts:
            if not re.match(r"^[A-Za-z0-9.-]+(:\d+)?$", h):
                problems.append(rec.problem("extra_hosts", f"域名“{h}”格式不正确"))
        services = rec.get("has_services").lower()
        if services and services not in YES | NO:
            problems.append(rec.problem("has_services", f"无法识别的取值“{services}”（可选：有、无）"))
        crawl = _crawl_overrides(rec, problems)
        sites[code] = (
            rec,
            dict(
                code=code,
                name=rec.get("name"),
                home_url=url,
                unit=rec.get("unit"),
                kind=_enum(rec, "kind", m.SiteKind, m.SiteKind.DEPARTMENT, problems),
                status=_enum(rec, "status", m.SiteStatus, m.SiteStatus.RUNNING, problems),
                extra_hosts=tuple(hosts),
                group=rec.get("group") or None,
                has_services=services not in NO,
                crawl=crawl,
            ),
        )
    seen_cols: set[tuple[str, str]] = set()
    for rec in col_recs:
        if not check_required(rec):
            continue
        code, url = rec.get("site"), rec.get("url")
        if code not in sites:
            problems.append(rec.problem("site", f"网站标识码“{code}”不在网站台账中"))
            continue
        if not _valid_url(url):
            problems.append(rec.problem("url", f"栏目地址“{url}”格式不正确"))
            continue
        if (code, url) in seen_cols:
            problems.append(rec.problem("url", f"栏目地址“{url}”重复"))
            continue
        seen_cols.add((code, url))
        level = rec.get("level") or "1"
        if level not in ("1", "2", "3", "一级", "二级", "三级"):
            problems.append(rec.problem("level", f"栏目级别“{level}”应为 1、2 或 一级、二级"))
            level = "1"
        columns.setdefault(code, []).append(
            m.Column(
                name=rec.get("name"),
                url=url,
                category=_enum(rec, "category", m.ColumnCategory, m.ColumnCategory.OTHER, problems),
                level={"一级": 1, "二级": 2, "三级": 3}.get(level) or int(level),
            )
        )

    accounts: dict[tuple[m.Platform, str], m.Account] = {}
    acc_rows: dict[tuple[m.Platform, str], int | None] = {}
    for rec in (r for r in records if r.sheet.kind == "accounts"):
        if not check_required(rec):
            continue
        check_unit(rec)
        platform = _enum(rec, "platform", m.Platform, None, problems, m.PLATFORM_ALIASES)
        if platform is None:
            continue
        key = (platform, rec.get("account_id"))
        if key in accounts:
            problems.append(
                rec.problem(
                    "account_id", f"{platform.value}账号ID“{key[1]}”重复（与第 {acc_rows[key]} 行相同）"
                )
            )
            continue
        for k in ("feed_url", "profile_url"):
            if rec.get(k) and not _valid_url(rec.get(k)):
                problems.append(rec.problem(k, f"网址“{rec.get(k)}”格式不正确"))
        links = _split(rec.get("menu_links"))
        for link in links:
            if not _valid_url(link):
                problems.append(rec.problem("menu_links", f"菜单链接“{link}”格式不正确"))
        acc_rows[key] = rec.row
        accounts[key] = m.Account(
            platform=platform,
            name=rec.get("name"),
            account_id=key[1],
            unit=rec.get("unit"),
            certified_entity=rec.get("certified_entity") or None,
            feed_url=rec.get("feed_url") or None,
            profile_url=rec.get("profile_url") or None,
            menu_links=tuple(links),
        )
    if problems:
        return m.Registry()
    return m.Registry(
        units=tuple(units.values()),
        sites=tuple(m.Site(**kw, columns=tuple(columns.get(code, ()))) for code, (_, kw) in sites.items()),
        accounts=tuple(accounts.values()),
    )


READERS = {
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".csv": _read_csv,
    ".yaml": _read_yaml,
    ".yml": _read_yaml,
}


def read_registry(paths: Sequence[Path], known_units: set[str] | None = None) -> m.Registry:
    """Read and validate 底账 files together; raise `RegistryImportError` on any problem."""
    problems: list[Problem] = []
    records: list[Record] = []
    for p in paths:
        reader = READERS.get(p.suffix.lower())
        if reader is None:
            problems.append(Problem(p.name, None, None, "不支持的文件类型（支持 .xlsx、.csv、.yaml）"))
            continue
        if not p.exists():
            problems.append(Problem(str(p), None, None, "文件不存在"))
            continue
        records += reader(p, problems)
    reg = build_registry(records, known_units or set(), problems)
    if problems:
        raise RegistryImportError(problems)
    return reg
