"""An interrupted crawl (SIGKILL) resumes from disk: complete snapshot, nothing stored is fetched twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest
from crawl_sites import HOST, SiteServer, const, fast_settings, page, raw

from govinspect.crawl import Snapshot, crawl_site
from govinspect.crawl.crawler import SiteCrawler
from govinspect.crawl.jsonl import read_lines
from govinspect.model import Site

N_LIST = 8
N_ART = 12


def tree_site(server: SiteServer) -> set[str]:
    """Home → 8 list pages → 12 articles each (97 pages), every article with an image."""
    r = server.routes
    urls = {"/"}
    r["/"] = const(page("首页", [(f"/list{i}.html", f"栏目{i}") for i in range(N_LIST)]))
    for i in range(N_LIST):
        arts = [(f"/art/{i}_{j}.html", f"文章{i}-{j}") for j in range(N_ART)]
        r[f"/list{i}.html"] = const(page(f"栏目{i}", [*arts, ("/", "首页")]))
        urls.add(f"/list{i}.html")
        for j in range(N_ART):
            r[f"/art/{i}_{j}.html"] = const(page(f"文章{i}-{j}", body=f'<img src="/img/{i}_{j}.png">'))
            r[f"/img/{i}_{j}.png"] = raw(b"PNG", {"Content-Type": "image/png"})
            urls.add(f"/art/{i}_{j}.html")
    return urls


def stored_paths(out: Path) -> list[str]:
    return [str(d["url"]).replace(f"http://{HOST}", "") for d in read_lines(out / "pages.jsonl")]


@pytest.mark.parametrize("processes", [1, 2])
async def test_sigkill_then_resume(serve, tmp_path: Path, processes: int) -> None:  # type: ignore[no-untyped-def]
    """Killed a third of the way, with the page workers too when there are any; the rerun completes it."""
    server = await serve(SiteServer())
    expected = tree_site(server)
    out = tmp_path / "snap"
    args = [
        sys.executable, "-m", "govinspect.crawl", server.home, str(out), "--code", "resume",
        "--host-map", f"{HOST}=127.0.0.1:{server.port}",
        "--set", "per_host_rate=25", "--set", "per_host_concurrency=2", "--set", "flush_every=3",
        "--set", "retries=0", "--set", f"crawl_processes={processes}",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = await asyncio.create_subprocess_exec(
        *args, env=env, stdout=asyncio.subprocess.DEVNULL, start_new_session=True
    )
    try:
        for _ in range(600):
            await asyncio.sleep(0.05)
            if len(stored_paths(out)) >= len(expected) // 3 if (out / "pages.jsonl").exists() else False:
                break
        os.killpg(proc.pid, signal.SIGKILL)  # the crawl process and its page workers at once
    finally:
        await proc.wait()
    assert proc.returncode == -signal.SIGKILL
    before = stored_paths(out)
    assert 0 < len(before) < len(expected)
    assert not (out / "summary.json").exists()
    hits_before = Counter(server.hits)

    site = Site(code="resume", name="resume", home_url=server.home, unit="x")

    summary = await asyncio.wait_for(
        crawl_site(site, out, fast_settings(crawl_processes=processes), server.host_map), 60
    )
    assert summary.complete and summary.resumed == 1
    after = stored_paths(out)
    assert set(after) == expected
    assert len(after) == len(set(after))  # every page stored once
    for path in before:
        assert server.get_hits(path) == 1, path  # stored before the kill: never fetched again
    assert sum(hits_before.values()) < sum(server.hits.values())
    snap = Snapshot.open(out)
    for rec in snap.pages():
        assert b"<title>" in snap.body(rec)
    links = {link.url: link for link in snap.links()}
    assert all(link.error is None for link in links.values())
    assert sum(1 for u in links if "/img/" in u) == N_LIST * N_ART
    # a second run on a finished snapshot fetches nothing
    total = sum(server.hits.values())
    again = await crawl_site(site, out, fast_settings(), server.host_map)
    assert again.complete and sum(server.hits.values()) == total


async def test_torn_files_are_tolerated(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    expected = tree_site(server)
    site = Site(code="t", name="t", home_url=server.home, unit="x")
    out = tmp_path / "snap"
    await crawl_site(site, out, fast_settings(max_pages=20, link_check=False), server.host_map)
    # simulate a kill mid-write: torn jsonl line and a torn WARC tail, no summary
    (out / "summary.json").unlink()
    with (out / "pages.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"url": "http://www.test.gov.cn/art/7_')
    with (out / "archive.warc.gz").open("ab") as fh:
        fh.write(b"\x1f\x8b\x08\x00garbage")
    summary = await crawl_site(site, out, fast_settings(), server.host_map)
    assert summary.complete
    assert set(stored_paths(out)) == expected
    snap = Snapshot.open(out)
    assert all(b"<title>" in snap.body(p) for p in snap.pages())


async def test_a_dead_page_worker_loses_nothing(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A page worker killed mid-crawl: its pages are fetched by the crawl process, the snapshot is whole."""
    server = await serve(SiteServer())
    expected = tree_site(server)
    site = Site(code="w", name="w", home_url=server.home, unit="x")
    killed: list[int] = []

    def kill_one(done: int, queued: int) -> None:
        if done >= 20 and not killed and crawler.page_workers is not None:
            worker = crawler.page_workers.workers[0]
            worker.proc.kill()
            killed.append(worker.proc.pid)

    settings = fast_settings(crawl_processes=2, per_host_rate=50)
    crawler = SiteCrawler(site, tmp_path / "snap", settings, server.host_map, kill_one)
    summary = await asyncio.wait_for(crawler.run(), 60)
    assert killed and summary.complete
    paths = stored_paths(tmp_path / "snap")
    assert set(paths) == expected and len(paths) == len(set(paths))
    snap = Snapshot.open(tmp_path / "snap")
    assert all(b"<title>" in snap.body(rec) for rec in snap.pages())
    assert "archive-2.warc.gz" in {rec.warc_file for rec in snap.pages()}  # the survivor went on


@pytest.mark.parametrize("processes", [1, 2])
async def test_a_cut_page_reads_the_same_after_resume(serve, tmp_path: Path, processes: int) -> None:  # type: ignore[no-untyped-def]
    """A home page over the size limit: its links before the cut are followed, on resume too; none after it."""
    server = await serve(SiteServer())
    filler = "<p>" + "通知公告" * 30_000 + "</p>"  # ~360 KB, past the 64 KB limit
    links = [(f"/a{i}.html", f"文章{i}") for i in range(6)]
    server.routes["/"] = const(page("首页", links, body=filler + '<a href="/after.html">截断之后</a>'))
    for i in range(6):
        server.routes[f"/a{i}.html"] = const(page(f"文章{i}"))
    server.routes["/after.html"] = const(page("截断之后"))
    site = Site(code="t", name="t", home_url=server.home, unit="x")
    out = tmp_path / "snap"
    settings = {"max_response_bytes": 64 * 1024, "link_check": False, "crawl_processes": processes}
    await crawl_site(site, out, fast_settings(max_pages=2, **settings), server.host_map)
    (out / "summary.json").unlink()  # as if killed after two pages
    summary = await crawl_site(site, out, fast_settings(**settings), server.host_map)
    assert summary.complete
    assert sorted(stored_paths(out)) == sorted(["/", *(u for u, _ in links)])
    with Snapshot(out) as snap:
        home = next(p for p in snap.pages() if p.url == server.home)
        assert home.truncated and home.error is None and home.size == 64 * 1024
        assert len(snap.body(home)) == 64 * 1024
    assert server.get_hits("/") == 1 and server.get_hits("/after.html") == 0
