"""The office's own ledgers (台账) of a round — 整改报告报送, 依申请公开, 县长信箱 — read from one
XLSX/XLS (or a CSV holding one of them) all-or-nothing and turned into the notice's sections.

Sheets are known by their title (整改报告报送, 依申请公开, 县长信箱 …) or else by their headings;
the header row is found by `govinspect.tables`:
- 整改报告报送: 单位, 是否报送 and/or 报送日期; above the table an optional header block of
  `通知名称 | …`, `下发日期 | …`, `报送截止日期 | …`, `截至日期 | …`, `情况说明截止日期 | …`.
- 依申请公开: 单位, 收到日期, 答复日期, 是否引起复议/诉讼 (optional 申请事项).
- 县长信箱: 单位, 收到, 已回复 (optional 超期): replaces the letters read off the crawled sites.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from govinspect.calendar import add_workdays
from govinspect.tables import Field, ImportRefused, Layout, Problem, Table, cell_text, read_tables

WHAT = "台账"
RECTIFICATION = "rectification"
RECTIFICATION_NOTICE = "rectification_notice"
APPLICATIONS = "applications"
MAILBOX = "mailbox"
KINDS = (RECTIFICATION, RECTIFICATION_NOTICE, APPLICATIONS, MAILBOX)
APPLICATION_WORKDAYS = 20  # 政府信息公开条例第三十三条：收到申请之日起20个工作日内答复

# field key → accepted headings (first is the one named in errors)
LAYOUTS: dict[str, Layout] = {
    RECTIFICATION: Layout(
        RECTIFICATION,
        (
            Field("unit", ("单位", "单位名称", "责任单位"), required=True),
            Field("submitted", ("是否报送", "报送情况")),
            Field("submitted_on", ("报送日期", "报送时间")),
        ),
    ),
    APPLICATIONS: Layout(
        APPLICATIONS,
        (
            Field("unit", ("单位", "单位名称", "办理单位"), required=True),
            Field("received", ("收到日期", "收到申请日期", "申请日期", "收到时间"), required=True),
            Field("answered", ("答复日期", "答复时间", "回复日期")),
            Field(
                "review",
                ("是否引起复议/诉讼", "是否引起复议或诉讼", "是否引起行政复议", "引起复议/诉讼", "复议诉讼"),
            ),
            Field("subject", ("申请事项", "申请内容")),
        ),
    ),
    MAILBOX: Layout(
        MAILBOX,
        (
            Field("unit", ("单位", "单位名称"), required=True),
            Field("received", ("收到", "收到件数", "收到信件"), required=True),
            Field("replied", ("已回复", "回复件数", "已回复件数"), required=True),
            Field("overdue", ("超期", "超期回复", "超期件数")),
        ),
    ),
}
SHEET_KINDS = {
    "整改报告报送": RECTIFICATION,
    "整改报告": RECTIFICATION,
    "依申请公开": APPLICATIONS,
    "县长信箱": MAILBOX,
    "市长信箱": MAILBOX,
    "领导信箱": MAILBOX,
}
NOTICE_KEYS = {
    "title": ("通知名称", "整改通知", "通知标题"),
    "date": ("下发日期", "通知日期", "印发日期"),
    "due": ("报送截止日期", "整改报告报送截止", "报送期限", "截止日期"),
    "as_of": ("截至日期", "统计截至"),
    "explain_by": ("情况说明截止日期", "情况说明报送期限"),
}
YES = {"是", "已报送", "已报", "有", "√", "1", "true", "yes", "y"}
NO = {"否", "未报送", "未报", "无", "×", "0", "false", "no", "n", ""}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?$")


def parse_date(v: Any) -> dt.date | None:
    """A date cell: Excel date, 2021-09-01, 2021/9/1, 2021.9.1 or 2021年9月1日; None when blank."""
    if v is None or cell_text(v) == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    mt = _DATE_RE.match(cell_text(v))
    if not mt:
        raise ValueError(f"“{cell_text(v)}”不是有效日期")
    try:
        return dt.date(int(mt[1]), int(mt[2]), int(mt[3]))
    except ValueError:
        raise ValueError(f"“{cell_text(v)}”不是有效日期") from None


def _count(v: Any) -> int:
    t = cell_text(v)
    if t == "":
        return 0
    if not t.isdigit():
        raise ValueError(f"“{t}”不是非负整数")
    return int(t)


def _yes(v: Any) -> bool:
    t = cell_text(v).lower()
    if t in YES:
        return True
    if t in NO:
        return False
    raise ValueError(f"“{cell_text(v)}”应为“是”或“否”")


def read_ledger_file(
    path: str | Path, notice: dict[str, Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Read every ledger table of the file into JSON-ready rows per kind; all-or-nothing.

    `notice` gives or overrides the 整改通知 fields (title, date, due, as_of, explain_by).
    """
    by_name = {title: LAYOUTS[kind] for title, kind in SHEET_KINDS.items()}
    tables = read_tables(Path(path), list(LAYOUTS.values()), what=WHAT, by_sheet_name=by_name)
    problems: list[Problem] = []
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        kind = table.layout.kind
        if kind in out:
            problems.append(table.problem("与前面的工作表是同一类台账，请合并为一张"))
            continue
        out.update(_read_table(table, problems))
    if RECTIFICATION in out:
        table = next(t for t in tables if t.layout.kind == RECTIFICATION)
        meta = {**out.get(RECTIFICATION_NOTICE, [{}])[0]}
        for k, v in (notice or {}).items():
            if v is not None:
                meta[k] = v.isoformat() if isinstance(v, dt.date) else v
        for k in ("title", "date", "due"):
            if not meta.get(k):
                problems.append(
                    Problem(
                        table.file,
                        "缺少整改通知信息（表头区或命令行选项）",
                        table.sheet,
                        None,
                        NOTICE_KEYS[k][0],
                    )
                )
        out[RECTIFICATION_NOTICE] = [meta]
    if problems:
        raise ImportRefused(problems, WHAT)
    return out


