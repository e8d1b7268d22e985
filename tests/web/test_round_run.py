"""A round started from the platform runs as a background `round run` over the simulated county (real HTTP
on loopback): live progress, a second start refused, stop and resume, then a rejudge with another profile."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import PASSWORD, log_in
from govinspect.config import Settings
from govinspect.store.users import UserStore
from govinspect.web.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "jobs"))
from county_server import Served, serve_county, set_up_county_round

pytestmark = pytest.mark.slow
UNITS = ("梅溪县", "县发改委", "县教育局", "县民政局")


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    yield from serve_county()


def _fragment(client: TestClient) -> str:
    r = client.get("/rounds/R/progress")
    assert r.status_code == 200
    return r.text


def _wait_idle(client: TestClient, timeout: float = 400) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frag = _fragment(client)
        if 'data-active="0"' in frag and ("已结束" in frag or "未完成" in frag):
            return frag
        time.sleep(0.5)
    pytest.fail("the round did not finish in time")


def _counts(frag: str) -> tuple[int, int] | None:
    """(finished, total) shown in the fragment; None while the targets are being prepared."""
    found = re.search(r'<span class="done">(\d+)</span>/<span class="total">(\d+)</span>', frag)
    return (int(found[1]), int(found[2])) if found else None


def test_run_from_the_browser_with_progress_stop_resume_and_rejudge(served: Served, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    store, host_map = set_up_county_round(served, settings, UNITS)
    UserStore(store).add_user("sup", "supervisor", PASSWORD)
    app = create_app(settings, store=store, host_map=host_map)
    with TestClient(app, base_url="http://testserver") as client:
        csrf = log_in(client, "sup")
        assert (
            client.post("/rounds/R/run", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
        )
        second = client.post("/rounds/R/run", data={"csrf_token": csrf})
        assert second.status_code == 409 and "正在运行检查" in second.text
        api = client.post("/api/v1/rounds/R/run", headers={"X-CSRF-Token": csrf})
        assert api.status_code == 409 and "正在运行检查" in api.json()["error"]["message"]

        deadline = time.monotonic() + 300  # live progress while it runs; then stop it (Ctrl-C)
        while time.monotonic() < deadline:
            frag = _fragment(client)
            counts = _counts(frag)
            if 'data-active="1"' in frag and counts and counts[0] >= 1:
                break
            time.sleep(0.3)
        assert 'hx-trigger="every 2s"' in frag and "正在运行检查" in frag
        assert counts and 1 <= counts[0] < counts[1], "the round finished before it could be stopped"
        assert (
            client.post("/rounds/R/stop", data={"csrf_token": csrf}, follow_redirects=False).status_code
            == 303
        )
        stopped = _wait_idle(client)
        assert "退出码 130" in stopped and "已中断，重新运行即可续跑" in stopped, stopped
        assert store.lease("R") is None

        assert (
            client.post("/rounds/R/run", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
        )
        finished = _wait_idle(client)
        assert "运行检查已结束" in finished and "hx-get" not in finished, finished
        assert _counts(finished) == (len(store.target_status("R")),) * 2
        assert set(store.target_status("R").values()) <= {"done", "failed"}
        assert {r.target for r in store.results("R")} == {key for _kind, key in store.target_status("R")}

        assert store.get_round("R").profile == "meixi-demo"
        r = client.post("/rounds/R/rejudge", data={"csrf_token": csrf, "profile": "national-2019"},
                        follow_redirects=False)  # fmt: skip
        assert r.status_code == 303
        rejudged = _wait_idle(client)
        assert "重新判定已结束" in rejudged, rejudged
        assert store.get_round("R").profile == "national-2019"
        actions = [a.action for a in UserStore(store).audit_entries(actor="sup")]
        assert actions[:5] == ["重新判定检查轮次", "运行检查轮次", "中断检查轮次", "运行检查轮次", "登录"]
