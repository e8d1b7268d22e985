"""Crawl benchmark: one static government site (≥ 20,000 pages) on nginx, crawled by govinspect and peers.

Ours twice: "govinspect" with one page-worker process per core (crawl_processes), "govinspect-1p" in one
process; both with link checking and WARC archiving on. Peers: wget2 -r, linkchecker, a minimal Scrapy
spider, linkinator. Each run gets its own nginx access log, which is what counts the pages a crawler
reached. Prints pages/s, CPU seconds (children included) and CPU µs per page, peak RSS of the whole process tree, and
ours/peer, where "ours" is the "govinspect" row.

    .venv/bin/python bench/crawl.py [--pages 20000] [--tools govinspect,wget2,...] [--big 100000]

Not a test: it installs its peers itself (apt-get, pip into /tmp, npm into /tmp) and takes minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

WORK = Path(os.environ.get("GOVINSPECT_BENCH_DIR", "/tmp/govinspect-bench"))
SCRAPY_VENV = Path("/tmp/crawlbench-scrapy")
NPM_DIR = Path("/tmp/crawlbench-npm")
COLUMNS = [
    "xwdt", "tzgg", "zcwj", "rsxx", "ghjh", "czxx", "zfcg", "jyta", "xzxk", "sjfb",
    "bmdt", "xzdt", "ztzl", "zmhd", "bsfw", "zwgk", "jdhy", "yjgl", "hjbh", "spaq",
]  # fmt: skip
COLUMN_NAMES = [
    "新闻动态", "通知公告", "政策文件", "人事信息", "规划计划", "财政信息", "政府采购", "建议提案",
    "行政许可", "数据发布", "部门动态", "乡镇动态", "专题专栏", "政民互动", "办事服务", "政务公开",
    "解读回应", "应急管理", "环境保护", "食品安全",
]  # fmt: skip
PER_LIST = 20
WORDS = [
    "政府",
    "信息",
    "公开",
    "工作",
    "会议",
    "推进",
    "落实",
    "部署",
    "全县",
    "乡镇",
    "项目",
    "建设",
    "服务",
    "群众",
    "安全",
    "发展",
    "经济",
    "改革",
    "文件",
    "通知",
]


# --------------------------------------------------------------------------- the site


def _nav() -> str:
    items = "".join(
        f'<li><a href="/{c}/index.html">{n}</a></li>' for c, n in zip(COLUMNS, COLUMN_NAMES, strict=True)
    )
    return (
        '<div class="top"><a href="/"><img src="/images/logo.png" alt="测试县人民政府"></a></div>'
        f'<ul class="nav"><li><a href="/">首页</a></li>{items}</ul>'
    )


FOOTER = (
    '<div class="footer"><p>主办单位：测试县人民政府办公室 网站标识码：4100000001</p>'
    '<p><a href="/about.html">关于本站</a> <a href="/sitemap.html">网站地图</a> '
    '<img src="/images/jiucuo.png" alt="政府网站找错"> 豫ICP备12345678号 豫公网安备 41000002000001号</p></div>'
)


def _doc(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="SiteName" content="测试县人民政府"><meta name="ColumnName" content="{title}">'
        f"<title>{title}_测试县人民政府</title>"
        '<link rel="stylesheet" href="/css/main.css"></head><body>'
        f'{_nav()}<div class="main">{body}</div>{FOOTER}</body></html>'
    )


def generate(root: Path, pages: int) -> int:
    """Write the static site; return how many HTML pages it has."""
    marker = root / ".pages"
    if marker.exists() and marker.read_text() == str(pages):
        return int((root / ".count").read_text())
    if root.exists():
        shutil.rmtree(root)
    rnd = random.Random(7)
    per_col = max(1, (pages - 3) // len(COLUMNS))
    n_lists = -(-per_col // PER_LIST)
    count = 0
    (root / "images").mkdir(parents=True)
    (root / "css").mkdir()
    (root / "files").mkdir()
    for name in ("logo.png", "jiucuo.png"):
        (root / "images" / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    (root / "css" / "main.css").write_text("body{font-family:sans-serif}")
    (root / "files" / "nb2024.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    for ci, (col, cname) in enumerate(zip(COLUMNS, COLUMN_NAMES, strict=True)):
        d = root / col
        d.mkdir()
        arts = []
        for i in range(per_col):
            day = 1 + (i * 7 + ci) % 28
            month = 1 + (i // 28) % 12
            arts.append(
                (
                    f"/{col}/2024{month:02d}/t2024{month:02d}{day:02d}_{ci * 100000 + i}.html",
                    f"{cname}：" + "".join(rnd.choice(WORDS) for _ in range(8)),
                    f"2024-{month:02d}-{day:02d}",
                )
            )
        for li in range(n_lists):
            chunk = arts[li * PER_LIST : (li + 1) * PER_LIST]
            items = "".join(
                f'<li><a href="{u}" title="{t}">{t}</a><span>{dt}</span></li>' for u, t, dt in chunk
            )
            pager = [f'<a href="/{col}/index.html">首页</a>']
            if li > 0:
                prev = "index.html" if li == 1 else f"index_{li - 1}.html"
                pager.append(f'<a href="/{col}/{prev}">上一页</a>')
            if li < n_lists - 1:
                pager.append(f'<a href="/{col}/index_{li + 1}.html">下一页</a>')
            last = "index.html" if n_lists == 1 else f"index_{n_lists - 1}.html"
            pager.append(f'<a href="/{col}/{last}">尾页</a>')
            name = "index.html" if li == 0 else f"index_{li}.html"
            body = f'<h2>{cname}</h2><ul class="list">{items}</ul><div class="page">{"".join(pager)}</div>'
            (d / name).write_text(_doc(cname, body), "utf-8")
            count += 1
        for i, (u, t, dt) in enumerate(arts):
            paras = "".join(
                "<p>" + "，".join(rnd.choice(WORDS) * 2 for _ in range(30)) + "。</p>" for _ in range(6)
            )
            extra = '<p>附件：<a href="/files/nb2024.pdf">年度报告.pdf</a></p>' if i % 50 == 0 else ""
            nxt = arts[(i + 1) % len(arts)]
            body = (
                f'<h1>{t}</h1><div class="info">发布时间：{dt} 来源：测试县人民政府办公室</div>'
                f'<div class="content">{paras}{extra}</div><div class="next">下一篇：<a href="{nxt[0]}">{nxt[1]}</a></div>'
            )
            f = root / u.lstrip("/")
            f.parent.mkdir(exist_ok=True)
            f.write_text(_doc(t, body), "utf-8")
            count += 1
    cols = "".join(
        f'<li><a href="/{c}/index.html">{n}</a></li>' for c, n in zip(COLUMNS, COLUMN_NAMES, strict=True)
    )
    (root / "index.html").write_text(_doc("首页", f'<ul class="cols">{cols}</ul>'), "utf-8")
    (root / "about.html").write_text(_doc("关于本站", "<p>测试县人民政府门户网站。</p>"), "utf-8")
    (root / "sitemap.html").write_text(_doc("网站地图", f"<ul>{cols}</ul>"), "utf-8")
    count += 3
    (root / ".count").write_text(str(count))
    marker.write_text(str(pages))
    return count


# --------------------------------------------------------------------------- nginx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Nginx:
    """A private nginx on 127.0.0.1 with its own access log."""

    def __init__(self, root: Path, log: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="nginx-", dir=WORK))
        self.port = free_port()
        self.log = log
        conf = self.dir / "nginx.conf"
        conf.write_text(
            f"""worker_processes 1;
