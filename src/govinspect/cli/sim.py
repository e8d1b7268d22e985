"""`govinspect sim`: simulated jurisdictions served on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    console,
    existing_file,
    group,
)

sim_app = group(help="仿真：在本机回环地址上模拟一个辖区的政府网站与政务新媒体。")
app.add_typer(sim_app, name="sim")


@sim_app.command("serve")
def sim_serve(
    scenario: Annotated[Path, typer.Argument(help="场景文件（YAML）")],
    port: Annotated[int, typer.Option("--port", help="监听端口（127.0.0.1）")] = 8080,
) -> None:
    """在 127.0.0.1 上按真实域名提供场景中的全部站点与订阅源，并打印域名映射。"""
    from govinspect.sim.commands import serve

    serve(existing_file(scenario), port=port)


@sim_app.command("export")
def sim_export(
    scenario: Annotated[Path, typer.Argument(help="场景文件（YAML）")],
    out: Annotated[Path, typer.Argument(help="输出目录")],
) -> None:
    """把场景中的静态站点写到目录（附 nginx 配置、标准答案），供基准测试使用。"""
    from govinspect.sim.commands import export

    counts = export(existing_file(scenario), out)
    console.print(f"已导出 {len(counts)} 个站点，共 {sum(counts.values())} 个文件：{out}")


@sim_app.command("registry")
def sim_registry(
    scenario: Annotated[Path, typer.Argument(help="场景文件（YAML）")],
    out: Annotated[Path, typer.Argument(help="输出的台账 .xlsx")],
) -> None:
    """生成场景对应的台账（单位、网站底账、栏目、政务新媒体底账）。"""
    from govinspect.registry import write_registry_xlsx
    from govinspect.sim.commands import world_of

    write_registry_xlsx(world_of(existing_file(scenario)).registry(), out)
    console.print(f"已写出台账：{out}")
