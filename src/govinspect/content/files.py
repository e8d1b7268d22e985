"""The text of a published file: .txt, .html, .pdf, .docx, .xlsx, and .doc/.wps via LibreOffice.

Used by `govinspect content check` and for attachments linked from crawled pages. Returns ''
for a file whose text cannot be read (a scanned PDF, a broken archive) rather than failing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".text", ".md", ".csv")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".doc", ".wps", ".et", ".xls", ".txt")
_CONVERT_TIMEOUT = 60  # seconds for one LibreOffice conversion
ATTACHMENT_TYPES = (
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument",
    "application/vnd.ms-excel",
    "application/wps",
    "application/kswps",
    "text/plain",
)


def has_text_suffix(url: str) -> bool:
    """Whether a URL names a document whose text can be read (by its path's suffix)."""
    path = url.split("#", 1)[0].split("?", 1)[0].lower()
    return path.endswith(ATTACHMENT_SUFFIXES)


def is_attachment_response(url: str, content_type: str | None) -> bool:
    """Whether a fetched response is a readable document: by content type, else by suffix."""
    ctype = (content_type or "").lower()
    if ctype.startswith("text/html"):
        return False
    return ctype.startswith(ATTACHMENT_TYPES) or has_text_suffix(url)


def decode_text(data: bytes) -> str:
    """Bytes of a plain-text file as text: UTF-8 (with or without BOM), else GB18030."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages joined by newlines (empty for a scan without text)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except Exception:  # a damaged or encrypted file has no text to check
        return ""


def docx_text(data: bytes) -> str:
    """Paragraphs, then table cells, of a .docx."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    """Every non-empty cell of every sheet, one row a line."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return ""
    lines = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v) for v in row if v is not None]
            if cells:
                lines.append("\t".join(cells))
    return "\n".join(lines)


def office_text(data: bytes, suffix: str) -> str:
    """.doc/.wps/.xls/.et through LibreOffice (Debian libreoffice-writer-nogui), when installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return ""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        target = (
            "txt:Text (encoded):UTF8"
            if suffix in (".doc", ".wps")
            else "csv:Text - txt - csv (StarCalc):44,34,76"
        )
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    target,
                    "--outdir",
                    tmp,
                    str(src),
                ],
                capture_output=True,
                timeout=_CONVERT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        outs = [p for p in Path(tmp).iterdir() if p.stem == "in" and p.suffix in (".txt", ".csv")]
        return decode_text(outs[0].read_bytes()) if outs else ""


def html_text(data: bytes, url: str = "") -> str:
    """The visible text of an HTML page, as the page extractor reads it."""
    from govinspect.extract.page import extract_page

    return extract_page(url or "file:///", data).text


def file_text(name: str, data: bytes) -> str:
    """The text of a file by its name's suffix; unknown suffixes are read as plain text."""
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return pdf_text(data)
    if suffix == ".docx":
        return docx_text(data)
    if suffix == ".xlsx":
        return xlsx_text(data)
    if suffix in (".doc", ".wps", ".xls", ".et"):
        return office_text(data, suffix)
    if suffix in HTML_SUFFIXES:
        return html_text(data)
    return decode_text(data)
