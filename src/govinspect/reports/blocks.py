"""The notice as a list of blocks (heading, paragraph, table …) parsed from rendered template markup.

Templates render a small line-based markup (see templates/README.md); .docx, .html, .md and .xlsx
writers all read the same block list, so every format carries the same content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Run = tuple[str, bool]  # (text, bold)


@dataclass
class Mark:
    text: str
    upper: str = ""


@dataclass
class DocNo:
    text: str


@dataclass
class IssueLine:
    """期号 layout (简报): centred 期号, then issuer flush left and date flush right."""

    issue: str
    left: str = ""
    right: str = ""


@dataclass
class Title:
    text: str


@dataclass
class Recipients:
    text: str


@dataclass
class Heading:
    level: int  # 1 = 一、 (黑体), 2 = （一） (楷体), 3 = 1. (仿宋)
    text: str


@dataclass
class Paragraph:
    runs: list[Run]
    align: str = "indent"  # indent | left | center | right

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class AnnexList:
    items: list[str]


@dataclass
class Signature:
    name: str
    date: str


@dataclass
class Attachment:
    label: str  # 附件1
    title: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # relative column widths
    landscape: bool = False
    name: str = ""  # sheet name for .xlsx


@dataclass
class Chart:
    name: str
    caption: str = ""


@dataclass
class Imprint:
    """版记: 报送/发至/抄送 lines, then 印发机关 and 印发日期."""

    lines: list[str]
    printed_by: str = ""
    printed_date: str = ""


@dataclass
class PageBreak:
    pass


Block = (
    Mark
    | DocNo
    | IssueLine
    | Title
    | Recipients
    | Heading
    | Paragraph
    | AnnexList
    | Signature
    | Attachment
    | Table
    | Chart
    | Imprint
    | PageBreak
)

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_OPTION = re.compile(r"(\w+)=(\S+)")


class MarkupError(ValueError):
    """The rendered template is not valid notice markup."""


def parse_runs(text: str) -> list[Run]:
    """Split `**bold**` spans out of a line."""
    runs: list[Run] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            runs.append((text[pos : m.start()], False))
        runs.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs


def escape_cell(value: object) -> str:
    """Make a value safe inside a `| … |` table row (Jinja filter `cell`)."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "；").strip()


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            cur.append(body[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur).strip())
    return cells


def _pair(rest: str) -> tuple[str, str]:
    left, _, right = rest.partition("|")
    return left.strip(), right.strip()


def parse(markup: str) -> list[Block]:
    """Parse rendered markup into blocks; raises MarkupError with the line number on bad input."""
    blocks: list[Block] = []
    para: list[str] = []
    para_align = "indent"
    table_opts: dict[str, str] | None = None
    table: Table | None = None
    mark_upper = ""

    def flush_para() -> None:
        nonlocal para, para_align
        if para:
            blocks.append(Paragraph(parse_runs("".join(para)), para_align))
        para = []
        para_align = "indent"

    def flush_table() -> None:
        nonlocal table
        if table is not None:
            blocks.append(table)
        table = None

    for lineno, raw in enumerate(markup.splitlines(), 1):
        line = raw.strip()
        if table is not None:
            if line.startswith("|"):
                cells = _split_row(line)
                if all(set(c) <= set("-: ") and c for c in cells):
                    continue  # separator row
                if len(cells) != len(table.header):
                    raise MarkupError(f"第{lineno}行：表格列数 {len(cells)} 与表头 {len(table.header)} 不符")
                table.rows.append(cells)
                continue
            flush_table()
        if not line:
            flush_para()
            continue
        if line.startswith("|"):
            flush_para()
            opts = table_opts or {}
            widths = [float(w) for w in opts["widths"].split(",")] if "widths" in opts else []
            table = Table(
                header=_split_row(line),
                rows=[],
                widths=widths,
                landscape=opts.get("landscape") == "1",
                name=opts.get("name", ""),
            )
            table_opts = None
            continue
        if line.startswith("#"):
            flush_para()
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Heading(min(level, 3), line[level:].strip()))
            continue
        if not line.startswith("@"):
            para.append(line)
            continue
        flush_para()
        word, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        if word == "mark-upper":
            mark_upper = rest
        elif word == "mark":
            blocks.append(Mark(rest, mark_upper))
        elif word == "docno":
            blocks.append(DocNo(rest))
        elif word == "issue":
            issue, tail = _pair(rest)
            left, right = _pair(tail)
            blocks.append(IssueLine(issue, left, right))
        elif word == "title":
            blocks.append(Title(rest))
        elif word == "to":
            blocks.append(Recipients(rest))
        elif word == "annex":
            last = blocks[-1] if blocks else None
            if isinstance(last, AnnexList):
                last.items.append(rest)
            else:
                blocks.append(AnnexList([rest]))
        elif word == "signature":
            name, date = _pair(rest)
            blocks.append(Signature(name, date))
        elif word == "attachment":
            label, title = _pair(rest)
            blocks.append(Attachment(label, title))
        elif word == "table":
            table_opts = {"landscape": "1"} if "landscape" in rest.split() else {}
            table_opts.update(dict(_OPTION.findall(rest)))
        elif word == "chart":
            name, caption = _pair(rest)
            blocks.append(Chart(name, caption))
        elif word in ("center", "left", "right"):
            para_align = word
            para.append(rest)
            flush_para()
        elif word == "imprint":
            imp = _imprint(blocks)
            imp.lines.append(rest)
        elif word == "printed":
            by, date = _pair(rest)
            imp = _imprint(blocks)
            imp.printed_by, imp.printed_date = by, date
        elif word == "pagebreak":
            blocks.append(PageBreak())
        else:
            raise MarkupError(f"第{lineno}行：未知指令 @{word}")
    flush_table()
    flush_para()
    return blocks


def _imprint(blocks: list[Block]) -> Imprint:
    last = blocks[-1] if blocks else None
    if isinstance(last, Imprint):
        return last
    imp = Imprint([])
    blocks.append(imp)
    return imp


def plain_text(blocks: list[Block]) -> str:
    """All text of the blocks, one block per line (for checks and search)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Table):
            out.append("\t".join(b.header))
            out.extend("\t".join(r) for r in b.rows)
        elif isinstance(b, AnnexList):
            out.extend(b.items)
        elif isinstance(b, Signature):
            out.extend([b.name, b.date])
        elif isinstance(b, Attachment):
            out.extend([b.label, b.title])
        elif isinstance(b, Imprint):
            out.extend([*b.lines, b.printed_by, b.printed_date])
        elif isinstance(b, IssueLine):
            out.extend([b.issue, b.left, b.right])
        elif isinstance(b, Mark):
            out.extend([b.upper, b.text])
        elif isinstance(b, Chart | PageBreak):
            continue
        else:
            out.append(b.text)
    return "\n".join(x for x in out if x)
