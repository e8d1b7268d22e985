"""`python -m govinspect.crawl HOME_URL OUT_DIR [--host-map h=ip:port] [--set key=value]` — one site crawl.

Used by the resume test (killed with SIGKILL) and by bench/crawl.py; the user CLI lives in govinspect.cli.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from govinspect.crawl.crawler import crawl_site
from govinspect.crawl.settings import CrawlSettings
from govinspect.model import Column, Site


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m govinspect.crawl", description="抓取一个网站并写入快照目录")
    ap.add_argument("home_url")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--code", default="site")
    ap.add_argument("--host-map", action="append", default=[], help="host=127.0.0.1:port")
    ap.add_argument("--column", action="append", default=[], help="name=url")
    ap.add_argument("--set", action="append", default=[], help="setting=value (JSON value)")
    args = ap.parse_args(argv)
    overrides = {}
    for item in args.set:
        key, _, raw = item.partition("=")
        try:
            overrides[key] = json.loads(raw)
        except ValueError:
            overrides[key] = raw
    settings = CrawlSettings().for_site(overrides)
    host_map = dict(item.split("=", 1) for item in args.host_map) or None
    columns = tuple(Column(name=c.split("=", 1)[0], url=c.split("=", 1)[1]) for c in args.column)
    site = Site(code=args.code, name=args.code, home_url=args.home_url, unit="", columns=columns)
    summary = asyncio.run(crawl_site(site, args.out_dir, settings, host_map))
    sys.stdout.write(summary.to_json() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
