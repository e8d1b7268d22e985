"""Delivery against real local receivers: aiosmtpd for e-mail, an aiohttp server per robot format."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from govinspect import model as m
from govinspect.config import AlertSettings, MonitorConfig, Recipient, SmtpSettings, Webhook
from govinspect.monitor import (
    Condition,
    DeliveryError,
    deliver_due,
    post_webhook,
    reconcile,
    send_email,
    senders,
)
from govinspect.store import MonitorStore, Store

SECRET = "SEC0123456789abcdef"
AT = dt.datetime(2023, 10, 9, 9, 0, tzinfo=m.TZ)  # a Monday inside the window


@dataclass
class Robots:
    base: str
    got: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    flaky_calls: int = 0


@pytest.fixture
def robots() -> Iterator[Robots]:
    """One local receiver per robot format; /flaky fails twice, then accepts."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    state = Robots("")

    async def handle(request: web.Request) -> web.Response:
        kind = request.match_info["kind"]
        body = await request.json()
        if kind == "flaky":
            state.flaky_calls += 1
            if state.flaky_calls <= 2:
                return web.Response(status=502)
        if kind == "dingtalk":
            ts = request.query["timestamp"]
            mac = hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest()
            if request.query["sign"] != base64.b64encode(mac).decode():
                return web.json_response({"errcode": 310000, "errmsg": "sign not match"})
        if kind == "feishu":
            mac = hmac.new(f"{body['timestamp']}\n{SECRET}".encode(), b"", hashlib.sha256).digest()
            if body["sign"] != base64.b64encode(mac).decode():
                return web.json_response({"code": 19021, "msg": "sign match fail"})
        state.got.setdefault(kind, []).append(body)
        if kind == "feishu":
            return web.json_response({"code": 0, "msg": "success"})
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def serve() -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/{kind}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        return runner

    runner = asyncio.run_coroutine_threadsafe(serve(), loop).result(10)
    port = runner.addresses[0][1]
    state.base = f"http://127.0.0.1:{port}"
    yield state
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd hook
        self.messages.append(envelope.content)
        return "250 OK"


def _auth(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == b"office" and data.password == b"pw-from-env"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ctl = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_auth, auth_require_tls=False)
    ctl.start()
    yield inbox, port
    ctl.stop()


def _subject(raw: bytes) -> str:
    return str(make_header(decode_header(message_from_bytes(raw)["Subject"])))


