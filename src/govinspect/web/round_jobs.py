"""`round run` and `round rejudge` started from the platform as background processes, and a round's progress.

The web process never crawls in a request: it starts the CLI's own command (same data directory,
database and host map as the server), which takes the round's lease (`jobs.lock`); progress is read
back from the store.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from govinspect import model as m
from govinspect.config import Settings
from govinspect.errors import UserError
from govinspect.jobs.lock import busy_message, is_stale
from govinspect.privacy import mask_personal_data
from govinspect.store import Store

CLI_MAIN = "from govinspect.cli import main; main()"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the directory holding the govinspect package
WHAT = {"run": "运行检查", "rejudge": "重新判定", "recheck": "复查", "selfcheck": "自查"}


def recheck_key(task_id: int) -> str:
    """The key of a task's 复查 job among the server's jobs (rounds are keyed by their name)."""
    return f"整改任务:{task_id}"


def selfcheck_key(inspection_id: int) -> str:
    """The key of a 自查 job among the server's jobs."""
    return f"自查:{inspection_id}"


class JobRefused(UserError):
    """A job cannot start (another one writes the round), in one Chinese line."""


@dataclass
class Job:
    """A background CLI process the server started for a round, a task's 复查 or a 自查."""

    round_name: str  # or `recheck_key` / `selfcheck_key` of the task or 自查
    command: str  # a key of WHAT
    proc: subprocess.Popen[bytes]
    log: Path
    started_by: str
    started_at: dt.datetime

    @property
    def running(self) -> bool:
        return self.proc.poll() is None


def cli_args(settings: Settings, *args: str) -> list[str]:
    """`govinspect --data-dir … [--db …] ARGS` run by this interpreter."""
    db = ["--db", settings.database_url] if settings.database_url else []
    return [sys.executable, "-c", CLI_MAIN, "--data-dir", str(settings.data_dir), *db, *args]


@dataclass
class Jobs:
    """The server's background jobs: at most one per round, and none while another process holds its lease."""

    settings: Settings
    store: Store
    host_map: Path | None = None  # `--host-map` for `round run` (simulated sites)
    auto_recheck: bool = True  # a unit's submission starts its task's 复查 in the background
    _jobs: dict[str, Job] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, round_name: str) -> Job | None:
        return self._jobs.get(round_name)

    def start_run(self, round_name: str, by: str) -> Job:
        extra = ["--host-map", str(self.host_map)] if self.host_map else []
        return self._start(round_name, "run", ["round", "run", round_name, *extra], by)

    def start_rejudge(self, round_name: str, profile: str, by: str) -> Job:
        return self._start(round_name, "rejudge", ["round", "rejudge", round_name, "--profile", profile], by)

    def _start(self, round_name: str, command: str, args: list[str], by: str) -> Job:
        with self._lock:
            mine = self._jobs.get(round_name)
            if mine is not None and mine.running:
                raise JobRefused(
                    f"检查轮次“{round_name}”正在{WHAT[mine.command]}（{mine.started_by} 于 "
                    f"{mine.started_at:%H:%M:%S} 开始，进程号 {mine.proc.pid}），请待其结束后再操作"
                )
            holder = self.store.lease(round_name)
            if holder is not None and not is_stale(holder, dt.datetime.now(m.TZ), socket.gethostname()):
                raise JobRefused(busy_message(holder))
            log = self.settings.round_dir(round_name) / "web-jobs" / f"{command}.log"
            return self._spawn(round_name, command, args, by, log)

    def _spawn(self, key: str, command: str, args: list[str], by: str, log: Path) -> Job:
        """Start the CLI command writing to `log` (caller holds `_lock`) and remember it under `key`."""
        log.parent.mkdir(parents=True, exist_ok=True)
        pythonpath = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cli_args(self.settings, *args), stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": pythonpath},
                stdin=subprocess.DEVNULL, start_new_session=True,  # the server's Ctrl-C is not the job's
            )  # fmt: skip
        job = Job(key, command, proc, log, by, dt.datetime.now(m.TZ))
        self._jobs[key] = job
        return job

    def start_recheck(self, task_id: int, user: str | None, by: str) -> Job:
        """`task recheck` of one task in the background, as `user` (None: the automatic re-check on submission)."""
        who = ["--user", user] if user else ["--auto"]
        log = self.settings.data_dir / "rectify" / str(task_id) / "recheck.log"
        return self._start_keyed(
            recheck_key(task_id), "recheck", ["task", "recheck", str(task_id), *who], by, log
        )

    def start_selfcheck(self, inspection_id: int, by: str) -> Job:
        """`selfcheck run` of one 自查 in the background."""
        log = self.settings.data_dir / "self-inspections" / f"{inspection_id}.log"
        return self._start_keyed(
            selfcheck_key(inspection_id), "selfcheck", ["selfcheck", "run", str(inspection_id)], by, log
        )

    def _start_keyed(self, key: str, command: str, args: list[str], by: str, log: Path) -> Job:
        """Start a job that writes no round (no lease), unless the same one is still running."""
        with self._lock:
            mine = self._jobs.get(key)
            if mine is not None and mine.running:
                raise JobRefused(
                    f"{key} 正在{WHAT[command]}（{mine.started_by} 于 {mine.started_at:%H:%M:%S} 开始），请稍候"
                )
            extra = ["--host-map", str(self.host_map)] if self.host_map else []
            return self._spawn(key, command, [*args, *extra], by, log)

    def stop(self, round_name: str) -> Job:
        """Interrupt the round's job (Ctrl-C: the CLI stops cleanly and a later run resumes)."""
        job = self._jobs.get(round_name)
        if job is None or not job.running:
            raise JobRefused(f"检查轮次“{round_name}”没有由本平台启动、正在运行的任务")
        job.proc.send_signal(signal.SIGINT)
        return job