daemon off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  log_format bench '$status $request_method $request_uri';
  access_log {log} bench buffer=256k;
  client_body_temp_path {self.dir}/tmp; proxy_temp_path {self.dir}/tmp; fastcgi_temp_path {self.dir}/tmp;
  uwsgi_temp_path {self.dir}/tmp; scgi_temp_path {self.dir}/tmp;
  sendfile on; keepalive_requests 100000;
  server {{
    listen 127.0.0.1:{self.port}; root {root};
    add_header LinkChecker bench;  # lets linkchecker exceed its default 10 requests/s per host
    location / {{ try_files $uri $uri/index.html =404; }}
  }}
}}
"""
        )
        self.proc = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(self.dir)], stderr=subprocess.DEVNULL
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx 未能启动")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGQUIT)
        self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


def pages_in_log(log: Path) -> tuple[int, int]:
    """(distinct HTML pages answered 200, all requests) from a bench access log."""
    pages: set[str] = set()
    total = 0
    for line in log.read_text(errors="replace").splitlines():
        total += 1
        parts = line.split(" ")
        if len(parts) >= 3 and parts[0] == "200" and parts[1] == "GET":
            uri = parts[2]
            if uri.endswith((".html", "/")):
                pages.add(uri)
    return len(pages), total


# --------------------------------------------------------------------------- peers


def ensure_peers(tools: list[str]) -> None:
    apt = [
        p
        for t, p in (("wget2", "wget2"), ("linkchecker", "linkchecker"))
        if t in tools and not shutil.which(p)
    ]
    if not shutil.which("nginx"):
        apt.append("nginx")
    if apt:
        subprocess.run(["apt-get", "install", "-y", "-q", *apt], check=False, stdout=subprocess.DEVNULL)
    if "scrapy" in tools and not (SCRAPY_VENV / "bin" / "scrapy").exists():
        subprocess.run([sys.executable, "-m", "venv", str(SCRAPY_VENV)], check=True)
        subprocess.run([str(SCRAPY_VENV / "bin" / "pip"), "install", "-q", "scrapy"], check=False)
    if "linkinator" in tools and not (NPM_DIR / "node_modules" / "linkinator").exists():
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "linkinator"], cwd=NPM_DIR, check=False
        )


SPIDER = """
import scrapy

