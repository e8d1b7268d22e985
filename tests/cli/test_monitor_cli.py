"""`govinspect schedule list|set|run` and `govinspect alert list|test` on a real store."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from govinspect import model as m
from govinspect.cli import app
from govinspect.store import AlertSendRow, MonitorStore, Store, UserStore

runner = CliRunner()


def _run(data: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--data-dir", str(data), *args], env={"COLUMNS": "250"})


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    assert _run(d, "init").exit_code == 0
    return d


def _store(data: Path) -> Store:
    return Store(f"sqlite:///{data / 'govinspect.db'}")


def test_schedule_list_shows_the_defaults(data: Path) -> None:
    res = _run(data, "schedule", "list")
    assert res.exit_code == 0, res.output
    for name in ("首页可用性监测", "每日巡检", "每周全面检查", "整改复查", "每日汇总"):
        assert name in res.output
    assert "every 30m" in res.output


def test_schedule_set_changes_and_audits(data: Path) -> None:
    res = _run(data, "schedule", "set", "每日巡检", "--trigger", "0 7 * * *", "--disable")
    assert res.exit_code == 0, res.output
    row = MonitorStore(_store(data)).schedule("每日巡检")
    assert (row.trigger, row.enabled) == ("0 7 * * *", False)
    [entry] = UserStore(_store(data)).audit_entries(action="修改计划任务")
    assert entry.before == {"trigger": "0 6 * * *", "enabled": True} and entry.after == {
        "trigger": "0 7 * * *",
        "enabled": False,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["每日巡检", "--trigger", "每天七点"], "无法识别"),
        (["每小时巡检", "--disable"], "没有名为“每小时巡检”的计划任务"),
        (["每日巡检"], "请给出 --trigger"),
    ],
)
def test_schedule_set_refuses_bad_input_and_changes_nothing(
    data: Path, args: list[str], message: str
) -> None:
    _run(data, "schedule", "list")
    res = _run(data, "schedule", "set", *args)
    assert res.exit_code == 1 and message in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert MonitorStore(_store(data)).schedule("每日巡检").trigger == "0 6 * * *"


def test_schedule_run_records_history(data: Path) -> None:
    res = _run(data, "schedule", "run", "每日汇总")
    assert res.exit_code == 0 and "运行成功" in res.output, res.output
    [run] = MonitorStore(_store(data)).runs("每日汇总")
    assert run.outcome == "成功"


def test_alert_list_masks_phone_numbers(data: Path) -> None:
    _run(data, "schedule", "list")
    at = dt.datetime(2023, 10, 9, 9, tzinfo=m.TZ)
    MonitorStore(_store(data)).add_send(
        AlertSendRow(condition_key="k", event="预警", unit="县教育局", urgent=True, channel="sms", recipient="13812345678",
                     title="【网站监测预警】梅溪县教育局", text="x", state="失败", attempts=4, not_before=at, created_at=at,
                     error="渠道“sms”未配置")
    )  # fmt: skip
    res = _run(data, "alert", "list")
    assert res.exit_code == 0, res.output
    assert "138****5678" in res.output and "13812345678" not in res.output
    assert "县教育局" in _run(data, "alert", "list", "--state", "失败").output
    assert "县教育局" not in _run(data, "alert", "list", "--state", "成功").output


class _Robot(BaseHTTPRequestHandler):
    got: list[dict[str, object]] = []

    def do_POST(self) -> None:  # http.server hook
        _Robot.got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        body = b'{"errcode": 0, "errmsg": "ok"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def robot() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/send"
    server.shutdown()


def test_alert_test_reaches_a_robot(data: Path, robot: str) -> None:
    office = data / "office.yaml"
    cfg = yaml.safe_load(office.read_text(encoding="utf-8")) or {}
    cfg["monitor"] = {"webhooks": [{"name": "县政府办群", "kind": "wecom", "url": robot}]}
    office.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    _Robot.got.clear()
    res = _run(data, "alert", "test", "--channel", "webhook:县政府办群")
    assert res.exit_code == 0, res.output
    assert "测试消息" in str(_Robot.got[0]["text"])


def test_alert_test_refuses_an_unknown_channel(data: Path) -> None:
    res = _run(data, "alert", "test", "--channel", "webhook:无此机器人")
    assert res.exit_code == 1 and "没有“webhook:无此机器人”这一渠道" in res.output


def test_baseline_confirm_refuses_unknown_sites_and_sites_never_seen(data: Path) -> None:
    reg = m.Registry(units=(m.Unit(name="县教育局"),),
                     sites=(m.Site(code="S1", name="梅溪县教育局", home_url="http://jyj.meixi.gov.cn/", unit="县教育局"),))  # fmt: skip
    _store(data).save_registry(reg)
    res = _run(data, "baseline", "confirm", "S9")
    assert res.exit_code == 1 and "台账中没有网站标识码 S9" in res.output
    res = _run(data, "baseline", "confirm", "S1")
    assert res.exit_code == 1 and "还没有读到首页的日常巡检记录" in res.output
    assert MonitorStore(_store(data)).latest_snapshots("baseline", dt.datetime.now(m.TZ)) == {}


def test_baseline_confirm_takes_the_latest_daily_look(data: Path) -> None:
    reg = m.Registry(units=(m.Unit(name="县教育局"),),
                     sites=(m.Site(code="S1", name="梅溪县教育局", home_url="http://jyj.meixi.gov.cn/", unit="县教育局"),))  # fmt: skip
    _store(data).save_registry(reg)
    at = dt.datetime.now(m.TZ) - dt.timedelta(hours=1)
    MonitorStore(_store(data)).add_snapshots(
        "daily", [("site", "S1", at, {"home_print": {"text": ["ab12"], "links": []}})]
    )
    res = _run(data, "baseline", "confirm", "S1")
    assert res.exit_code == 0 and "已确认 1 个网站的首页基线" in res.output
    base = MonitorStore(_store(data)).latest_snapshots("baseline", dt.datetime.now(m.TZ))["S1"].data
    assert base == {"text": ["ab12"], "links": [], "confirmed_by": "命令行"}
    assert UserStore(_store(data)).audit_entries(action="确认首页基线")[0].object == "网站:S1"
