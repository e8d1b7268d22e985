"""Uploaded 底账 files: size and type checked (extension and content), kept only in a temporary folder.

An upload waits there between the dry run and the confirmation, readable by the user who sent it
only, and is deleted when confirmed, cancelled or older than `KEEP`.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from govinspect.errors import UserError
from govinspect.tables import decode_text

MAX_BYTES = 10 * 1024 * 1024  # 10 MB: a 20,000-site 底账 is about 2 MB
KEEP = 30 * 60  # seconds an unconfirmed upload is kept
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls
SUFFIXES = (".xlsx", ".xls", ".csv")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
UNSAFE_NAME = re.compile(r"[^\w\u4e00-\u9fff.（）()\- ]")


class UploadRefused(UserError):
    """The upload was not accepted; nothing was kept."""


def limit_text() -> str:
    return f"{MAX_BYTES // (1024 * 1024)} MB"


def safe_name(filename: str) -> str:
    """The file's own name (named in import messages), without folders or unusual characters."""
    name = UNSAFE_NAME.sub("_", Path(filename.replace("\\", "/")).name).strip(" .")
    return name[-100:] or "底账"


def check_upload(filename: str, data: bytes) -> None:
    """Raise `UploadRefused` unless `data` is a non-empty .xlsx/.xls/.csv within the size limit."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 {'、'.join(SUFFIXES)} 文件")
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"文件过大（超过 {limit_text()}），请拆分后分批导入")
    if not data:
        raise UploadRefused("文件为空，请选择底账文件")
    magic = {".xlsx": ZIP_MAGIC, ".xls": OLE2_MAGIC}.get(suffix)
    if magic is not None and not data.startswith(magic):
        raise UploadRefused(
            f"文件内容不是 {suffix} 格式（可能已损坏或改过扩展名），请在 Excel/WPS 中另存后上传"
        )
    if magic is None and (data.startswith((ZIP_MAGIC, OLE2_MAGIC)) or decode_text(data) is None):
        raise UploadRefused("文件内容不是 CSV 文本，请在 Excel/WPS 中另存为 CSV（UTF-8）后上传")


def _root() -> Path:
    root = Path(tempfile.gettempdir()) / "govinspect-uploads"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _purge_old(root: Path) -> None:
    cutoff = time.time() - KEEP
    for d in root.iterdir():
        if d.is_dir() and d.stat().st_mtime < cutoff:
            shutil.rmtree(d, ignore_errors=True)


def keep_upload(filename: str, data: bytes, owner: int) -> tuple[str, Path]:
    """Check and keep an upload for its owner; (token, file path)."""
    check_upload(filename, data)
    root = _root()
    _purge_old(root)
    token = secrets.token_urlsafe(24)
    folder = root / token
    folder.mkdir(mode=0o700)
    (folder / "owner.json").write_text(json.dumps({"owner": owner}), encoding="utf-8")
    path = folder / "file" / safe_name(filename)
    path.parent.mkdir(mode=0o700)
    path.write_bytes(data)
    return token, path


def kept_upload(token: str, owner: int) -> Path:
    """The file kept under `token` for `owner`; refused when unknown, expired or someone else's."""
    expired = UploadRefused("该次上传已过期或不存在，请重新上传底账文件")
    if not TOKEN_RE.match(token):
        raise expired
    folder = _root() / token
    try:
        if json.loads((folder / "owner.json").read_text(encoding="utf-8")).get("owner") != owner:
            raise expired
        files = list((folder / "file").iterdir())
    except (OSError, ValueError):
        raise expired from None
    if len(files) != 1 or folder.stat().st_mtime < time.time() - KEEP:
        raise expired
    return files[0]


def drop_upload(token: str) -> None:
    """Delete a kept upload (after it was imported or cancelled)."""
    if TOKEN_RE.match(token):
        shutil.rmtree(_root() / token, ignore_errors=True)


@contextmanager
def upload_file(filename: str, data: bytes) -> Iterator[Path]:
    """Check an upload and hold it in a temporary file for the length of the `with` block."""
    check_upload(filename, data)
    with tempfile.TemporaryDirectory(prefix="govinspect-upload-") as d:
        path = Path(d) / safe_name(filename)
        path.write_bytes(data)
        yield path
