"""Ctrl-C during `round run` says how to go on and exits 130; the round resumes; redirected output
gets plain progress lines instead of a bar."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import pytest
from county_server import Served, cli, set_up_county_round
from rich.console import Console

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.progress import RoundProgress

UNITS = ("梅溪县", "县发改委", "县教育局", "县民政局", "县财政局", "县人社局", "县卫健委", "县水利局")


@pytest.mark.slow
def test_ctrl_c_exits_130_and_the_round_resumes(served: Served, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    store, hm = set_up_county_round(served, settings, UNITS)
    run = cli(settings.data_dir, settings.db_url(), "round", "run", "R", "--host-map", str(hm), "-j", "2")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None:
        if any(v == "done" for v in store.target_status("R").values()):
            break
        time.sleep(0.2)
    assert run.poll() is None, "the round finished before it could be interrupted"
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 130, (out, err)
    assert "已中断，重新运行即可续跑" in err and "Traceback" not in err
    assert store.lease("R") is None  # the interrupted writer let go of the round
    done_before = {t for t, v in store.target_status("R").items() if v == "done"}
    assert done_before and len(done_before) < len(store.target_status("R"))

    again = cli(settings.data_dir, settings.db_url(), "round", "run", "R", "--host-map", str(hm))
    out, err = again.communicate(timeout=600)
    assert again.returncode in (0, 1) and "Traceback" not in err, (out, err)
    status = store.target_status("R")
    assert set(status.values()) == {"done"}
    assert {r.target for r in store.results("R")} == {key for _kind, key in status}
    lines = re.findall(r"检查网站与政务新媒体：已完成 (\d+)/(\d+) 个", out)  # no TTY: plain lines
    assert lines and lines[-1][0] == lines[-1][1] == str(len(status))
    assert "\x1b[" not in out  # no bar, no cursor movement in a log file


def test_progress_lines_every_n_targets_with_eta() -> None:
    console = Console(record=True, force_terminal=False, width=200)
    targets = [(m.TargetKind.SITE, f"s{i}") for i in range(7)]
    with RoundProgress(console, "检查", len(targets), every=3) as bar:
        for t in targets:
            bar.update(t, "started")
            bar.update(t, "failed" if t[1] == "s1" else "done")
    text = console.export_text()
    lines = [line for line in text.splitlines() if line.strip()]
    assert [re.search(r"已完成 (\d+)/7", line).group(1) for line in lines] == ["3", "6", "7"]  # type: ignore[union-attr]
    assert "出错 1 个" in lines[0] and "预计剩余" in lines[0] and "预计剩余" not in lines[-1]


def test_progress_bar_on_a_terminal_shows_the_current_target() -> None:
    console = Console(record=True, force_terminal=True, width=200)
    targets = [(m.TargetKind.SITE, "s1"), (m.TargetKind.SITE, "s2")]
    with RoundProgress(console, "检查", 2, label=lambda t: f"网站{t[1]}") as bar:
        bar.update(targets[0], "started")
        bar.update(targets[1], "started")
        bar.update(targets[0], "done")
        assert bar.bar is not None
        task = bar.bar.tasks[0]
        assert task.completed == 1 and task.fields["current"] == "网站s2"
        assert bar.eta_s() is not None


def test_round_run_lists_unjudged_targets_and_exits_1(served: Served, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govinspect.cli import app

    settings = Settings(data_dir=tmp_path / "data")
    store, hm = set_up_county_round(served, settings, ("县财政局",))
    reg = store.load_registry()
    site = next(s for s in reg.sites if s.unit == "县财政局")
    broken = site.model_copy(update={"home_url": "http://czj.meixi.gov.cn:99999/"})
    store.save_registry(reg.model_copy(update={"sites": (broken,), "accounts": ()}))
    args = ["--data-dir", str(settings.data_dir), "round", "run", "R", "--host-map", str(hm)]
    res = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    assert res.exit_code == 1, res.output
    assert "以下 1 个对象未能判定" in res.output and f"网站“{site.name}”（县财政局）待核实" in res.output
    assert "端口或格式无效" in res.output and "运行配置问题" in res.output
