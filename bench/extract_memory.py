"""Peak memory (RSS) and time of `govinspect extract --json` on big list pages, beside plain parsers.

Pages are county 通知公告 lists of one dated row each (~100 bytes a row, ~100,000 rows in 10 MB), of
1, 5 and 10 MB, and a 50 MB file that the command cuts at the 10 MB page limit. Each run is its own
process; its peak RSS is the kernel's (wait4), its time the wall clock. Peers in the same run: the
plain lxml parse of the same bytes (lxml.html, a floor for any tree-based extractor) and the plain
lexbor parse our extractor starts from (selectolax), each reading at most the same 10 MB.

Usage: python bench/extract_memory.py [--sizes 1,5,10,50] [--dir /tmp/govinspect-bench-memory]
Goal (issue 12): every row under 300 MB for `govinspect extract`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

MB = 1024 * 1024
LIMIT = 10 * MB  # CrawlSettings.max_response_bytes, the page size limit `govinspect extract` reads up to
URL = "http://www.meixi.gov.cn/tzgg/"
HEAD = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告_梅溪县人民政府</title></head><body>'
    '<div class="crumb"><a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div><ul class="list">\n'
)
FOOT = (
    '</ul><div class="footer">主办单位：梅溪县人民政府办公室 网站标识码：4190000001 '
    "豫ICP备05001234号</div></body></html>"
)
GOAL_MB = 300


def write_list_page(path: Path, size: int) -> int:
    """Write a 通知公告 list page of about `size` bytes, one dated, linked row after another; return the
    rows within the page limit. Written row by row: this process stays small, since a child's peak RSS
    counts its parent's at the moment it starts."""
    total = 0
    rows_in_limit = 0
    with path.open("wb") as fh:
        fh.write(HEAD.encode())
        total += len(HEAD.encode())
        n = 0
        while total < size - len(FOOT.encode()):
            row = (
                f'<li><a href="/tzgg/t{n}.html">关于第{n}号政务公开工作的通知</a>'
                f"<span>2023-{n % 12 + 1:02d}-{n % 28 + 1:02d}</span></li>\n"
            ).encode()
            fh.write(row)
            total += len(row)
            rows_in_limit += total <= LIMIT
            n += 1
        fh.write(FOOT.encode())
    return rows_in_limit


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit status) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - started, proc.returncode


def commands(path: Path) -> dict[str, list[str]]:
    """The runs compared on one file: ours, then the peers that are installed."""
    py = sys.executable
    out = {
        "govinspect extract --json": [
            py,
            "-c",
            "import sys; from govinspect.cli import main; sys.argv[0] = 'govinspect'; sys.exit(main())",
            "extract",
            str(path),
            "--url",
            URL,
            "--json",
        ],
    }
    read = f"open({str(path)!r}, 'rb').read({LIMIT})"
    if importlib.util.find_spec("lxml") is not None:
        out["lxml.html parse only"] = [py, "-c", f"import lxml.html; lxml.html.document_fromstring({read})"]
    if importlib.util.find_spec("selectolax") is not None:
        out["lexbor parse only"] = [
            py,
            "-c",
            f"from selectolax.lexbor import LexborHTMLParser; LexborHTMLParser({read})",
        ]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,5,10,50", help="page sizes in MB (a size over 10 is cut at 10)")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/govinspect-bench-memory"))
    args = ap.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"{'page':>12} {'rows':>8}  {'run':28} {'peak RSS MB':>11} {'seconds':>8}")
    print("-" * 74)
    over = []
    for size_mb in (float(s) for s in args.sizes.split(",")):
        path = args.dir / f"list-{size_mb:g}MB.html"
        rows = write_list_page(path, int(size_mb * MB) - 300)  # just under: "10 MB" is within the limit
        label = f"{size_mb:g} MB" + (" (cut)" if path.stat().st_size > LIMIT else "")
        for name, cmd in commands(path).items():
            rss, seconds, status = measure(cmd)
            flag = "" if status == 0 else f"  exit {status}"
            print(f"{label:>12} {rows:>8}  {name:28} {rss:>11.0f} {seconds:>8.1f}{flag}")
            if name.startswith("govinspect") and (status != 0 or rss >= GOAL_MB):
                over.append(label)
        path.unlink()
    print()
    verdict = "met" if not over else f"NOT met ({', '.join(over)})"
    print(f"goal: govinspect extract under {GOAL_MB} MB on every page: {verdict}")
    return 0 if not over else 1


if __name__ == "__main__":
    sys.exit(main())
