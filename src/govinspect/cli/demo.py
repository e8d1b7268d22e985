"""`govinspect demo`: a whole inspection of a simulated county, from registry to notice."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    console,
    current_settings,
    print_files,
)


@app.command("demo")
def demo_cmd(
    scenario: Annotated[Path | None, typer.Option("--scenario", help="仿真场景文件")] = None,
) -> None:
    """演示：启动仿真县域站点，导入台账，完整运行一轮检查并生成通报，最后列出报告文件。"""
    from govinspect.jobs.demo import run_demo

    files = asyncio.run(run_demo(current_settings(), scenario, console=console))
    print_files("[bold green]演示完成。[/]报告文件：", files)