def test_email_with_login_is_delivered(
    smtp_server: tuple[_Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp_server
    monkeypatch.setenv("GI_SMTP_PW", "pw-from-env")
    smtp = SmtpSettings(host="127.0.0.1", port=port, security="none", user="office", password_env="GI_SMTP_PW",
                        sender="jk@meixi.gov.cn")  # fmt: skip
    send_email(smtp, "fzr@meixi.gov.cn", "【网站监测预警】梅溪县教育局", "首页连续 3 次无法访问。")
    assert len(inbox.messages) == 1
    assert _subject(inbox.messages[0]) == "【网站监测预警】梅溪县教育局"


def test_email_with_a_wrong_password_is_not_delivered(
    smtp_server: tuple[_Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp_server
    monkeypatch.setenv("GI_SMTP_PW", "wrong")
    smtp = SmtpSettings(
        host="127.0.0.1", port=port, security="none", user="office", password_env="GI_SMTP_PW"
    )
    with pytest.raises(DeliveryError, match="邮件发送失败"):
        send_email(smtp, "fzr@meixi.gov.cn", "标题", "正文")
    assert inbox.messages == []


def test_no_sender_is_refused_before_connecting(smtp_server: tuple[_Inbox, int]) -> None:
    inbox, port = smtp_server
    with pytest.raises(DeliveryError, match="发件人"):
        send_email(SmtpSettings(host="127.0.0.1", port=port, security="none"), "a@b.cn", "标题", "正文")
    assert inbox.messages == []


def test_starttls_refused_by_a_plain_server_fails_closed(smtp_server: tuple[_Inbox, int]) -> None:
    inbox, port = smtp_server
    with pytest.raises(DeliveryError):
        send_email(
            SmtpSettings(host="127.0.0.1", port=port, sender="jk@meixi.gov.cn"), "a@b.cn", "标题", "正文"
        )
    assert inbox.messages == []


@pytest.mark.parametrize(
    ("kind", "read"),
    [
        ("wecom", lambda b: b["text"]["content"]),
        ("dingtalk", lambda b: b["text"]["content"]),
        ("feishu", lambda b: b["content"]["text"]),
        ("json", lambda b: b["title"] + "\n" + b["text"]),
    ],
)
def test_each_robot_format_is_accepted(
    robots: Robots, monkeypatch: pytest.MonkeyPatch, kind: str, read: Any
) -> None:
    monkeypatch.setenv("GI_ROBOT_SECRET", SECRET)
    hook = Webhook(name=kind, kind=kind, url=f"{robots.base}/{kind}", secret_env="GI_ROBOT_SECRET")  # type: ignore[arg-type]
    post_webhook(hook, "【网站监测预警】梅溪县教育局", "首页连续 3 次无法访问。")
    assert [read(b) for b in robots.got[kind]] == ["【网站监测预警】梅溪县教育局\n首页连续 3 次无法访问。"]


def test_dingtalk_with_a_wrong_secret_is_refused(robots: Robots, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GI_ROBOT_SECRET", "not-the-secret")
    hook = Webhook(
        name="钉钉群", kind="dingtalk", url=f"{robots.base}/dingtalk", secret_env="GI_ROBOT_SECRET"
    )
    with pytest.raises(DeliveryError, match="拒绝"):
        post_webhook(hook, "标题", "正文")
    assert "dingtalk" not in robots.got


def test_dingtalk_sign_is_urlencoded_in_the_url(robots: Robots, monkeypatch: pytest.MonkeyPatch) -> None:
    from govinspect.monitor import dingtalk_sign

    sign = dingtalk_sign(SECRET, 1696813200000)
    raw = base64.b64encode(
        hmac.new(SECRET.encode(), f"1696813200000\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert urllib.parse.unquote_plus(sign) == raw and ("+" not in sign and "/" not in sign)


def test_a_receiver_failing_twice_then_succeeding_gets_the_alert_once(robots: Robots, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.migrate()
    ms = MonitorStore(store)
    cfg = MonitorConfig(
        alerts=AlertSettings(retries=3, backoff_s=60),
        webhooks=[Webhook(name="县政府办群", kind="json", url=f"{robots.base}/flaky")],
    )
    c = Condition("home_down", "县教育局", "4190010003", "梅溪县教育局", "", "首页连续 3 次无法访问")
    reconcile(ms, cfg, [c], {}, AT)
    send = senders(cfg)
    states = []
    for minutes in (0, 1, 2, 3, 4, 10, 30):
        deliver_due(ms, cfg, send, AT + dt.timedelta(minutes=minutes))
        states.append(ms.sends(condition_key=c.key, limit=None)[0].state)
    robot = next(s for s in ms.sends(limit=None) if s.channel.startswith("webhook:"))
    assert robot.state == "成功" and robot.attempts == 3
    assert robots.flaky_calls == 3 and len(robots.got["flaky"]) == 1
    assert "重试中" in states


def test_a_receiver_that_never_answers_ends_failed(robots: Robots, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.migrate()
    ms = MonitorStore(store)
    cfg = MonitorConfig(
        alerts=AlertSettings(retries=1, backoff_s=60),
        webhooks=[Webhook(name="失效机器人", kind="wecom", url="http://127.0.0.1:9/none")],
    )
    c = Condition("home_down", "县教育局", "4190010003", "梅溪县教育局", "", "首页连续 3 次无法访问")
    reconcile(ms, cfg, [c], {}, AT)
    for minutes in (0, 1, 2, 5):
        deliver_due(ms, cfg, senders(cfg), AT + dt.timedelta(minutes=minutes))
    robot = next(s for s in ms.sends(limit=None) if s.channel.startswith("webhook:"))
    assert robot.state == "失败" and robot.attempts == 2 and "无法连接" in (robot.error or "")


def test_recipients_get_email_and_the_bell(smtp_server: tuple[_Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp_server
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.migrate()
    ms = MonitorStore(store)
    cfg = MonitorConfig(
        smtp=SmtpSettings(host="127.0.0.1", port=port, security="none", sender="jk@meixi.gov.cn"),
        recipients=[
            Recipient(unit="县教育局", name="张三", email="zs@meixi.gov.cn"),
            Recipient(unit="县教育局", name="李四", role="联系人", email="ls@meixi.gov.cn", rules=["veto"]),
            Recipient(unit="县民政局", name="王五", email="ww@meixi.gov.cn"),
        ],
    )
    c = Condition("home_down", "县教育局", "4190010003", "梅溪县教育局", "", "首页连续 3 次无法访问")
    reconcile(ms, cfg, [c], {}, AT)
    deliver_due(ms, cfg, senders(cfg), AT)
    to = [json.dumps(message_from_bytes(raw)["To"]) for raw in inbox.messages]
    assert to == ['"zs@meixi.gov.cn"']  # 李四 opted in to vetoes only; 王五 is another unit's
    assert [n.title for n in ms.notifications("县教育局")] == ["【网站监测预警】梅溪县教育局"]
    assert ms.notifications("县民政局") == []
