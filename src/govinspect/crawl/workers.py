"""Page workers of a multi-process crawl: processes that fetch, archive and parse the pages they are sent.

The crawl process keeps the frontier, de-duplication, limits, politeness and every jsonl file; a worker
only runs `page.fetch_page` and writes its own WARC file (archive-N.warc.gz). Before following a redirect
it asks the crawl process, exactly as an in-process fetch does, so no page is fetched twice.

A link found on many pages (menus, footers) is sent only as often as the crawl process keeps sources for
it (`max_link_sources`); the worker counts the other sightings and reports them when it stops, so every
link's source_count stays exact while the crawl process handles far fewer links.

Messages travel over the worker's stdin and stdout as frames: a 4-byte length, then a pickle.
    crawl → worker: ("page", id, url, depth, referrer, column) · ("follow", id, allowed) · ("stop",)
    worker → crawl: ("page", id, PageOutcome) · ("error", id, text) · ("follow", id, target) · ("stopped", requests, {(url, kind): sightings not sent})
The first frame a worker reads is its WorkerConfig. A worker whose stdin closes stops at once.
"""

from __future__ import annotations

import asyncio
import gc
import os
import pickle
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.fetch import Politeness
from govinspect.crawl.net import HostMap, make_session
from govinspect.crawl.page import LinkTuple, PageOutcome, fetch_page
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.warc import WarcWriter

Follow = Callable[[str], Awaitable[bool]]


class WorkerGone(Exception):
    """A page worker exited before answering; the crawl process fetches the page itself."""


@dataclass(slots=True)
class WorkerConfig:
    """Everything a page worker needs: the site's settings and hosts and where its archive goes."""

    settings: CrawlSettings
    host_map: dict[str, str] | None
    site_hosts: set[str]
    warc_path: Path | None  # None when archiving is off
    warc_info: dict[str, str]


class LinkThinner:
    """Sends each (url, kind) at most `keep` times and counts the sightings held back."""

    def __init__(self, keep: int, memory: int = 8192) -> None:
        self.keep = keep
        self.memory = memory  # links remembered; forgetting only means sending some again
        self.sent: dict[tuple[str, str], int] = {}
        self.held: Counter[tuple[str, str]] = Counter()

    def thin(self, links: list[LinkTuple]) -> list[LinkTuple]:
        out: list[LinkTuple] = []
        sent = self.sent
        for link in links:
            key = (link[0], link[1])
            n = sent.get(key, 0)
            if n < self.keep:
                if len(sent) >= self.memory:
                    sent.clear()
                sent[key] = n + 1
                out.append(link)
            else:
                self.held[key] += 1
        return out