class Follow(scrapy.Spider):
    name = "follow"
    start_urls = [{home!r}]
    custom_settings = {{
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "TELNETCONSOLE_ENABLED": False, "DEPTH_LIMIT": 0,
    }}

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse)
"""


def command(tool: str, home: str, scratch: Path, extra_sets: tuple[str, ...] = ()) -> list[str]:
    if tool in ("govinspect", "govinspect-1p"):
        # "govinspect": one page-worker process per core beside the crawl process; "-1p": one process
        workers = (os.cpu_count() or 1) if tool == "govinspect" else 1
        sets = {
            "per_host_concurrency": 16 * workers, "per_host_rate": 0, "max_pages": 10_000_000,
            "max_depth": 100_000, "max_pages_per_pattern": 10_000_000, "max_column_pages": 100_000,
            "link_check_concurrency": 16, "flush_every": 512, "crawl_processes": workers,
        }  # fmt: skip
        args = [sys.executable, "-m", "govinspect.crawl", home, str(scratch / "snap"), "--code", "bench"]
        for k, v in sets.items():
            args += ["--set", f"{k}={v}"]
        for kv in extra_sets:
            args += ["--set", kv]
        return args
    if tool == "wget2":
        return [
            "wget2",
            "-r",
            "-l",
            "0",
            "-q",
            "--delete-after",
            "-nd",
            "-P",
            str(scratch),
            "--max-threads=16",
            home,
        ]
    if tool == "linkchecker":
        rc = scratch / "linkcheckerrc"
        rc.write_text("[checking]\nthreads=16\nmaxrequestspersecond=100000\nrecursionlevel=-1\n")
        return ["linkchecker", "-f", str(rc), "--no-status", "-o", "none", "--no-warnings", home]
    if tool == "scrapy":
        spider = scratch / "spider.py"
        spider.write_text(SPIDER.format(home=home))
        return [str(SCRAPY_VENV / "bin" / "scrapy"), "runspider", str(spider)]
    if tool == "linkinator":
        cli = NPM_DIR / "node_modules" / "linkinator" / "build" / "src" / "cli.js"
        # linkinator opens a connection per request; on loopback it runs out of ports (TIME_WAIT) and
        # reports status 0 for thousands of pages unless it retries them
        return [
            "node",
            str(cli),
            home,
            "--recurse",
            "--concurrency",
            "16",
            "--format",
            "csv",
            "--retry-errors",
            "--retry-errors-count",
            "5",
            "--retry-errors-jitter",
            "500",
        ]
    raise ValueError(tool)


class TreeRss:
    """Peak resident memory of a process and all its descendants together, sampled every 20 ms
    (a multi-process crawler's footprint is the sum of its processes, not its largest one)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.mb = max(self.mb, self._sample())

    def _sample(self) -> float:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            pid = int(stat.parent.name)
            children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: parent pid
            rss[pid] = int(fields[21])  # resident pages
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        return total * os.sysconf("SC_PAGE_SIZE") / 2**20

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Run:
    tool: str
    pages: int
    requests: int
    wall: float
    cpu: float
    rss_mb: float
    status: int


def run_tool(tool: str, site: Path, expected: int, extra_sets: tuple[str, ...] = ()) -> Run:
    scratch = Path(tempfile.mkdtemp(prefix=f"{tool}-", dir=WORK))
    log = scratch / "access.log"
    nginx = Nginx(site, log)
    home = f"http://127.0.0.1:{nginx.port}/"
    cmd = command(tool, home, scratch, extra_sets)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=scratch)
    peak = TreeRss(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    peak.stop()
    nginx.stop()
    pages, requests = pages_in_log(log)
    shutil.rmtree(scratch, ignore_errors=True)
    return Run(
        tool,
        pages,
        requests,
        wall,
        usage.ru_utime + usage.ru_stime,
        max(peak.mb, usage.ru_maxrss / 1024),
        os.waitstatus_to_exitcode(status),
    )


def cpu_us(r: Run) -> float:
    """CPU microseconds (user + system, children included) per page reached: independent of the cores."""
    return r.cpu / r.pages * 1e6 if r.pages else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--tools", default="govinspect,govinspect-1p,wget2,linkchecker,scrapy,linkinator")
    ap.add_argument(
        "--big", type=int, default=0, help="also crawl a site this large with govinspect (peak RSS)"
    )
    ap.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="extra crawl setting for govinspect"
    )
    args = ap.parse_args()
    tools = args.tools.split(",")
    WORK.mkdir(parents=True, exist_ok=True)
    ensure_peers(tools)
    site = WORK / f"site-{args.pages}"
    t0 = time.monotonic()
    expected = generate(site, args.pages)
    print(f"站点：{expected} 个页面（生成 {time.monotonic() - t0:.1f} s），nginx 127.0.0.1", flush=True)
    runs: list[Run] = []
    for tool in tools:
        try:
            runs.append(run_tool(tool, site, expected, tuple(args.set)))
        except (OSError, RuntimeError, ValueError) as exc:
            print(f"{tool}: 未运行（{exc}）", flush=True)
            continue
        r = runs[-1]
        print(f"  {tool}: {r.pages}/{expected} 页, {r.wall:.1f} s", flush=True)
    ours = next((r for r in runs if r.tool == "govinspect"), None)
    print()
    print(
        f"{'crawler':<12} {'pages':>12} {'requests':>9} {'wall s':>7} {'pages/s':>8} {'CPU s':>7} "
        f"{'CPU µs/page':>11} {'RSS MB':>7} {'ours/peer (pages/s)':>20} {'ours/peer (CPU/page)':>21}"
    )
    for r in runs:
        rate = r.pages / r.wall if r.wall else 0.0
        complete = "" if r.pages >= expected else " (未抓全)"
        if r.status != 0:
            complete += f" [退出码 {r.status}]"
        ratio = cpu_ratio = "—"
        if ours is not None and r is not ours and rate:
            ratio = f"{(ours.pages / ours.wall) / rate:.2f}×"
            if r.cpu and r.pages and ours.pages:
                cpu_ratio = f"{(r.cpu / r.pages) / (ours.cpu / ours.pages):.2f}×"
        print(
            f"{r.tool:<12} {str(r.pages) + complete:>12} {r.requests:>9} {r.wall:>7.1f} {rate:>8.0f} "
            f"{r.cpu:>7.1f} {cpu_us(r):>11.0f} {r.rss_mb:>7.0f} {ratio:>20} {cpu_ratio:>21}"
        )
    print(
        "目标：ours/peer (pages/s) ≥ 5× scrapy，≥ 0.2× wget2（同一次运行）；CPU µs/page 不随核数变化，ours ≥ 5× 优于 scrapy"
    )
    wget2 = next((r for r in runs if r.tool == "wget2"), None)
    if ours is not None and wget2 is not None and wget2.pages and ours.pages:
        print(f"每页 CPU：govinspect ÷ wget2 = {cpu_us(ours) / cpu_us(wget2):.1f}×")
    if args.big:
        big = WORK / f"site-{args.big}"
        n = generate(big, args.big)
        print()
        for tool in ("govinspect", "govinspect-1p"):
            r = run_tool(tool, big, n)
            print(
                f"大站点：{tool} 抓取 {r.pages}/{n} 页，{r.wall:.0f} s，峰值内存（全部进程合计）"
                f"{r.rss_mb:.0f} MB（目标 < 300 MB）"
            )


if __name__ == "__main__":
    main()
