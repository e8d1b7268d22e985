"""`govinspect registry`: import, export and list the 网站底账 and 政务新媒体底账."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect.cli.app import (
    app,
    console,
    group,
    open_store,
)

registry_app = group(help="网站底账与政务新媒体底账：导入、导出、查看。")
app.add_typer(registry_app, name="registry")


@registry_app.command("import")
def registry_import(
    files: Annotated[
        list[Path], typer.Argument(help="底账文件（.xlsx / .xls / .csv / .yaml），可一次导入多个")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只列出将新增、修改和删除的内容，不写入任何数据")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="以本次文件为准：删除底账中有而文件中没有的单位、网站、栏目和账号（先列出再删除）",
        ),
    ] = False,
) -> None:
    """导入底账。任何一处有误则整批不导入，并指出文件、工作表、行和列。重复导入只更新，不会重复。"""
    from govinspect.jobs.registry_changes import apply_registry_import, plan_registry_import

    store = open_store()
    imp = plan_registry_import(store, files, replace=replace)
    plan = imp.plan
    if dry_run:
        console.print("试导入（--dry-run），未写入任何数据。导入后底账将有以下变化：", markup=False)
    elif replace:
        console.print("按本次文件替换底账，变化如下：", markup=False)
    else:
        console.print("底账变化：", markup=False)
    for line in plan.summary():
        console.print(line, markup=False, highlight=False)
    if dry_run:
        return
    apply_registry_import(store, imp)
    now = plan.result
    columns = sum(len(s.columns) for s in now.sites)
    console.print(
        f"导入完成。底账现有单位 {len(now.units)} 个，网站 {len(now.sites)} 个，栏目 {columns} 个，"
        f"政务新媒体 {len(now.accounts)} 个。",
        markup=False,
        highlight=False,
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