class Channel:
    """Length-prefixed pickle frames over a pair of asyncio streams; the frames one event-loop turn sends
    go out in one write."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self._out: list[bytes] = []

    def send(self, message: Any) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        if not self._out:
            asyncio.get_running_loop().call_soon(self._flush)
        self._out.append(len(data).to_bytes(4, "big"))
        self._out.append(data)

    def _flush(self) -> None:
        if not self.writer.is_closing():
            self.writer.write(b"".join(self._out))
        self._out.clear()

    async def drain(self) -> None:
        """Wait until everything sent so far has been handed to the pipe."""
        self._flush()
        await self.writer.drain()

    def close(self) -> None:
        """Send what is pending, then close the writing side (the other end reads EOF)."""
        self._flush()
        self.writer.close()

    async def recv(self) -> Any:
        """The next message, or None when the other side has gone."""
        try:
            size = int.from_bytes(await self.reader.readexactly(4), "big")
            return pickle.loads(await self.reader.readexactly(size))
        except (asyncio.IncompleteReadError, ConnectionError):
            return None


# ---------------------------------------------------------------------------------- worker side


async def _serve(channel: Channel) -> None:
    config: WorkerConfig | None = await channel.recv()
    if config is None:
        return  # the crawl process went away before sending work
    s = config.settings
    hosts = HostMap(config.host_map, offline=s.offline)
    session = make_session(hosts, s.user_agent)
    # broken TLS is read and challenges recognised here too; solving them is the crawl process's (ADR 0017)
    fetcher = BrowserFetcher(session, s, hosts, Politeness(s, config.site_hosts), None)
    warc = WarcWriter(config.warc_path, config.warc_info) if config.warc_path is not None else None
    thinner = LinkThinner(s.max_link_sources)
    answers: dict[int, asyncio.Future[bool]] = {}
    tasks: set[asyncio.Task[None]] = set()
    next_question = 0

    async def follow(target: str) -> bool:
        nonlocal next_question
        next_question += 1
        answers[next_question] = asyncio.get_running_loop().create_future()
        channel.send(("follow", next_question, target))
        return await answers[next_question]

    async def page(job: int, url: str, depth: int, referrer: str | None, column: str | None) -> None:
        try:
            outcome = await fetch_page(fetcher, warc, config.site_hosts, url, depth, referrer, column, follow)
        except Exception as exc:  # reported, so the crawl process records it instead of waiting forever
            channel.send(("error", job, f"{type(exc).__name__}: {exc}"))
        else:
            outcome.links = thinner.thin(outcome.links)
            channel.send(("page", job, outcome))

    try:
        while (message := await channel.recv()) is not None:
            kind = message[0]
            if kind == "page":
                task = asyncio.create_task(page(*message[1:]))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            elif kind == "follow":
                answers.pop(message[1]).set_result(message[2])
            elif kind == "stop":
                await asyncio.gather(*tasks)
                channel.send(("stopped", fetcher.requests, dict(thinner.held)))
                await channel.drain()
                break
    finally:  # stdin closed (the crawl process died) or stopped: drop unfinished pages
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await session.close()
        if warc is not None:
            warc.close()


def main() -> None:
    """Entry point of a page-worker process (started by PageWorkers)."""
    gc.set_threshold(100_000, 10, 100)  # as in crawl_site: a page makes many short-lived objects
    asyncio.run(_serve_stdio())


async def _serve_stdio() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    frames_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # a stray print must not corrupt the frames
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, frames_out)
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    await _serve(Channel(reader, writer))


# ---------------------------------------------------------------------------------- crawl side


@dataclass(slots=True)
class _Worker:
    proc: asyncio.subprocess.Process
    channel: Channel
    pending: dict[int, asyncio.Future[PageOutcome]]
    reader: asyncio.Task[None] | None = None
    alive: bool = True
    requests: int = 0
    held: dict[tuple[str, str], int] = field(default_factory=dict)


class PageWorkers:
    """The crawl process's handle on its page workers: sends pages, answers redirect questions."""

    def __init__(self, count: int, config: WorkerConfig, follow: Follow) -> None:
        self.count = count
        self.config = config
        self.follow = follow
        self.workers: list[_Worker] = []
        self._jobs = 0

    async def start(self) -> None:
        """Start the workers; one that cannot start leaves its pages to the others or the crawl process."""
        for i in range(1, self.count + 1):
            try:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-c",
                    "from govinspect.crawl.workers import main; main()",
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    limit=2**26,
                )
            except OSError as exc:  # no process to spare: crawl with the workers started (or none)
                print(f"页面工作进程无法启动：{exc}", file=sys.stderr)
                break
            assert proc.stdout is not None and proc.stdin is not None
            w = _Worker(proc, Channel(proc.stdout, proc.stdin), {})
            warc = self.config.warc_path
            w.channel.send(
                WorkerConfig(
                    self.config.settings,
                    self.config.host_map,
                    self.config.site_hosts,
                    warc.with_name(f"archive-{i}.warc.gz") if warc is not None else None,
                    self.config.warc_info,
                )
            )
            w.reader = asyncio.create_task(self._read(w))
            self.workers.append(w)

    async def _read(self, w: _Worker) -> None:
        while (message := await w.channel.recv()) is not None:
            kind = message[0]
            if kind in ("page", "error"):
                future = w.pending.pop(message[1], None)
                if future is None or future.done():
                    continue
                if kind == "page":
                    future.set_result(message[2])
                else:
                    future.set_exception(RuntimeError(message[2]))
            elif kind == "follow":
                w.channel.send(("follow", message[1], await self.follow(message[2])))
            elif kind == "stopped":
                w.requests, w.held = message[1], message[2]
        w.alive = False
        for future in w.pending.values():
            if not future.done():
                future.set_exception(WorkerGone("页面工作进程已退出"))
        w.pending.clear()

    async def fetch(self, url: str, depth: int, referrer: str | None, column: str | None) -> PageOutcome:
        """Fetch a page in the least busy worker; raises WorkerGone when none is left or it dies."""
        alive = [w for w in self.workers if w.alive]
        if not alive:
            raise WorkerGone("没有可用的页面工作进程")
        w = min(alive, key=lambda x: len(x.pending))
        self._jobs += 1
        future: asyncio.Future[PageOutcome] = asyncio.get_running_loop().create_future()
        w.pending[self._jobs] = future
        w.channel.send(("page", self._jobs, url, depth, referrer, column))
        return await future

    async def close(self) -> tuple[int, Counter[tuple[str, str]]]:
        """Stop every worker (they finish their pages first); return the requests they made and the link
        sightings they held back."""
        for w in self.workers:
            if w.alive:
                w.channel.send(("stop",))
        for w in self.workers:
            try:
                await asyncio.wait_for(w.proc.wait(), 30)
            except TimeoutError:
                w.proc.kill()
                await w.proc.wait()
            if w.reader is not None:
                await w.reader
        held: Counter[tuple[str, str]] = Counter()
        for w in self.workers:
            held.update(w.held)
        return sum(w.requests for w in self.workers), held
