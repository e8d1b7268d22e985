"""A round's 通报与附件 in the platform: drafts written on request, the published version frozen.

Both versions are written by the CLI's `report` code path (`jobs.reporting`) under the round's
lease. The published one is written once, then its files, their sha256, who and when are stored;
later drafts go to their own directory and never touch it. Downloads resolve a name only against
the version's own file list (no path from the request is ever joined) and follow the user's scope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from govinspect import model as m
from govinspect.config import Settings
from govinspect.errors import UserError
from govinspect.jobs.lock import round_lock
from govinspect.jobs.reporting import write_round_report_files
from govinspect.jobs.review import notice_gate
from govinspect.store import PublishedNotice, Store
from govinspect.web.authz import NotFound, Perm, Principal, authorize

DRAFT, PUBLISHED = "draft", "published"
VERSIONS = {DRAFT: "草稿", PUBLISHED: "发布版"}
_DIRS = {DRAFT: "notice-draft", PUBLISHED: "notice-published"}
MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".png": "image/png",
}
INLINE = {".html", ".png"}  # the preview frame and its charts
_RECTIFY = re.compile(r"^rectify/\d\d_整改通知单_(.+)\.docx$")


class FileChanged(UserError):
    """A published file no longer matches the sha256 stored when it was published."""


@dataclass(frozen=True, slots=True)
class NoticeFile:
    """One file of a version: its path inside the version's directory, and the unit of a 整改通知单."""

    path: str
    size: int
    sha256: str | None = None
    unit: str | None = None

    @property
    def label(self) -> str:
        found = _RECTIFY.match(self.path)
        if found:
            return f"整改通知单（{self.unit or found[1]}）"
        names = {"notice.docx": "通报（Word）", "notice.html": "通报（网页）", "notice.md": "通报（Markdown）",
                 "attachments.xlsx": "附件表（Excel）"}  # fmt: skip
        return names.get(
            self.path, f"图表 {Path(self.path).stem}" if self.path.startswith("charts/") else self.path
        )

    @property
    def kind(self) -> str:
        return (
            "rectify"
            if _RECTIFY.match(self.path)
            else "notice"
            if self.path.startswith("notice.")
            else "other"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "label": self.label,
            "size": self.size,
            "sha256": self.sha256,
            "unit": self.unit,
        }


def version_dir(settings: Settings, round_name: str, version: str) -> Path:
    return settings.round_dir(round_name) / _DIRS[version]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _order(f: NoticeFile) -> tuple[bool, bool, str]:
    """The notice first, then the 整改通知单 and the attachments, charts last."""
    return (f.kind != "notice", f.kind == "other", f.path)


def notice_files(settings: Settings, store: Store, round_name: str, version: str) -> list[NoticeFile]:
    """The version's files: the published list as stored, the draft's as found in its directory."""
    if version == PUBLISHED:
        pub = store.published_notice(round_name)
        stored = (
            [NoticeFile(f["path"], f["size"], f["sha256"], f.get("unit")) for f in pub.files] if pub else []
        )
        return sorted(stored, key=_order)
    root = version_dir(settings, round_name, DRAFT)
    if not root.is_dir():
        return []
    found = [
        NoticeFile(p.relative_to(root).as_posix(), p.stat().st_size) for p in root.rglob("*") if p.is_file()
    ]
    return sorted(found, key=_order)


def visible(p: Principal, version: str, f: NoticeFile) -> bool:
    """Office staff see every file; a unit sees the published notice and its own units' 整改通知单 only."""
    if p.units is None:
        return True
    if version != PUBLISHED:
        return False
    if f.kind == "rectify":
        return p.sees(f.unit)
    return f.kind == "notice" or f.path.startswith("charts/")  # the notice and the charts of its preview


def visible_files(
    settings: Settings, store: Store, p: Principal, round_name: str, version: str
) -> list[NoticeFile]:
    authorize(p, Perm.VIEW)
    return [f for f in notice_files(settings, store, round_name, version) if visible(p, version, f)]


def open_file(
    settings: Settings, store: Store, p: Principal, round_name: str, version: str, name: str
) -> tuple[NoticeFile, Path]:
    """The named file of a version if the user may have it (else NotFound); a published one must be unchanged."""
    if version not in _DIRS:
        raise NotFound
    f = next((f for f in visible_files(settings, store, p, round_name, version) if f.path == name), None)
    root = version_dir(settings, round_name, version).resolve()
    path = (root / f.path).resolve() if f else None
    if f is None or path is None or not path.is_relative_to(root) or not path.is_file():
        raise NotFound
    if f.sha256 is not None and _sha256(path) != f.sha256:
        raise FileChanged(f"文件“{f.label}”与发布时的校验值不一致，可能已被改动，请联系系统管理员核查")
    return f, path


def download_name(round_name: str, version: str, f: NoticeFile) -> str:
    """The name a browser saves the file under: round, what it is, 草稿 for a draft."""
    found = _RECTIFY.match(f.path)
    what = f"整改通知单_{found[1]}" if found else {"notice": "通报", "other": Path(f.path).stem}[f.kind]
    if f.path == "attachments.xlsx":
        what = "通报附件"
    draft = "_草稿" if version == DRAFT else ""
    return f"{round_name}_{what}{draft}{Path(f.path).suffix}"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266/5987: an ASCII fallback name and the UTF-8 name, nothing a header could be split by."""
    fallback = re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9._-]", "_", filename)).strip("._") or "download"
    return f"{'inline' if inline else 'attachment'}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def write_draft(settings: Settings, store: Store, round_name: str) -> list[NoticeFile]:
    """Write the draft (every page 草稿, blanks shown) into the draft directory, replacing the last draft."""
    out = version_dir(settings, round_name, DRAFT)
    with round_lock(store, round_name, "report"):
        if out.exists():
            shutil.rmtree(out)
        write_round_report_files(settings, store, round_name, out, draft=True)
    return notice_files(settings, store, round_name, DRAFT)


def publish(settings: Settings, store: Store, round_name: str, by: str) -> PublishedNotice:
    """Write the final notice once and freeze it; refused (nothing kept) with the reason in Chinese."""
    notice_gate(store, round_name)  # vetoes still 待审核 and not overridden: ReviewPending, nothing written
    final = version_dir(settings, round_name, PUBLISHED)
    work = final.with_name(final.name + ".writing")
    with round_lock(store, round_name, "report"):
        done = store.published_notice(round_name)
        if done is not None:
            raise UserError(
                f"检查轮次“{round_name}”的通报已由 {done.published_by} 于 "
                f"{done.published_at:%Y-%m-%d %H:%M} 发布，发布版不能覆盖"
            )
        for leftover in (work, final):  # an earlier attempt that stopped before it was recorded
            if leftover.exists():
                shutil.rmtree(leftover)
        try:
            files = write_round_report_files(settings, store, round_name, work, draft=False)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        units = {path.resolve(): unit for unit, path in files.rectify.items()}
        entries = tuple(
            {"path": p.relative_to(work).as_posix(), "size": p.stat().st_size, "sha256": _sha256(p),
             "unit": units.get(p.resolve())}
            for p in sorted(work.rglob("*")) if p.is_file()
        )  # fmt: skip
        work.rename(final)
        notice = PublishedNotice(round_name, by, dt.datetime.now(m.TZ), entries)
        try:
            store.publish_notice(notice)
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
    return notice
