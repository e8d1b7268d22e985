"""Read 底账 files (XLSX, XLS, CSV, YAML) into a Registry, all-or-nothing.

Sheets are read by `govinspect.tables`; every problem is collected with file, sheet, row and
column, and if there is any, nothing is returned and `ImportRefused` lists them all in Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from govinspect import model as m
from govinspect.crawl.settings import CrawlSettings
from govinspect.registry.layout import LIST_SEPARATORS, SHEET_TITLES, SHEETS, Sheet
from govinspect.registry.urls import hostport_problem, path_prefix_problem, url_problem
from govinspect.tables import TABLE_SUFFIXES, ImportRefused, Problem, decode_text, read_tables

WHAT = "底账"  # 底账导入失败 …
SITE_CODE_RE = re.compile(r"^[A-Za-z0-9]{4,20}$")
FORMER_NAME_RE = re.compile(r"^(?P<name>[^（(]+)[（(](?P<date>\d{4}-\d{1,2}-\d{1,2})[)）]$")
YES = {"有", "是", "1", "true", "yes", "y"}
NO = {"无", "否", "0", "false", "no", "n"}
YAML_SUFFIXES = (".yaml", ".yml")
STATUS_ALIASES = {
    "正常": m.SiteStatus.RUNNING,
    "例外": m.SiteStatus.REVAMP,
    "整合迁移": m.SiteStatus.MIGRATED,
}


@dataclass
class Cell:
    """A value with where it came from, so later checks can name its row and column."""

    value: str
    row: int | None
    column: str | None  # heading in a sheet; None in a YAML file (the field's key is named instead)


@dataclass
class Record:
    sheet: Sheet
    file: str
    sheet_name: str | None
    row: int | None
    cells: dict[str, Cell] = field(default_factory=dict)
    from_yaml: bool = False

    def get(self, key: str) -> str:
        c = self.cells.get(key)
        return c.value if c else ""

    def problem(self, key: str, message: str) -> Problem:
        c = self.cells.get(key)
        if self.from_yaml:
            return Problem(self.file, f"字段 {key}：{message}", None, c.row if c else self.row)
        column = c.column if c else self.sheet.field(key).headings[0]
        return Problem(self.file, message, self.sheet_name, c.row if c else self.row, column)


def _read_table_file(path: Path, problems: list[Problem]) -> list[Record]:
    """Records of every sheet of an XLSX/XLS/CSV 底账; sheets are recognised by their headings."""
    try:
        tables = read_tables(path, SHEETS, what=WHAT, by_sheet_name=SHEET_TITLES)
    except ImportRefused as e:
        problems += e.problems
        return []
    out: list[Record] = []
    for table in tables:
        sheet = next(s for s in SHEETS if s is table.layout)
        for row in table.rows:
            rec = Record(sheet, table.file, table.sheet, row.number)
            for key in table.columns:
                rec.cells[key] = Cell(row.text(key), row.number, table.heading(key))
            out.append(rec)
    return out


def _read_yaml(path: Path, problems: list[Problem]) -> list[Record]:
    """YAML 台账: top-level lists units / sites / accounts (sites may hold columns)."""
    text = decode_text(path.read_bytes())
    if text is None:
        problems.append(Problem(path.name, "无法识别文件编码，请另存为 UTF-8 编码"))
        return []
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        why = getattr(e, "problem", None) or "无法解析"
        problems.append(Problem(path.name, f"YAML 格式错误（{why}）", None, mark.line + 1 if mark else None))
        return []
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem(path.name, "YAML 底账应为映射，包含 units / sites / accounts", None, 1))
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
                    f"未知的顶层键“{kind}”（应为 units / sites / accounts）",
                    None,
                    key_node.start_mark.line + 1,
                )
            )
            continue
        for item in val_node.value:
            out += _yaml_item(path.name, sheets[kind], item, sheets, problems)
    if not any(k.value in ("units", "sites", "accounts") for k, _ in root.value):
        problems.append(
            Problem(path.name, "YAML 底账中没有 units、sites 或 accounts，未能识别为底账", None, 1)
        )
    return out


def _yaml_item(
    file: str, sheet: Sheet, node: yaml.Node, sheets: dict[str, Sheet], problems: list[Problem]
) -> list[Record]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(file, "此处应为一条记录（键: 值）", None, line))
        return []
    rec = Record(sheet, file, None, line, from_yaml=True)
    known = {f.key: f for f in sheet.fields}
    extra: list[Record] = []
    for k, v in node.value:
        key, vline = k.value, v.start_mark.line + 1
        if sheet.kind == "sites" and key == "columns" and isinstance(v, yaml.SequenceNode):
            for cnode in v.value:
                sub = _yaml_item(file, sheets["columns"], cnode, sheets, problems)
                for r in sub:
                    r.cells["site"] = Cell(str(_scalar(node, "code")), r.row, None)
                extra += sub
            continue
        if sheet.kind == "sites" and key == "crawl":
            rec.cells["crawl"] = Cell(yaml.safe_dump(yaml.safe_load(yaml.serialize(v))), vline, None)
            continue
        if key not in known:
            problems.append(Problem(file, f"字段 {key}：未知字段", None, k.start_mark.line + 1))
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
        rec.cells[key] = Cell(val, vline, None)
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


def _check_url(rec: Record, key: str, url: str, what: str, problems: list[Problem]) -> bool:
    """Append a problem when `url` is not a usable http(s) address; True when it is fine."""
    reason = url_problem(url)
    if reason:
        problems.append(rec.problem(key, f"{what}“{url}”不正确：{reason}"))
    return reason is None


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
        url_ok = _check_url(rec, "home_url", url, "首页网址", problems)
        hosts = _split(rec.get("extra_hosts"))
        for h in hosts:
            if reason := hostport_problem(h):
                problems.append(rec.problem("extra_hosts", f"其他域名“{h}”不正确：{reason}"))
        prefix = rec.get("path_prefix") or "/"
        if reason := path_prefix_problem(prefix):
            problems.append(rec.problem("path_prefix", reason))
        elif url_ok and not (urlsplit(url).path or "/").startswith(prefix):
            problems.append(rec.problem("path_prefix", f"首页网址不在路径前缀“{prefix}”之下"))
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
                status=_enum(rec, "status", m.SiteStatus, m.SiteStatus.RUNNING, problems, STATUS_ALIASES),
                extra_hosts=tuple(hosts),
                path_prefix=prefix,
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
        if not _check_url(rec, "url", url, "栏目地址", problems):
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
        for k, what in (("feed_url", "订阅地址"), ("profile_url", "主页地址")):
            if rec.get(k):
                _check_url(rec, k, rec.get(k), what, problems)
        links = _split(rec.get("menu_links"))
        for link in links:
            _check_url(rec, "menu_links", link, "菜单链接", problems)
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


def read_registry(paths: Sequence[Path], known_units: set[str] | None = None) -> m.Registry:
    """Read and validate 底账 files together; raise `ImportRefused` naming every problem."""
    problems: list[Problem] = []
    records: list[Record] = []
    for p in paths:
        if p.suffix.lower() in YAML_SUFFIXES and p.is_file():
            records += _read_yaml(p, problems)
        elif p.suffix.lower() in YAML_SUFFIXES or p.suffix.lower() in TABLE_SUFFIXES or not p.is_file():
            records += _read_table_file(p, problems)  # also says “文件不存在”
        else:
            kinds = "、".join((*TABLE_SUFFIXES, *YAML_SUFFIXES))
            problems.append(Problem(p.name, f"不支持的文件类型“{p.suffix or '无扩展名'}”（支持 {kinds}）"))
    reg = build_registry(records, known_units or set(), problems)
    if problems:
        raise ImportRefused(problems, WHAT)
    return reg
