"""The page-worker protocol, run in this process over a socket pair: pages, errors, redirects, stop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from crawl_sites import HOST, SiteServer, const, fast_settings, page, redirect

from govinspect.crawl import Snapshot, crawl_site, workers
from govinspect.crawl.page import PageOutcome
from govinspect.crawl.workers import Channel, LinkThinner, WorkerConfig
from govinspect.model import Site


@pytest.fixture
async def worker_channel() -> AsyncIterator[tuple[Channel, asyncio.Task[None]]]:
    ours, theirs = socket.socketpair()
    channel = Channel(*await asyncio.open_connection(sock=ours))
    task = asyncio.create_task(workers._serve(Channel(*await asyncio.open_connection(sock=theirs))))
    yield channel, task
    channel.close()
    await asyncio.wait_for(task, 10)


async def recv(channel: Channel) -> Any:
    return await asyncio.wait_for(channel.recv(), 10)


async def test_worker_fetches_asks_before_redirects_and_stops(serve, worker_channel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", [("/a.html", "甲")]))
    server.routes["/old"] = redirect("/a.html")
    server.routes["/a.html"] = const(page("甲"))
    channel, task = worker_channel
    warc = tmp_path / "archive-1.warc.gz"
    channel.send(WorkerConfig(fast_settings(), server.host_map, {HOST}, warc, {"isPartOf": "t"}))
    channel.send(("page", 1, server.home, 0, None, None))
    kind, job, outcome = await recv(channel)
    assert (kind, job) == ("page", 1) and isinstance(outcome, PageOutcome)
    assert outcome.record.status == 200 and outcome.record.warc_file == "archive-1.warc.gz"
    assert (f"http://{HOST}/a.html", "a", "甲") in outcome.links
    home = outcome.record

    channel.send(("page", 2, f"http://{HOST}/old", 1, server.home, None))
    kind, question, target = await recv(channel)
    assert kind == "follow" and target == f"http://{HOST}/a.html"
    channel.send(("follow", question, False))  # the crawl already has /a.html: stop at the redirect
    kind, job, outcome = await recv(channel)
    assert (kind, job) == ("page", 2)
    assert outcome.record.status == 302 and outcome.record.final_url == target
    assert server.get_hits("/a.html") == 0

    channel.send(("stop",))
    assert await recv(channel) == ("stopped", 2, {})
    await asyncio.wait_for(task, 10)
    with Snapshot(tmp_path) as snap:
        assert b"<title>" in snap.body(home)  # archived by the worker, readable at the record's offset


async def test_worker_reports_a_failing_page_and_goes_on(  # type: ignore[no-untyped-def]
    serve, worker_channel, monkeypatch
) -> None:
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页"))
    real = workers.fetch_page

    async def flaky(fetcher, warc, hosts, url, *rest):  # type: ignore[no-untyped-def]
        if url.endswith("/boom"):
            raise ValueError("解析器崩溃")
        return await real(fetcher, warc, hosts, url, *rest)

    monkeypatch.setattr(workers, "fetch_page", flaky)
    channel, _ = worker_channel
    channel.send(WorkerConfig(fast_settings(), server.host_map, {HOST}, None, {}))
    channel.send(("page", 1, f"http://{HOST}/boom", 1, None, None))
    channel.send(("page", 2, server.home, 0, None, None))
    got = {(await recv(channel))[:2] for _ in range(2)}
    assert got == {("error", 1), ("page", 2)}


async def test_worker_stops_when_the_crawl_process_goes(worker_channel) -> None:  # type: ignore[no-untyped-def]
    channel, task = worker_channel
    channel.send(WorkerConfig(fast_settings(), None, {HOST}, None, {}))
    channel.close()  # the crawl process died: stdin closes
    await asyncio.wait_for(task, 10)


def test_link_thinner_holds_back_busy_links_and_counts_them() -> None:
    thinner = LinkThinner(keep=2)
    menu = ("http://x.gov.cn/", "a", "首页")
    sent = [thinner.thin([menu, (f"http://x.gov.cn/{i}.html", "a", str(i))]) for i in range(4)]
    assert [menu in batch for batch in sent] == [True, True, False, False]
    assert all(len(batch) >= 1 for batch in sent)  # each page's own link always goes
    assert thinner.held == {("http://x.gov.cn/", "a"): 2}


def test_link_thinner_forgets_when_full_without_losing_a_sighting() -> None:
    thinner = LinkThinner(keep=1, memory=2)
    menu = ("http://x.gov.cn/", "a", "首页")
    assert thinner.thin([menu, menu]) == [menu] and thinner.held[menu[:2]] == 1
    thinner.thin(
        [("http://x.gov.cn/1.html", "a", "1"), ("http://x.gov.cn/2.html", "a", "2")]
    )  # full: cleared
    assert thinner.thin([menu]) == [menu]  # sent again: the crawl process counts it, nothing is held twice
    assert thinner.held[menu[:2]] == 1


async def test_crawl_goes_on_when_workers_cannot_start(serve, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No process can be started (e.g. the process limit is reached): the crawl process fetches alone."""

    async def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(asyncio, "create_subprocess_exec", refuse)
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", [("/a.html", "甲")]))
    server.routes["/a.html"] = const(page("甲"))
    site = Site(code="n", name="n", home_url=server.home, unit="x")
    summary = await crawl_site(site, tmp_path / "s", fast_settings(crawl_processes=2), server.host_map)
    assert summary.complete and summary.pages == 2 and summary.page_errors == 0
    assert {p.warc_file for p in Snapshot.open(tmp_path / "s").pages()} == {"archive.warc.gz"}
