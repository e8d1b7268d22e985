"""The CLI's Typer app, its global options and the helpers every command group shares.

Each command group lives in its own module of this package and registers itself on `app`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from govinspect import model as m
from govinspect.config import Settings
from govinspect.store import Store

console = Console()
err = Console(stderr=True)


def _localize_help() -> None:
    """Typer's own help strings in Chinese (panel titles, the --help option, usage errors)."""
    import typer.rich_utils as ru

    ru.ARGUMENTS_PANEL_TITLE = "参数"
    ru.OPTIONS_PANEL_TITLE = "选项"
    ru.COMMANDS_PANEL_TITLE = "命令"
    ru.ERRORS_PANEL_TITLE = "错误"
    ru.ABORTED_TEXT = "已中止。"
    ru.DEFAULT_STRING = "[默认：{}]"
    ru.REQUIRED_LONG_STRING = "[必填]"
    ru.ENVVAR_STRING = "[环境变量：{}]"
    ru.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    try:
        from typer._click.core import Command
        from typer._click.formatting import HelpFormatter
    except ImportError:  # older typer: keep click's English text for --help
        return
    write_usage = HelpFormatter.write_usage

    def write_usage_zh(self: HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    HelpFormatter.write_usage = write_usage_zh  # type: ignore[method-assign]
    original = Command.get_help_option

    def get_help_option(self: Command, ctx: typer.Context) -> object:
        opt = original(self, ctx)
        if opt is not None:
            opt.help = "显示本帮助并退出。"
        return opt

    Command.get_help_option = get_help_option  # type: ignore[method-assign,assignment]


_localize_help()

app = typer.Typer(
    help="govinspect：政府网站与政务新媒体检查工具。按检查指标抓取、判定、跟踪整改并生成通报。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

_state: dict[str, Settings] = {}


@app.callback()
def _main(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="数据目录（默认 ./data，或环境变量 GOVINSPECT_DATA_DIR）"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="数据库地址（默认数据目录下的 SQLite；或 GOVINSPECT_DATABASE_URL）"),
    ] = None,
) -> None:
    settings = Settings()
    if data_dir is not None:
        settings.data_dir = data_dir
    if db is not None:
        settings.database_url = db
    _state["settings"] = settings


def current_settings() -> Settings:
    return _state.get("settings") or Settings()


def open_store() -> Store:
    store = Store(current_settings().db_url())
    store.migrate()
    return store


def fail(message: str) -> typer.Exit:
    err.print(f"[bold red]错误：[/]{message}")
    return typer.Exit(code=1)


def get_round(store: Store, name: str) -> m.Round:
    from govinspect.store import StoreError

    try:
        return store.get_round(name)
    except StoreError as e:
        raise fail(str(e)) from None


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


def print_files(title: str, files: list[Path]) -> None:
    console.print(title)
    for f in files:
        console.print(f"  {f}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。再次运行同一命令会从中断处继续。")
        sys.exit(130)
