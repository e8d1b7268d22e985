"""`govinspect extract`: what was read off one saved page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    err,
    existing_file,
    fail,
)

# Signatures of files that are certainly not pages: zip (xlsx, docx), PDF, images, gzip.
NOT_PAGES = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def page_file(path: Path) -> Path:
    """A saved page: an existing, non-empty text file (HTML in any encoding), not a binary file."""
    with existing_file(path).open("rb") as fh:
        head = fh.read(8192)
    if not head.strip():
        raise fail(f"“{path}”是空文件，不是保存下来的网页")
    if head.startswith(NOT_PAGES) or (b"\x00" in head and not head.startswith(UTF16_BOMS)):
        raise fail(f"“{path}”不是网页文件（HTML），可能是表格、压缩包、图片或其他二进制文件")
    return path


@app.command("extract")
def extract_cmd(
    file: Annotated[Path, typer.Argument(help="保存下来的网页文件")],
    url: Annotated[
        str, typer.Option("--url", help="该网页的原始网址（用于解析相对链接和日期）")
    ] = "http://localhost/",
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """读取单个网页：页面类型、元数据、页脚标识、栏目、列表日期、文章日期、留言。"""
    from govinspect.crawl import CrawlSettings
    from govinspect.extract.command import extract_output
    from govinspect.model import cn_size

    limit = CrawlSettings().max_response_bytes
    size = page_file(file).stat().st_size
    if size > limit:
        err.print(
            f"注意：文件大小 {cn_size(size)}，超过 {cn_size(limit)} 的页面大小上限，只读取前 {cn_size(limit)}（与抓取时相同）"
        )
    # Written piece by piece as it is encoded: a 10 MB JSON document is never held whole, nor laid out by rich.
    out = typer.get_text_stream("stdout")
    for piece in extract_output(file, url, as_json, limit):
        out.write(piece)
    out.write("\n")
