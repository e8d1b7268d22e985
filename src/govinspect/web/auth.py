"""Who is asking: password login with throttling and lockout, session cookies, API tokens, CSRF.

Brute force is answered three ways: every failure is answered more slowly (doubling up to a cap);
five failures for one account name within 15 minutes lock it for 15 minutes (whether or not the
account exists, so locking reveals nothing); twenty failures from one address within 15 minutes
refuse that address for the rest of the window.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from govinspect import model as m
from govinspect.store import User, UserStore

WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
MAX_FAILS_PER_NAME = 5
MAX_FAILS_PER_IP = 20
DELAY_BASE_S = 0.25
DELAY_CAP_S = 4.0
SESSION_COOKIE = "gi_session"
LOGIN_CSRF_COOKIE = "gi_login_csrf"

Sleep = Callable[[float], Awaitable[None]]


class LoginRefused(Exception):
    """A refused login: the Chinese message shown on the page and the HTTP status."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class LoginPolicy:
    sleep: Sleep = asyncio.sleep
    delay_base_s: float = DELAY_BASE_S
    delay_cap_s: float = DELAY_CAP_S


def failure_delay(failures: int, policy: LoginPolicy) -> float:
    """Seconds to hold the answer after the n-th recent failure: 0.25, 0.5, 1, 2, 4, 4 …"""
    if failures <= 0:
        return 0.0
    return float(min(policy.delay_base_s * 2 ** (failures - 1), policy.delay_cap_s))


async def login(users: UserStore, name: str, password: str, ip: str, policy: LoginPolicy) -> User:
    """The user when name and password are right and neither the account nor the address is locked."""
    name = name.strip()[:100]
    t = dt.datetime.now(m.TZ)
    if users.failures_since(t - WINDOW, ip=ip) >= MAX_FAILS_PER_IP:
        raise LoginRefused("本地址登录失败次数过多，请 15 分钟后再试。", 429)
    if users.failures_since(t - LOCK, name=name) >= MAX_FAILS_PER_NAME:
        raise LoginRefused("该账号登录失败次数过多，已锁定 15 分钟；如需立即解锁请联系系统管理员。", 429)
    user = users.check_password(name, password) if password else None
    if user is None or not user.active:
        users.record_attempt(name, ip, False)
        fails = users.failures_since(t - WINDOW, name=name)
        known = users.get_user(name)
        if known is not None:  # shown to the admin; the lock itself is decided from the attempts above
            users.set_lock(known.id, fails, t + LOCK if fails >= MAX_FAILS_PER_NAME else None)
        await policy.sleep(failure_delay(fails, policy))
        raise LoginRefused("用户名或密码不正确。", 401)
    users.record_attempt(name, ip, True)
    users.set_lock(user.id, 0, None)
    return user


def csrf_ok(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the one the request carries."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
