"""Alert channels: e-mail by SMTP, group-robot webhooks (企业微信, 钉钉, 飞书, generic JSON) and SMS.

Each channel is a `Sender`: called with (recipient, title, text), it returns on delivery and raises
`DeliveryError` (Chinese reason) otherwise. SMS has no provider built in: an office plugs its
gateway in as an `SmsSender`. Webhooks are posted without a proxy (the robots' addresses are the
office's own configuration).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

from govinspect.config import MonitorConfig, SmtpSettings, Webhook

Sender = Callable[[str, str, str], None]
TIMEOUT_S = 10.0


class DeliveryError(Exception):
    """A message was not delivered (the reason in Chinese, kept in the send log)."""


class SmsSender(Protocol):
    """An SMS gateway: deliver `text` to one mobile number or raise DeliveryError."""

    def __call__(self, phone: str, text: str) -> None: ...


def _secret(env: str) -> str:
    return os.environ.get(env, "") if env else ""


def send_email(smtp: SmtpSettings, to: str, title: str, text: str) -> None:
    """One plain-text message through the office's mail server (STARTTLS, SSL or plain; login if set)."""
    if not smtp.host:
        raise DeliveryError("未配置邮件服务器（office.yaml 的 monitor.smtp.host）")
    if not (smtp.sender or smtp.user):
        raise DeliveryError("未配置发件人（office.yaml 的 monitor.smtp.sender）")
    msg = EmailMessage()
    msg["From"] = smtp.sender or smtp.user
    msg["To"] = to
    msg["Subject"] = title
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid()
    msg.set_content(text)
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=TIMEOUT_S, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, _secret(smtp.password_env))
            client.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"邮件发送失败：{type(exc).__name__}") from None


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉自定义机器人加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书自定义机器人签名: base64(HMAC-SHA256(key="timestamp\\nsecret", message=""))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def webhook_request(hook: Webhook, title: str, text: str) -> tuple[str, dict[str, Any]]:
    """The URL and JSON body of one message in the robot's own format."""
    content = f"{title}\n{text}"
    secret = _secret(hook.secret_env)
    if hook.kind == "wecom":
        return hook.url, {"msgtype": "text", "text": {"content": content}}
    if hook.kind == "dingtalk":
        url = hook.url
        if secret:
            ts = int(time.time() * 1000)
            url += ("&" if "?" in url else "?") + f"timestamp={ts}&sign={dingtalk_sign(secret, ts)}"
        return url, {"msgtype": "text", "text": {"content": content}}
    if hook.kind == "feishu":
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": content}}
        if secret:
            ts = int(time.time())
            body |= {"timestamp": str(ts), "sign": feishu_sign(secret, ts)}
        return hook.url, body
    return hook.url, {"title": title, "text": text}


def _accepted(kind: str, reply: bytes) -> bool:
    """Whether the robot accepted the message: errcode 0 (企业微信、钉钉), code 0 (飞书), any 2xx (JSON)."""
    if kind == "json":
        return True
    try:
        data = json.loads(reply or b"{}")
    except ValueError:
        return False
    field = "code" if kind == "feishu" else "errcode"
    return isinstance(data, dict) and data.get(field, data.get("StatusCode")) == 0


def post_webhook(hook: Webhook, title: str, text: str) -> None:
    """POST one message to a robot; an HTTP error or a refusal in the reply is a DeliveryError."""
    url, body = webhook_request(hook, title, text)
    req = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=TIMEOUT_S) as resp:
            reply = resp.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"机器人“{hook.name}”返回 HTTP {exc.code}") from None
    except (OSError, ValueError) as exc:
        raise DeliveryError(f"机器人“{hook.name}”无法连接：{type(exc).__name__}") from None
    if not _accepted(hook.kind, reply):
        raise DeliveryError(f"机器人“{hook.name}”拒绝了消息：{reply[:200].decode(errors='replace')}")


def senders(cfg: MonitorConfig, sms: SmsSender | None = None) -> dict[str, Sender]:
    """Channel name → sender for the configured channels ("webhook:<name>" per robot; in-app is the store's)."""
    out: dict[str, Sender] = {"email": lambda to, title, text: send_email(cfg.smtp, to, title, text)}
    if sms is not None:
        out["sms"] = lambda phone, title, text: sms(phone, f"{title}\n{text}")
    for hook in cfg.webhooks:
        out[f"webhook:{hook.name}"] = _robot(hook)
    return out


def _robot(hook: Webhook) -> Sender:
    return lambda _to, title, text: post_webhook(hook, title, text)
