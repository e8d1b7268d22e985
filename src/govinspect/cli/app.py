"""The CLI's Typer app, its global options and the helpers every command group shares.

Each command group lives in its own module of this package and registers itself on `app`
(sub-groups are made with `group()`). Every command runs inside one error handler: a user
error ends in one Chinese line and exit code 1 (130 for Ctrl-C); `--debug` adds the traceback.
Consoles print without rich markup, so data such as a cell holding `[/bold]` prints as is.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.rich_utils as ru
from rich.console import Console
from rich.text import Text
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from govinspect import model as m
from govinspect.cli.errors import chinese_usage, explain
from govinspect.config import Settings
from govinspect.errors import UserError
from govinspect.jobs.rounds import check_profile as check_profile  # shared with the platform
from govinspect.jobs.rounds import check_units as check_units
from govinspect.jobs.rounds import parse_day as parse_day
from govinspect.store import Store

console = Console(markup=False, soft_wrap=True)
err = Console(stderr=True, markup=False, highlight=False)

# Typer's own help strings in Chinese, through its documented module constants.
ru.ARGUMENTS_PANEL_TITLE = "参数"
ru.OPTIONS_PANEL_TITLE = "选项"
ru.COMMANDS_PANEL_TITLE = "命令"
ru.ERRORS_PANEL_TITLE = "错误"
ru.ABORTED_TEXT = "已中止。"
ru.DEFAULT_STRING = "[默认：{}]"
ru.REQUIRED_LONG_STRING = "[必填]"
ru.ENVVAR_STRING = "[环境变量：{}]"
ru.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"

HELP_OPTION_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："


try:
    from typer._click.core import Command as ClickCommand
    from typer._click.exceptions import UsageError
except ImportError:  # a typer without the vendored click
    from click.core import Command as ClickCommand  # type: ignore[assignment]
    from click.exceptions import UsageError  # type: ignore[assignment]


def _chinese_context_class() -> type[typer.Context]:
    """A Context whose help formatter writes the usage line as “用法：” (click's formatter_class hook)."""
    try:
        from typer._click.formatting import HelpFormatter
    except ImportError:  # a typer without the vendored click: click's own formatter
        from click.formatting import HelpFormatter  # type: ignore[assignment]

    class ChineseFormatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    class ChineseContext(typer.Context):
        formatter_class = ChineseFormatter

    return ChineseContext


CONTEXT_CLASS = _chinese_context_class()


OUTPUT_PARAMS = frozenset({"out", "out_dir", "output"})


def _files_named(ctx: typer.Context) -> list[str]:
    """The files a command was given (its Path parameters), to name them in an error line."""
    out: list[str] = []
    for name, value in ctx.params.items():
        if name in OUTPUT_PARAMS:
            continue
        for v in value if isinstance(value, list | tuple) else [value]:
            if isinstance(v, Path):
                out.append(str(v))
    return out


@contextmanager
def _chinese_usage_errors() -> Iterator[None]:
    """Usage errors (missing argument, unknown option …) re-raised in Chinese for typer to print."""
    try:
        yield
    except UsageError as exc:
        raise UsageError(chinese_usage(exc.format_message()), ctx=exc.ctx) from None


@contextmanager
def _user_errors(ctx: typer.Context) -> Iterator[None]:
    """Run a command; any exception but typer's own exits and usage errors ends in one Chinese line."""
    try:
        with _chinese_usage_errors():
            yield
    except (typer.Exit, typer.Abort, UsageError):
        raise
    except Exception as exc:
        _report(exc, _files_named(ctx))
    except KeyboardInterrupt as exc:
        _report(exc, [])


def _report(exc: BaseException, files: list[str]) -> None:
    message, code = explain(exc, files)
    if _state.get("debug"):
        traceback.print_exception(exc, file=sys.stderr)
    err.print(Text.assemble(("错误：", "bold red") if code != 130 else "", message), soft_wrap=True)
    raise typer.Exit(code=code) from None


class _Chinese(ClickCommand):
    """Chinese help, Chinese usage errors and the shared error handler, for commands and groups alike."""

    context_class = CONTEXT_CLASS

    def get_help_option(self, ctx: Any) -> Any:
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = HELP_OPTION_TEXT
        return opt

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _chinese_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _user_errors(ctx):
            return super().invoke(ctx)


class ChineseCommand(_Chinese, TyperCommand):
    """A command (`govinspect init`, `govinspect round run` …)."""


class ChineseGroup(_Chinese, TyperGroup):
    """A command group (`govinspect`, `govinspect round` …); its handler also covers the global options."""


class ChineseTyper(typer.Typer):
    """typer.Typer whose groups and commands default to the Chinese classes above."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ChineseGroup)
        kwargs.setdefault("no_args_is_help", True)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", ChineseCommand)
        return super().command(*args, **kwargs)


def group(help: str) -> ChineseTyper:
    """A command group (`govinspect round …`) with Chinese help and error handling."""
    return ChineseTyper(help=help)


app = ChineseTyper(
    help="govinspect：政府网站与政务新媒体检查工具。按检查指标抓取、判定、跟踪整改并生成通报。",
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {}


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
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的调用栈（供开发人员排查）")] = False,
) -> None:
    _state["debug"] = debug
    settings = Settings()
    _state["data_dir_given"] = data_dir is not None or "GOVINSPECT_DATA_DIR" in os.environ
    if data_dir is not None:
        settings.data_dir = data_dir
    if db is not None:
        settings.database_url = db
    _state["settings"] = settings


def current_settings() -> Settings:
    settings = _state.get("settings")
    return settings if isinstance(settings, Settings) else Settings()


def data_dir_given() -> bool:
    """Whether the user chose the data directory (--data-dir or GOVINSPECT_DATA_DIR)."""
    return bool(_state.get("data_dir_given"))


def open_store(*, create: bool = False) -> Store:
    """The store of the data directory; only `init` (create=True) makes a new SQLite database.

    Any other command given a data directory without a database is refused, so that a mistyped
    --data-dir never starts an empty registry silently.
    """
    settings = current_settings()
    db_file = None if settings.database_url else settings.data_dir / "govinspect.db"
    if db_file is not None and not db_file.exists() and not create:
        raise fail(
            f"数据目录“{settings.data_dir}”中还没有数据库；请先运行 govinspect init，"
            "或用 --data-dir 指定已有的数据目录"
        )
    store = Store(settings.db_url())
    store.migrate()
    return store


def fail(message: str) -> UserError:
    """The error to raise for a user's mistake; the handler prints `message` as one line."""
    return UserError(message)


def get_round(store: Store, name: str) -> m.Round:
    """The round named on the command line; an unknown name is refused in Chinese."""
    from govinspect.store import StoreError

    try:
        return store.get_round(name)
    except StoreError as e:
        raise fail(str(e)) from None


def existing_file(path: Path) -> Path:
    """An input file that exists and is a file, checked before anything is written."""
    if not path.exists():
        raise fail(f"找不到文件“{path}”")
    if not path.is_file():
        raise fail(f"“{path}”不是文件")
    return path


def read_host_map(path: Path | None) -> dict[str, str] | None:
    """The --host-map file: a JSON object from host name to 127.x.y.z:port."""
    if path is None:
        return None
    try:
        data = json.loads(existing_file(path).read_text(encoding="utf-8"))
    except (UnicodeError, json.JSONDecodeError):
        raise fail(f'主机映射文件“{path}”不是有效的 JSON（应为 {{"域名": "127.0.0.1:端口"}}）') from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in data.items()
    ):
        raise fail(f'主机映射文件“{path}”应为 JSON 对象：{{"域名": "127.0.0.1:端口"}}')
    return data


def print_files(title: str, files: list[Path]) -> None:
    console.print(title)
    for f in files:
        console.print(f"  {f}")


def main() -> None:
    """The `govinspect` entry point; Ctrl-C outside a command (e.g. while starting) also ends cleanly."""
    try:
        app()
    except KeyboardInterrupt:
        err.print(explain(KeyboardInterrupt())[0])
        sys.exit(130)