@dataclass(frozen=True, slots=True)
class Progress:
    """A round's run as the progress fragment shows it."""

    total: int
    done: int
    failed: int
    running: list[str]  # names of the targets being checked now
    active: bool  # a job or another process is writing the round
    command: str | None  # the job's command, when the server started one
    exit_code: int | None
    last_line: str  # the job's last output line (its Chinese error, when it failed)
    eta_s: float | None
    unverified: list[tuple[str, str, str]]  # (unit, name, reason) of 待核实 targets

    @property
    def percent(self) -> int:
        return round(100 * (self.done + self.failed) / self.total) if self.total else 0

    @property
    def eta_text(self) -> str:
        if self.eta_s is None:
            return ""
        s = int(self.eta_s)
        return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}"


def last_line(log: Path) -> str:
    try:
        lines = [x for x in log.read_text(encoding="utf-8", errors="replace").splitlines() if x.strip()]
    except OSError:
        return ""
    return mask_personal_data(lines[-1].strip()) if lines else ""


def round_progress(store: Store, round_name: str, job: Job | None) -> Progress:
    """Targets done / failed / running from the store, the ETA at this run's pace, and 待核实 when done."""
    now = dt.datetime.now(m.TZ)
    rows = store.target_progress(round_name)
    holder = store.lease(round_name)
    leased = holder is not None and not is_stale(holder, now, socket.gethostname())
    active = leased or (job is not None and job.running)
    reg = store.load_registry()
    names = {s.code: s.name for s in reg.sites} | {a.key: a.name for a in reg.accounts}
    finished = [r for r in rows if r.status in ("done", "failed")]
    eta = None
    since = holder.started_at if leased and holder is not None else (job.started_at if job else None)
    if active and since is not None:
        paced = [r for r in finished if r.finished_at is not None and r.finished_at >= since]
        left = len(rows) - len(finished)
        if paced:
            eta = (now - since).total_seconds() / len(paced) * left
    unverified = []
    if not active:
        unverified = [
            (r.unit, r.name, mask_personal_data(r.summary) or "未能判定")
            for r in store.results(round_name)
            if r.verdict == m.Verdict.UNVERIFIED
        ]
    ended = job is not None and not job.running
    return Progress(
        total=len(rows),
        done=sum(r.status == "done" for r in rows),
        failed=sum(r.status == "failed" for r in rows),
        running=[names.get(r.target, r.target) for r in rows if r.status == "running" and active],
        active=active,
        command=WHAT[job.command] if job else None,
        exit_code=job.proc.returncode if ended and job else None,
        last_line=last_line(job.log) if ended and job else "",
        eta_s=eta,
        unverified=unverified,
    )
