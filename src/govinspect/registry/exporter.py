"""Write a Registry back to the XLSX 底账 layout that import reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from govinspect import model as m
from govinspect.registry.layout import ACCOUNTS, COLUMNS, SITES, UNITS, Sheet


def _rows(reg: m.Registry) -> dict[str, list[list[Any]]]:
    return {
        "units": [
            [
                u.name,
                u.kind.value,
                u.parent or "",
                "；".join(f"{f.name}（{f.until.isoformat()}）" for f in u.former_names),
            ]
            for u in reg.units
        ],
        "sites": [
            [
                s.name,
                s.code,
                s.home_url,
                s.unit,
                s.kind.value,
                s.status.value,
                "；".join(s.extra_hosts),
                s.path_prefix,
                s.group or "",
                "有" if s.has_services else "无",
            ]
            for s in reg.sites
        ],
        "columns": [[s.code, c.name, c.url, c.category.value, c.level] for s in reg.sites for c in s.columns],
        "accounts": [
            [
                a.name,
                a.platform.value,
                a.account_id,
                a.unit,
                a.certified_entity or "",
                a.feed_url or "",
                a.profile_url or "",
                "；".join(a.menu_links),
            ]
            for a in reg.accounts
        ],
    }


def write_registry_xlsx(reg: m.Registry, path: Path) -> Path:
    """One sheet per table (单位, 网站底账, 栏目, 政务新媒体底账), styled header, frozen."""
    wb = Workbook()
    wb.remove(wb.active)
    rows = _rows(reg)
    sheet: Sheet
    for sheet in (UNITS, SITES, COLUMNS, ACCOUNTS):
        ws = wb.create_sheet(sheet.title)
        ws.append([f.headings[0] for f in sheet.fields])
        for i, f in enumerate(sheet.fields, start=1):
            c = ws.cell(row=1, column=i)
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="305496")
            c.alignment = Alignment(horizontal="center", vertical="center")
            ws.column_dimensions[get_column_letter(i)].width = f.width
        for r in rows[sheet.kind]:
            ws.append(r)
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
