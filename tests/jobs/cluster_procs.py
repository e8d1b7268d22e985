"""`govinspect worker` processes, a private redis-server and a TCP proxy for the cluster tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from county_server import ROOT

from govinspect.store import Store

PY = [sys.executable, "-c", "from govinspect.cli import main; main()"]


def env_for(broker: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200", "GOVINSPECT_BROKER_URL": broker}


def start_workers(
    n: int, data: Path, db: str, broker: str, logs: Path, *, concurrency: int = 2
) -> list[subprocess.Popen[bytes]]:
    """`n` real `govinspect worker` processes (logs `w0.log` … in `logs`); returns once all listen for tasks."""
    procs = [launch_worker(data, db, broker, logs / f"w{i}.log", concurrency) for i in range(n)]
    for i, proc in enumerate(procs):
        wait_ready(proc, logs / f"w{i}.log")
    return procs


def launch_worker(
    data: Path, db: str, broker: str, log: Path, concurrency: int = 2
) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    cmd = [*PY, "--data-dir", str(data), "--db", db, "worker", "--concurrency", str(concurrency)]
    return subprocess.Popen(
        cmd, env=env_for(broker), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_ready(proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if b" ready." in log.read_bytes():
            return
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    stop(proc)
    raise AssertionError(f"worker did not start:\n{log.read_text(errors='replace')[-3000:]}")


def round_run(data: Path, db: str, broker: str, host_map: Path) -> subprocess.Popen[str]:
    """`govinspect round run R --workers` as a process, output captured."""
    cmd = [
        *PY,
        "--data-dir",
        str(data),
        "--db",
        db,
        "round",
        "run",
        "R",
        "--workers",
        "--host-map",
        str(host_map),
    ]
    return subprocess.Popen(
        cmd, env=env_for(broker), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a worker (its whole process group) and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 15)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait(10)


def verdicts(store: Store) -> list[tuple[str, str, str, float | None, str]]:
    return sorted(
        (r.target_kind.value, r.target, r.verdict.value, r.score, r.summary) for r in store.results("R")
    )


def findings(store: Store) -> list[tuple[str, str, str, str]]:
    return sorted((f.target_kind.value, f.target, f.code, f.message) for f in store.findings("R"))


def outcome(
    store: Store,
) -> tuple[list[tuple[str, str, str, float | None, str]], list[tuple[str, str, str, str]]]:
    """What a round left in the store: every target done (once), its verdicts and its findings."""
    status = store.target_status("R")
    assert status and set(status.values()) == {"done"}, status
    return verdicts(store), findings(store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[RedisServer]:
    """A private redis-server on a free loopback port, with AOF (as docs/deployment.md asks)."""
    exe = shutil.which("redis-server")
    assert exe, "redis-server is not installed"
    server = RedisServer(exe, folder, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


class RedisServer:
    def __init__(self, exe: str, folder: Path, port: int) -> None:
        self.exe, self.folder, self.port = exe, folder, port
        self.proc: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), "--save", "",
                "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no"]  # fmt: skip
        self.proc = subprocess.Popen([self.exe, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(20)
            self.proc = None


class TcpProxy:
    """Forwards a loopback port to another; `refuse()` closes it (connections refused), `accept()` reopens it."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.port = free_port()
        self.sock: socket.socket | None = None
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()

    def accept(self) -> None:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(64)
        self.sock = sock
        threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def refuse(self) -> None:
        """Close the listener and every open connection: PostgreSQL is gone for the clients."""
        sock, self.sock = self.sock, None
        if sock is not None:
            sock.close()
        with self.lock:
            for c in self.conns:
                with contextlib.suppress(OSError):
                    c.shutdown(socket.SHUT_RDWR)
                c.close()
            self.conns.clear()

    def _serve(self, sock: socket.socket) -> None:
        while True:
            try:
                client, _ = sock.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
