"""Turn any exception a command raises into the one Chinese line the user reads, and an exit code.

Errors the user can fix (bad files, unknown names, settings) become a line naming the file or
the name concerned; anything else is an internal error with a hint to rerun with `--debug`.
"""

from __future__ import annotations

import csv
import errno
import json
import re
import zipfile
from collections.abc import Sequence

import yaml

from govinspect.errors import UserError

CJK = re.compile(r"[\u3400-\u9fff]")
INTERRUPTED = "已中断，重新运行即可续跑"
INTERRUPTED_CODE = 130


def _where(files: Sequence[str]) -> str:
    return f"读取“{'”“'.join(files)}”时出错：" if files else ""


ERRNO_TEXT = {
    errno.EADDRINUSE: "端口已被占用，请换一个端口（--port）或先停止占用它的程序",
    errno.ENOSPC: "磁盘空间不足，请清理后重新运行",
    errno.EROFS: "目录只读，无法写入",
    errno.ECONNREFUSED: "连接被拒绝，请检查数据库或服务是否已启动",
}


def _os_error(exc: OSError) -> str:
    name = exc.filename or ""
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件或目录“{name}”"
    if isinstance(exc, IsADirectoryError):
        return f"“{name}”是目录，应为文件"
    if isinstance(exc, NotADirectoryError):
        return f"“{name}”不是目录"
    if isinstance(exc, PermissionError):
        return f"没有权限读写“{name}”"
    if isinstance(exc, FileExistsError):
        return f"“{name}”已存在"
    if exc.errno in ERRNO_TEXT:
        return ERRNO_TEXT[exc.errno] + (f"（“{name}”）" if name else "")
    what = f"“{name}”" if name else "文件或网络"
    return f"读写{what}失败（{exc.strerror or exc}）"


# pydantic model → what the user calls the settings it validates
# pydantic error type → what it means to someone editing the file
PYDANTIC_MESSAGES = {
    "extra_forbidden": "没有这个设置项（名称可能写错了）",
    "missing": "缺少这一项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字",
    "list_type": "应为列表，如 [a, b]",
    "dict_type": "应为“键: 值”的映射",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
}
SETTINGS_NAMES = {"OfficeConfig": "办公室设置 office.yaml", "Settings": "运行设置（环境变量 GOVINSPECT_*）"}


def _pydantic_error(exc: ValueError) -> str | None:
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return None
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first.get("loc", ())) or "（顶层）"
    more = f"（另有 {exc.error_count() - 1} 处）" if exc.error_count() > 1 else ""
    what = SETTINGS_NAMES.get(exc.title, "设置")
    known = PYDANTIC_MESSAGES.get(first.get("type", ""))
    why = known.format(**first.get("ctx", {})) if known else first.get("msg", "")
    return f"{what} 中的 {loc} 有误：{why}{more}"


def explain(exc: BaseException, files: Sequence[str] = ()) -> tuple[str, int]:
    """The Chinese line and exit code for `exc`; `files` are the input files the command named."""
    if isinstance(exc, KeyboardInterrupt):
        return INTERRUPTED, INTERRUPTED_CODE
    if isinstance(exc, UserError):
        return str(exc).strip() or type(exc).__name__, exc.exit_code
    where = _where(files)
    if isinstance(exc, csv.Error):
        if "field larger than field limit" in str(exc):
            return f"{where}CSV 文件中有单元格内容过长（超过 {csv.field_size_limit()} 个字符）", 1
        return f"{where}不是有效的 CSV 文件（{_one_line(str(exc))}）", 1
    if isinstance(exc, UnicodeError):
        return f"{where}文件编码无法识别，请另存为 UTF-8（或 GBK）编码的文本", 1
    if isinstance(exc, OSError):
        return _os_error(exc), 1
    if isinstance(exc, json.JSONDecodeError):
        return f"{where}不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列有误）", 1
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        at = f"（第 {mark.line + 1} 行第 {mark.column + 1} 列）" if mark is not None else ""
        return f"{where}不是有效的 YAML{at}", 1
    if isinstance(exc, zipfile.BadZipFile) or type(exc).__name__ == "InvalidFileException":
        return f"{where}不是有效的 Excel 文件（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后重试", 1
    text = _one_line(str(exc))
    settings = _pydantic_error(exc) if isinstance(exc, ValueError) else None
    if settings:
        return _one_line(settings), 1
    if isinstance(exc, ValueError | LookupError | TypeError) and CJK.search(text):
        return f"{where}{text}", 1
    if isinstance(exc, ValueError):
        return f"{where}内容无法识别（{text}）", 1
    return f"内部错误（{type(exc).__name__}：{text}）。请加 --debug 重新运行查看详细信息，并报告此问题", 1


def _one_line(text: str, limit: int = 300) -> str:
    """Whitespace collapsed and long texts cut, so that a message stays one readable line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# click's usage messages (English, with no translation hook) → Chinese; unknown ones keep their text
USAGE_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument (.+?)\.(?: .*)?$", re.S), r"缺少参数 \1"),
    (re.compile(r"^Missing option (.+?)\.(?: .*)?$", re.S), r"缺少选项 \1"),
    (re.compile(r"^Missing parameter:? (.+?)\.?$", re.S), r"缺少参数 \1"),
    (re.compile(r"^No such option: (\S+) \(Possible options: (.+)\)$"), r"没有选项 \1（是否想用：\2）"),
    (re.compile(r"^No such option: (\S+)$"), r"没有选项 \1"),
    (re.compile(r"^No such command '(.+)'\.$"), r"没有命令“\1”"),
    (re.compile(r"^Missing command\.$"), "缺少子命令"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$"), r"多余的参数：\1"),
    (re.compile(r"^Option '(.+)' requires an argument\.$"), r"选项 \1 需要一个值"),
    (re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"), r"选项 \1 需要 \2 个值"),
    (re.compile(r"^Option '(.+)' does not take a value\.$"), r"选项 \1 不带值"),
    (re.compile(r"^'(.*)' is not a valid integer(?: range)?\.?$"), r"“\1”不是整数"),
    (re.compile(r"^'(.*)' is not a valid float(?: range)?\.?$"), r"“\1”不是数字"),
    (re.compile(r"^'(.*)' is not a valid boolean\.?$"), r"“\1”应为 true 或 false"),
    (re.compile(r"^'(.*)' is not one of (.+)\.$"), r"“\1”应为 \2 之一"),
    (re.compile(r"^Input should be a valid integer\b.*$", re.S), "应为整数"),
    (re.compile(r"^Input should be a valid number\b.*$", re.S), "应为数字"),
    (re.compile(r"^Input should be a valid boolean\b.*$", re.S), "应为 true 或 false"),
]
INVALID_VALUE = re.compile(r"^Invalid value for (.+?): (.+)$", re.S)


def chinese_usage(message: str) -> str:
    """A command-line usage error in Chinese (missing argument, unknown option, bad value …)."""
    bad = INVALID_VALUE.match(message)
    if bad:
        return f"{bad.group(1)} 的值无效：{chinese_usage(bad.group(2))}"
    for pattern, replacement in USAGE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message if CJK.search(message) else f"命令行用法有误：{message}"
