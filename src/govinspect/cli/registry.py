"""`govinspect registry`: import, export and list the 网站底账 and 政务新媒体底账."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect.cli.app import (
    app,
    console,
    fail,
    group,
    open_store,
)

registry_app = group(help="网站底账与政务新媒体底账：导入、导出、查看。")
app.add_typer(registry_app, name="registry")


@registry_app.command("import")
def registry_import(
    files: Annotated[list[Path], typer.Argument(help="台账文件（.xlsx / .csv / .yaml），可一次导入多个")],
) -> None:
    """导入台账。任何一行有误则整批不导入，并指出文件、行和列。重复导入只更新，不会重复。"""
    from govinspect.registry import RegistryImportError, read_registry

    store = open_store()
    try:
        reg = read_registry(files, known_units=store.unit_names())
    except RegistryImportError as e:
        raise fail(str(e)) from None
    counts = store.save_registry(reg)
    console.print(
        f"导入完成：单位 {counts['units']} 个，网站 {counts['sites']} 个，政务新媒体 {counts['accounts']} 个。"
    )


@registry_app.command("export")
def registry_export(out: Annotated[Path, typer.Argument(help="导出的 .xlsx 文件路径")]) -> None:
    """把当前台账导出为与导入相同版式的 XLSX。"""
    from govinspect.registry import write_registry_xlsx

    write_registry_xlsx(open_store().load_registry(), out)
    console.print(f"已导出：{out}")


@registry_app.command("list")
def registry_list() -> None:
    """列出台账中的网站和政务新媒体。"""
    reg = open_store().load_registry()
    t = Table(title=f"网站（{len(reg.sites)} 个）")
    for h in ("网站标识码", "网站名称", "主办单位", "类型", "状态", "首页网址"):
        t.add_column(h)
    for s in reg.sites:
        t.add_row(s.code, s.name, s.unit, s.kind.value, s.status.value, s.home_url)
    console.print(t)
    t = Table(title=f"政务新媒体（{len(reg.accounts)} 个）")
    for h in ("平台", "账号名称", "账号ID", "主办单位", "认证主体"):
        t.add_column(h)
    for a in reg.accounts:
        t.add_row(a.platform.value, a.name, a.account_id, a.unit, a.certified_entity or "")
    console.print(t)
