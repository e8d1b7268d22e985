"""The unit's files (signed 整改报告, proof): type by magic bytes, size limits, stored once by checksum.

Files are kept under the data directory as `rectify/<folder>/<sha256>.<ext>` (the folder is the task's
id, or `appeals`): a file is never overwritten, and the same content handed in twice is stored once.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

from govinspect.rectify.tasks import RectifyError

REPORT_MAX_BYTES = 20 * 1024 * 1024
PROOF_MAX_BYTES = 10 * 1024 * 1024
_MAGIC = (
    (b"%PDF-", "pdf", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "png", "PNG 图片"),
    (b"\xff\xd8\xff", "jpg", "JPEG 图片"),
)
REPORT_KINDS = frozenset({"pdf", "png", "jpg"})  # 加盖公章的整改报告: a scan or a signed PDF
PROOF_KINDS = REPORT_KINDS | {"docx"}  # screenshots and documents


def file_kind(head: bytes, path: Path) -> str | None:
    """The file's type read from its first bytes (never from its name); None when not allowed."""
    for magic, kind, _ in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                return "docx" if "word/document.xml" in z.namelist() else None
        except zipfile.BadZipFile:
            return None
    return None


def check_file(path: Path, *, report: bool) -> str:
    """The file's kind if it may be handed in as the 整改报告 (report) or as proof; else one Chinese line."""
    what = "整改报告" if report else "佐证材料"
    if not path.is_file():
        raise RectifyError(f"找不到{what}文件“{path}”")
    size = path.stat().st_size
    limit = REPORT_MAX_BYTES if report else PROOF_MAX_BYTES
    if size == 0:
        raise RectifyError(f"{what}文件“{path.name}”是空文件")
    if size > limit:
        raise RectifyError(f"{what}文件“{path.name}”超过 {limit // (1024 * 1024)} MB，请压缩后重试")
    with path.open("rb") as fh:
        head = fh.read(16)
    kind = file_kind(head, path)
    allowed = REPORT_KINDS if report else PROOF_KINDS
    if kind not in allowed:
        names = "PDF 或图片（PNG、JPEG）" if report else "PDF、图片（PNG、JPEG）或 Word 文档（.docx）"
        raise RectifyError(f"{what}文件“{path.name}”不是{names}")
    return kind


def store_file(data_dir: Path, folder_name: str, path: Path, kind: str) -> dict[str, Any]:
    """Copy a checked file into `rectify/<folder_name>` under its checksum; returns its record."""
    body = path.read_bytes()
    sha = hashlib.sha256(body).hexdigest()
    folder = data_dir / "rectify" / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{sha}.{kind}"
    if not dest.exists():
        tmp = dest.with_suffix(".part")
        tmp.write_bytes(body)
        tmp.replace(dest)
    return {"name": path.name, "sha256": sha, "size": len(body), "path": str(dest.relative_to(data_dir))}
