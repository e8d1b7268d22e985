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
    data_dir_given,
    existing_file,
    print_files,
)

# How a user opens each kind of file the demo writes.
OPEN_WITH = {
    ".docx": "用 WPS 文字或 Word 打开",
    ".xlsx": "用 WPS 表格或 Excel 打开",
    ".html": "用浏览器打开",
    ".md": "用任意文本编辑器打开",
    ".png": "用看图软件打开",
}


@app.command("demo")
def demo_cmd(
    scenario: Annotated[Path | None, typer.Option("--scenario", help="仿真场景文件")] = None,
) -> None:
    """演示：启动仿真县域站点，导入台账，完整运行一轮检查并生成通报，最后列出报告文件。

    演示只在自己的目录中工作（默认 data/demo；可用 --data-dir 指定一个空目录），
    遇到已有其他数据的目录会拒绝运行，不作任何改动。
    """
    from govinspect.jobs.demo import DEFAULT_DIR, run_demo

    settings = current_settings()
    data = settings.data_dir if data_dir_given() else DEFAULT_DIR
    if settings.database_url:
        console.print("注意：演示只使用演示目录中的 SQLite 数据库，不使用 --db 或 GOVINSPECT_DATABASE_URL。")
    result = asyncio.run(run_demo(data, existing_file(scenario) if scenario else None, console=console))
    print_files("演示完成。报告文件：", result.files)
    console.print("查看方法：")
    suffixes = sorted({f.suffix for f in result.files} & OPEN_WITH.keys())
    for suffix in suffixes:
        console.print(f"  {suffix} 文件：{OPEN_WITH[suffix]}")
    console.print(f"  检查结果：govinspect --data-dir {data} round show {result.round_name}")
    console.print(f"  演示数据都在 {data} 中，可随时删除；再次运行演示会先清空该目录。")
    from govinspect.config import Settings
    from govinspect.web.users import demo_platform_lines

    for line in demo_platform_lines(Settings(data_dir=data)):
        console.print(line)
