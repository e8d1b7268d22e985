"""Progress of a round on the console: a bar with the current target and an ETA on a terminal,
one plain line every N targets when the output is redirected (logs, cron, CI).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from govinspect.jobs.runner import Target

LINE_EVERY = 10  # targets between two progress lines when the output is not a terminal


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}"


class RoundProgress:
    """Counts targets as the runner reports them; `update` is the runner's progress callback."""

    def __init__(
        self,
        console: Console | None,
        title: str,
        total: int,
        *,
        label: Callable[[Target], str] = lambda t: t[1],
        every: int = LINE_EVERY,
    ) -> None:
        self.console, self.title, self.total, self.label = console, title, total, label
        self.every = max(1, every)
        self.finished = self.failed = 0
        self.started_at = time.monotonic()
        self.current: list[Target] = []
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        if console is not None and console.is_terminal:
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[current]}"),
                TimeElapsedColumn(),
                TextColumn("预计剩余"),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )

    def __enter__(self) -> RoundProgress:
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task(self.title, total=self.total, current="")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
        elif self.console is not None and exc_type is None and self.finished % self.every:
            self._line()

    def update(self, target: Target, event: str) -> None:
        """The runner's callback: "started", then "done" | "failed" | "skipped"."""
        if event == "started":
            self.current.append(target)
        else:
            if target in self.current:
                self.current.remove(target)
            self.finished += 1
            self.failed += event == "failed"
        if self.bar is not None and self.task is not None:
            now = self.label(self.current[-1]) if self.current else ""
            self.bar.update(self.task, completed=self.finished, current=now)
        elif self.console is not None and event != "started" and self.finished % self.every == 0:
            self._line()

    def eta_s(self) -> float | None:
        """Seconds left at the pace so far (None before the first target finished)."""
        if not self.finished:
            return None
        pace = (time.monotonic() - self.started_at) / self.finished
        return pace * (self.total - self.finished)

    def _line(self) -> None:
        assert self.console is not None
        elapsed = time.monotonic() - self.started_at
        eta = self.eta_s()
        text = f"{self.title}：已完成 {self.finished}/{self.total} 个"
        if self.failed:
            text += f"（出错 {self.failed} 个）"
        text += f"，用时 {_clock(elapsed)}"
        if eta is not None and self.finished < self.total:
            text += f"，预计剩余 {_clock(eta)}"
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)