def _notice_block(table: Table, problems: list[Problem]) -> dict[str, Any]:
    """The 整改通知 fields written above the 整改报告报送 table (`通知名称 | …` rows)."""
    meta: dict[str, Any] = {}
    for number, row in enumerate(table.above, start=1):
        texts = [cell_text(c) for c in row]
        key = next((k for k, names in NOTICE_KEYS.items() if texts and texts[0].rstrip("：:") in names), None)
        if key is None:
            continue
        value = next((c for c in row[1:] if cell_text(c)), None)
        if key == "title":
            meta[key] = cell_text(value).strip("《》")
            continue
        try:
            day = parse_date(value)
        except ValueError as e:
            problems.append(Problem(table.file, str(e), table.sheet, number, texts[0]))
            continue
        if day:
            meta[key] = day.isoformat()
    return meta


def _read_table(table: Table, problems: list[Problem]) -> dict[str, list[dict[str, Any]]]:
    kind = table.layout.kind
    if kind == RECTIFICATION and not {"submitted", "submitted_on"} & set(table.columns):
        problems.append(table.problem("缺少该列（或“报送日期”列）", "submitted", table.header_row))
        return {}
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        unit = row.text("unit")
        if not unit:
            problems.append(row.problem("unit", "不能为空"))
            continue
        rec: dict[str, Any] = {"unit": unit}
        for key, raw in row.values.items():
            if key == "unit":
                continue
            try:
                if key in ("received", "answered", "submitted_on") and kind != MAILBOX:
                    day = parse_date(raw)
                    if day is None and key == "received":
                        raise ValueError("不能为空")
                    rec[key] = day.isoformat() if day else None
                elif key in ("submitted", "review"):
                    rec[key] = _yes(raw)
                elif key == "subject":
                    rec[key] = cell_text(raw)
                else:
                    rec[key] = _count(raw)
            except ValueError as e:
                problems.append(row.problem(key, str(e)))
        if kind == RECTIFICATION:
            rec["submitted"] = bool(rec.get("submitted") or rec.get("submitted_on"))
            if unit in seen:
                problems.append(row.problem("unit", f"单位与第 {seen[unit]} 行重复"))
            seen[unit] = row.number
        answered, received = rec.get("answered"), rec.get("received")
        if kind == APPLICATIONS and answered and received and answered < received:
            problems.append(row.problem("answered", "早于收到日期"))
        if kind == MAILBOX and rec.get("replied", 0) > rec.get("received", 0):
            problems.append(row.problem("replied", "已回复件数多于收到件数"))
        out.append(rec)
    got = {kind: out}
    if kind == RECTIFICATION:
        got[RECTIFICATION_NOTICE] = [_notice_block(table, problems)]
    return got


