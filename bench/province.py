"""Province benchmark: a simulated province on nginx, one full round in-process and on 1 and 2 Celery workers.

The province: ≥ 400 sites with a long tail of sizes (most a few hundred pages, a few several thousand;
100,000 pages in all) and 4,000 accounts, exported by the simulator and served by one private nginx on
loopback; every site keeps the default politeness limits (CrawlSettings: per_host_rate, 2 at once), and
the accounts' feed service its own (feed_rate, feed_concurrency). The politeness bound is the least time
any polite reader needs: the largest site's pages ÷ the site rate, or the requests the accounts made to
their feed service (nginx's access log) ÷ the feed rate, whichever is longer. For each runner it prints
wall time, the bound, wall ÷ bound, when the last site and the last account were done (each beside its
own bound), CPU seconds per 1,000 pages (our processes and their children), peak RSS of all our
processes together, and PostgreSQL rows written per second.

Then a monitoring sweep: one probe of 5,000 simulated home pages mapped onto three loopback servers
(fast, slow, refusing), its wall and CPU time, and the workers that 14,000 sites and 140,000 accounts need.

    .venv/bin/python bench/province.py --db postgresql+psycopg://postgres@127.0.0.1/bench [--small]
        [--runners inprocess,workers1,workers2] [--at-once 8] [--broker redis://127.0.0.1:6379/12] [--no-sweep]

Not a test: the full province takes about 20 min per runner on two cores (its politeness bound).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import resource
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

import yaml

from govinspect import model as m
from govinspect.crawl import CrawlSettings
from govinspect.sim.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
FEED_HOST = Scenario.model_fields["feed_host"].default  # the simulator's feed service
WORK = Path(os.environ.get("GOVINSPECT_BENCH_DIR", "/tmp/govinspect-bench")) / "province"
CLI = [sys.executable, "-c", "from govinspect.cli import main; main()"]
PAGES_PER_ITEM, PAGES_FIXED = (
    20,
    22,
)  # a simulated department site: 20 pages per `items`, plus its fixed pages


@dataclass(frozen=True)
class Size:
    sites: int
    pages: int
    accounts: int


FULL, SMALL = Size(400, 100_000, 4_000), Size(40, 4_000, 200)


# --------------------------------------------------------------------------- the province


def site_items(size: Size, seed: int = 7) -> list[int]:
    """`items` per site: a Pareto long tail summing to about `size.pages` pages, the largest ~5 % of all."""
    rng = random.Random(seed)
    raw = sorted((rng.paretovariate(1.2) for _ in range(size.sites)), reverse=True)
    budget = size.pages - PAGES_FIXED * size.sites
    cap = 0.05 * size.pages / PAGES_PER_ITEM
    items = [1.0] * size.sites
    for _ in range(10):  # scale, cap the largest, scale the rest again
        free = [i for i, v in enumerate(items) if v < cap]
        fixed = sum(items[i] for i in range(size.sites) if i not in free) * PAGES_PER_ITEM
        scale = (budget - fixed) / (PAGES_PER_ITEM * sum(raw[i] for i in free))
        for i in free:
            items[i] = min(cap, raw[i] * scale)
    return [max(1, round(v)) for v in items]


def scenario(size: Size) -> dict:  # type: ignore[type-arg]
    units = [{"name": f"省直单位{i:03d}"} for i in range(size.sites)]
    sites = [
        {"name": f"省直单位{i:03d}门户网站", "unit": f"省直单位{i:03d}", "host": f"s{i:03d}.prov.gov.cn",
         "items": [n, n]}
        for i, n in enumerate(site_items(size))
    ]  # fmt: skip
    platforms = ["微信公众号", "微博"]
    accounts = [
        {"platform": platforms[i % 2], "name": f"省直发布{i:04d}", "unit": f"省直单位{i % size.sites:03d}"}
        for i in range(size.accounts)
    ]
    return {"jurisdiction": "基准省", "checkpoint": "2023-06-20", "seed": 18, "area_code": "410000",
            "domain": "prov.gov.cn", "units": units, "sites": sites, "accounts": accounts}  # fmt: skip


def export_province(size: Size) -> tuple[Path, dict[str, int]]:
    """Export the province once per size (kept under WORK); returns its folder and files per host."""
    from govinspect.sim.commands import export

    out = WORK / f"export-{size.sites}-{size.pages}-{size.accounts}"
    counts_file = out / "counts.json"
    if not counts_file.exists():
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        spec = out / "province.yaml"
        spec.write_text(yaml.safe_dump(scenario(size), allow_unicode=True), encoding="utf-8")
        counts = export(spec, out / "www")
        counts_file.write_text(json.dumps(counts), encoding="utf-8")
    return out, json.loads(counts_file.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Nginx:
    """The exported servers (one per host) on one private nginx on 127.0.0.1."""

    def __init__(self, export_dir: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="nginx-", dir=WORK))
        self.port = free_port()
        servers = (export_dir / "www" / "nginx.conf").read_text(encoding="utf-8")
        servers = servers.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        conf = self.dir / "nginx.conf"
        conf.write_text(
            f"worker_processes 1;\ndaemon off;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/error.log;\n"
            "events { worker_connections 4096; }\nhttp {\n  include /etc/nginx/mime.types;\n"
            f"  log_format hosts '$host';\n  access_log {self.dir}/access.log hosts;\n  client_body_temp_path {self.dir}/tmp; proxy_temp_path {self.dir}/tmp;\n"
            f"  fastcgi_temp_path {self.dir}/tmp; uwsgi_temp_path {self.dir}/tmp; scgi_temp_path {self.dir}/tmp;\n"
            "  server_names_hash_bucket_size 128; server_names_hash_max_size 8192;\n"
            f"  keepalive_requests 100000;\n{servers}\n}}\n",
            encoding="utf-8",
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

    def take_log(self) -> dict[str, int]:
        """Requests per host since the last call (the access log is emptied; nginx appends)."""
        log = self.dir / "access.log"
        if not log.exists():
            return {}
        lines = log.read_text(encoding="utf-8", errors="replace").split()
        log.write_text("", encoding="utf-8")
        out: dict[str, int] = {}
        for host in lines:
            out[host] = out.get(host, 0) + 1
        return out

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGQUIT)
        self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------- measuring


class PeakRss:
    """Peak resident memory of several process trees together, sampled every 50 ms."""

    def __init__(self) -> None:
        self.roots: list[int] = []
        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
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
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21])
        total, todo = 0, list(self.roots)
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        return total * os.sysconf("SC_PAGE_SIZE") / 2**20

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.mb


def rows_written(db: str) -> int:
    """Rows inserted, updated and deleted in the database so far (PostgreSQL's statistics)."""
    from sqlalchemy import create_engine, text

    eng = create_engine(db)
    with eng.connect() as c:
        c.execute(text("SELECT pg_stat_force_next_flush()"))
        c.execute(text("SELECT pg_stat_clear_snapshot()"))
        n = c.execute(
            text(
                "SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()"
            )
        ).scalar()
    eng.dispose()
    return int(n or 0)


def wait_cpu(proc: subprocess.Popen[bytes]) -> float:
    """Wait for a child; its CPU seconds (user + system, its own children included)."""
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_utime + usage.ru_stime


@dataclass
class Row:
    runner: str
    wall: float
    cpu: float
    pages: int
    rss_mb: float
    rows_per_s: float
    judged: int
    targets: int
    busiest: tuple[str, int] = ("", 0)  # the host that received the most requests, and how many
    feed_requests: int = 0  # requests the accounts made to their feed service
    sites_s: float = 0.0  # from the first start to the last site done
    accounts_s: float = 0.0  # … to the last account done


def fresh_round(db: str, export_dir: Path, data: Path) -> None:
    """An empty schema with the province's registry and round R (checkpoint of the scenario)."""
    from sqlalchemy import create_engine, text

    from govinspect.store import Store

    eng = create_engine(db)
    with eng.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    store = Store(db)
    store.migrate()
    store.save_registry(
        m.Registry.model_validate_json((export_dir / "www" / "registry.json").read_text("utf-8"))
    )
    store.create_round(m.Round(name="R", checkpoint=m.checkpoint_at(dt.date(2023, 6, 20))))
    store.close()


def run_round(
    runner: str, db: str, broker: str, export_dir: Path, host_map: Path, workers: int, at_once: int
) -> Row:
    from govinspect.store import Store

    data = WORK / f"data-{runner}"
    fresh_round(db, export_dir, data)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "GOVINSPECT_BROKER_URL": broker}
    base = [*CLI, "--data-dir", str(data), "--db", db]
    peak = PeakRss()
    procs = []
    if workers:
        import redis

        redis.Redis.from_url(broker).flushdb()
        per_worker = max(1, at_once // workers)
        for i in range(workers):
            log = (data / f"worker{i}.log").open("wb")
            procs.append(subprocess.Popen([*base, "worker", "-j", str(per_worker)], env=env, stdout=log,
                                          stderr=subprocess.STDOUT))  # fmt: skip
            peak.roots.append(procs[-1].pid)
        for i in range(workers):
            while b" ready." not in (data / f"worker{i}.log").read_bytes():
                time.sleep(0.2)
    rows0 = rows_written(db)
    args = [
        "round",
        "run",
        "R",
        "--host-map",
        str(host_map),
        *(["--workers"] if workers else ["-j", str(at_once)]),
    ]
    started = time.monotonic()
    run = subprocess.Popen([*base, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak.roots.append(run.pid)
    cpu = wait_cpu(run)
    wall = time.monotonic() - started
    rows = rows_written(db) - rows0
    for p in procs:
        p.send_signal(signal.SIGTERM)
    cpu += sum(wait_cpu(p) for p in procs)
    rss = peak.stop()
    store = Store(db)
    status = store.target_status("R")
    pages = sum(
        int(store.target_info("R", kind, key).get("pages") or 0)
        for (kind, key), st in status.items()
        if kind == m.TargetKind.SITE and st == "done"
    )
    judged = sum(1 for r in store.results("R") if r.verdict != m.Verdict.UNVERIFIED)
    progress = store.target_progress("R")
    store.close()
    begun = min((p.started_at for p in progress if p.started_at), default=None)
    ends = {
        kind: max((p.finished_at for p in progress if p.target_kind == kind and p.finished_at), default=None)
        for kind in m.TargetKind
    }
    spans = {k: (e - begun).total_seconds() if e and begun else 0.0 for k, e in ends.items()}
    row = Row(runner, wall, cpu, pages, rss, rows / wall, judged, len(status))
    row.sites_s, row.accounts_s = spans[m.TargetKind.SITE], spans[m.TargetKind.ACCOUNT]
    return row


# --------------------------------------------------------------------------- monitoring sweep

SERVER = """
import asyncio, sys
from aiohttp import web
delay = float(sys.argv[2])
async def home(request):
    if delay:
        await asyncio.sleep(delay)
    return web.Response(text="<html><head><title>门户</title></head><body>首页</body></html>", content_type="text/html")
app = web.Application()
app.router.add_get("/", home)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


def sweep(hosts: int) -> tuple[float, float, dict[str, int]]:
    """One probe of `hosts` home pages: 80 % on a fast server, 10 % on one answering after 3 s, 10 % refused.

    Returns wall seconds, CPU seconds of this process, and how many probes were ok / failed."""
    from govinspect.crawl import probe_once

    fast, slow, refused = free_port(), free_port(), free_port()
    servers = [
        subprocess.Popen([sys.executable, "-c", SERVER, str(p), d]) for p, d in ((fast, "0"), (slow, "3"))
    ]
    for port in (fast, slow):
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
    host_map = {}
    for i in range(hosts):
        port = refused if i % 10 == 0 else slow if i % 10 == 1 else fast
        host_map[f"h{i:05d}.gov.cn"] = f"127.0.0.1:{port}"

    async def all_probes() -> list[bool]:
        sem = asyncio.Semaphore(500)  # open sockets at once

        async def one(h: str) -> bool:
            async with sem:
                return (await probe_once(f"http://{h}/", host_map, 10.0)).ok

        return await asyncio.gather(*(one(h) for h in host_map))

    try:
        cpu0, t0 = time.process_time(), time.monotonic()
        oks = asyncio.run(all_probes())
        wall, cpu = time.monotonic() - t0, time.process_time() - cpu0
    finally:
        for s in servers:
            s.terminate()
            s.wait(10)
    return wall, cpu, {"ok": sum(oks), "failed": len(oks) - sum(oks)}


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", required=True, help="PostgreSQL URL (its public schema is dropped)")
    ap.add_argument("--broker", default="redis://127.0.0.1:6379/12", help="Redis URL (the db is flushed)")
    ap.add_argument("--small", action="store_true", help="40 sites, 4,000 pages, 200 accounts")
    ap.add_argument("--runners", default="inprocess,workers1,workers2")
    ap.add_argument("--at-once", type=int, default=8, help="targets at once (split among the workers)")
    ap.add_argument("--no-sweep", action="store_true")
    ap.add_argument("--sweep-hosts", type=int, default=5000)
    args = ap.parse_args()
    size = SMALL if args.small else FULL
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    export_dir, counts = export_province(size)
    site_pages = {h: n for h, n in counts.items() if h.endswith(".prov.gov.cn")}
    defaults = CrawlSettings()
    rate, feed_rate = defaults.per_host_rate or 0.0, defaults.feed_rate or 0.0
    largest = max(site_pages.values())
    site_bound = largest / rate
    print(
        f"省级仿真：网站 {len(site_pages)} 个，页面 {sum(site_pages.values())} 个（最大 {largest}，中位数 "
        f"{sorted(site_pages.values())[len(site_pages) // 2]}），政务新媒体 {size.accounts} 个；导出 "
        f"{time.monotonic() - t0:.0f} s；每站 {rate:g} 次/秒，网站礼貌下限 {site_bound:.0f} s；"
        f"订阅源服务 {FEED_HOST} {feed_rate:g} 次/秒",
        flush=True,
    )
    nginx = Nginx(export_dir)
    host_map = WORK / "hosts.json"
    host_map.write_text(json.dumps({h: f"127.0.0.1:{nginx.port}" for h in counts}), encoding="utf-8")
    rows: list[Row] = []
    try:
        for runner in args.runners.split(","):
            workers = {"inprocess": 0, "workers1": 1, "workers2": 2}[runner]
            nginx.take_log()
            r = run_round(runner, args.db, args.broker, export_dir, host_map, workers, args.at_once)
            by_host = nginx.take_log()
            r.busiest = max(by_host.items(), key=lambda kv: kv[1], default=("", 0))
            r.feed_requests = by_host.get(FEED_HOST, 0)
            rows.append(r)
            print(f"  {runner}: {r.wall:.0f} s，判定 {r.judged}/{r.targets}", flush=True)
    finally:
        nginx.stop()
    print()
    print(f"{'runner':<10} {'wall s':>7} {'bound s':>8} {'wall/bound':>10} {'sites s':>8} {'/site bound':>11} "
          f"{'accounts s':>10} {'/feed bound':>11} {'pages':>7} {'CPU s/1k pages':>15} {'peak RSS MB':>12} "
          f"{'PG rows/s':>10} {'judged':>9}")  # fmt: skip
    for r in rows:
        per_k = r.cpu / r.pages * 1000 if r.pages else 0.0
        feed_bound = r.feed_requests / feed_rate if feed_rate else 0.0
        bound = max(site_bound, feed_bound)
        print(f"{r.runner:<10} {r.wall:>7.0f} {bound:>8.0f} {r.wall / bound:>10.2f} {r.sites_s:>8.0f} "
              f"{r.sites_s / site_bound:>11.2f} {r.accounts_s:>10.0f} "
              f"{r.accounts_s / feed_bound if feed_bound else 0.0:>11.2f} {r.pages:>7} {per_k:>15.2f} "
              f"{r.rss_mb:>12.0f} {r.rows_per_s:>10.0f} {f'{r.judged}/{r.targets}':>9}")  # fmt: skip
    for r in rows:
        print(f"  {r.runner}：请求最多的主机 {r.busiest[0]}（{r.busiest[1]} 次）；订阅源服务 {r.feed_requests} 次，"
              f"每个账号 {r.feed_requests / size.accounts:.1f} 次")  # fmt: skip
    print(f"网站礼貌下限 = 最大网站的页面数 ÷ 每站频率（{site_bound:.0f} s）；订阅源下限 = 账号对订阅源服务的请求数 ÷ "
          "订阅源频率；bound 取两者中较长者。sites s / accounts s = 从开始到最后一个网站 / 账号完成")  # fmt: skip
    print(
        "目标：wall ≤ 1.3 × 礼貌下限；进程内运行峰值内存 < 1.5 GB；每页 CPU 不高于单站抓取基准（bench/crawl.py）"
    )
    if args.no_sweep:
        return
    wall, cpu, outcome = sweep(args.sweep_hosts)
    per_host_ms = cpu / args.sweep_hosts * 1000
    print()
    print(f"持续监测一轮首页访问：{args.sweep_hosts} 个主机（10 % 拒绝连接，10 % 3 秒后才响应），"
          f"用时 {wall:.1f} s，CPU {cpu:.1f} s（每个主机 {per_host_ms:.2f} ms），成功 {outcome['ok']}、失败 {outcome['failed']}")  # fmt: skip
    cores = 14_000 * cpu / args.sweep_hosts / 1800
    print(f"全国 14,000 个网站每 30 分钟访问一次首页：CPU {cores:.3f} 核（一个任务执行进程的一小部分）")
    print(f"峰值内存（本进程）{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