def import_ledger(
    store: Any, round_name: str, path: str | Path, notice: dict[str, Any] | None = None
) -> dict[str, int]:
    """Read the file and replace the round's ledgers of the kinds it holds; rows written per kind."""
    ledgers = read_ledger_file(path, notice)
    store.get_round(round_name)  # StoreError (Chinese) when the round does not exist
    store.save_ledgers(round_name, ledgers)
    return {k: len(v) for k, v in ledgers.items() if k != RECTIFICATION_NOTICE}


# -- ledgers → notice sections --------------------------------------------------------


def _day(v: Any) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def rectification_status(
    rows: list[dict[str, Any]], notice: list[dict[str, Any]], as_of: dt.date
) -> Any | None:
    """整改报告报送情况: the units that did not submit their 整改报告 by the notice's deadline."""
    from govinspect.reports.data import RectificationStatus

    if not rows or not notice:
        return None
    meta = notice[0]
    due = _day(meta.get("due"))
    if not meta.get("title") or due is None or _day(meta.get("date")) is None:
        return None

    def submitted(r: dict[str, Any]) -> bool:
        on = _day(r.get("submitted_on"))
        return bool(r.get("submitted")) and (on is None or on <= due)

    return RectificationStatus(
        notice_title=str(meta["title"]),
        notice_date=_day(meta["date"]),  # type: ignore[arg-type]
        due=due,
        as_of=_day(meta.get("as_of")) or as_of,
        missing_units=tuple(dict.fromkeys(r["unit"] for r in rows if not submitted(r))),
        explain_by=_day(meta.get("explain_by")),
    )


def application_stats(rows: list[dict[str, Any]], as_of: dt.date, period: str = "今年") -> Any | None:
    """依申请公开: answered within 20 working days of receipt counts as on time (条例第三十三条)."""
    from govinspect.reports.data import ApplicationStats

    rows = [r for r in rows if (_day(r.get("received")) or as_of) <= as_of]
    if not rows:
        return None
    on_time, late = 0, []
    for r in rows:
        received = _day(r["received"])
        assert received is not None
        due = add_workdays(received, APPLICATION_WORKDAYS)
        answered = _day(r.get("answered"))
        if answered is not None and answered <= due:
            on_time += 1
        elif answered is not None or as_of > due:
            late.append(r["unit"])
    return ApplicationStats(
        received=len(rows),
        answered_on_time=on_time,
        late_units=tuple(dict.fromkeys(late)),
        reviews=sum(1 for r in rows if r.get("review")),
        period=period,
    )


def mailbox_rows(rows: list[dict[str, Any]]) -> list[Any]:
    """县长信箱 kept by hand: one MailboxRow per ledger line (units merged)."""
    from govinspect.reports.data import MailboxRow

    merged: dict[str, Any] = {}
    for r in rows:
        row = merged.setdefault(r["unit"], MailboxRow(unit=r["unit"], received=0, replied=0))
        row.received += int(r.get("received") or 0)
        row.replied += int(r.get("replied") or 0)
        row.overdue += int(r.get("overdue") or 0)
    return list(merged.values())
