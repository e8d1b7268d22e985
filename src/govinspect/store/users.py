"""Platform accounts in the store: users, login sessions, API tokens, login attempts and the audit log.

Secrets never reach the database in the clear: passwords are argon2 hashes, session and API tokens
are stored as SHA-256 digests of random values shown to their holder once. The audit log is
append-only: this module has no function that updates or deletes its rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from govinspect import model as m
from govinspect.store.api import Store, StoreError
from govinspect.store.tables import AwareDateTime, Base, UnitRow

ROLES = {
    "admin": "系统管理员",
    "supervisor": "督查员",
    "reviewer": "审核员",
    "unit": "填报单位",
    "viewer": "上级/只读",
}
SCOPED_ROLES = {"unit"}  # roles that must name their unit
SESSION_HOURS = 8
SESSION_IDLE_MINUTES = 30


class UserRow(Base):
    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class SessionRow(Base):
    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    last_used: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginAttemptRow(Base):
    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime, index=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    object: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    ip: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True, slots=True)
class User:
    """A platform account as the web layer sees it (no secrets)."""

    id: int
    name: str
    role: str
    unit: str | None
    active: bool
    locked_until: dt.datetime | None

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


def now() -> dt.datetime:
    return dt.datetime.now(m.TZ)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(r: UserRow) -> User:
    return User(r.id, r.name, r.role, r.unit, r.active, r.locked_until)


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def generate_password() -> str:
    """A random password for a user who did not choose one (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def _check_role(role: str, unit: str | None) -> None:
    if role not in ROLES:
        raise StoreError(f"角色“{role}”不存在，应为 {'、'.join(ROLES)} 之一")
    if role in SCOPED_ROLES and not unit:
        raise StoreError(f"{ROLES[role]}账号须指定所属单位")


class UserStore:
    """Users, sessions, tokens, attempts and audit entries of one Store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- users -------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str, unit: str | None = None) -> User:
        name = name.strip()
        if not name:
            raise StoreError("用户名不能为空")
        _check_role(role, unit)
        if len(password) < 10:
            raise StoreError("密码至少 10 个字符")
        with self.store.session() as s:
            if unit is not None and s.scalar(select(UnitRow.id).where(UnitRow.name == unit)) is None:
                raise StoreError(f"单位“{unit}”不在底账中，请先导入台账")
            if s.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
                raise StoreError(f"用户“{name}”已存在")
            row = UserRow(
                name=name, role=role, unit=unit, password_hash=hash_password(password),
                active=True, failed_logins=0, created_at=now(),
            )  # fmt: skip
            s.add(row)
            s.flush()
            return _user(row)

    def set_password(self, user_id: int, password: str) -> None:
        """Replace the user's password and end every session of theirs (a stolen session dies with it)."""
        if len(password) < 10:
            raise StoreError("密码至少 10 个字符")
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                raise StoreError("账号不存在")
            row.password_hash = hash_password(password)
            row.failed_logins, row.locked_until = 0, None
            s.execute(delete(SessionRow).where(SessionRow.user_id == user_id))

    def update_user(
        self, user_id: int, *, role: str, unit: str | None, active: bool
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Change role, unit and whether the account may sign in; (before, after) for the audit log.

        The last active 系统管理员 cannot be demoted or deactivated, so the platform always has one.
        Deactivating an account ends its sessions and revokes its API tokens' use (checked at each request).
        """
        unit = unit or None
        _check_role(role, unit)
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                raise StoreError("账号不存在")
            if unit is not None and s.scalar(select(UnitRow.id).where(UnitRow.name == unit)) is None:
                raise StoreError(f"单位“{unit}”不在底账中")
            if row.role == "admin" and row.active and (role != "admin" or not active):
                admins = s.scalar(
                    select(func.count(UserRow.id)).where(UserRow.role == "admin", UserRow.active.is_(True))
                )
                if (admins or 0) <= 1:
                    raise StoreError("这是唯一在用的系统管理员账号，不能停用或改为其他角色")
            before = {"role": row.role, "unit": row.unit, "active": row.active}
            row.role, row.unit, row.active = role, unit, active
            if not active:
                s.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
            return before, {"role": role, "unit": unit, "active": active}

    def get_user(self, name: str) -> User | None:
        with self.store.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            return _user(row) if row else None

    def user_by_id(self, user_id: int) -> User | None:
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            return _user(row) if row else None

    def list_users(self) -> list[User]:
        with self.store.session() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.id))]

    def check_password(self, name: str, password: str) -> User | None:
        """The user when the password matches (rehashing an outdated hash), else None."""
        from argon2.exceptions import InvalidHashError, VerificationError

        ph = _hasher()
        with self.store.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                ph.hash(password)  # spend the same time as for a real user: no user enumeration by timing
                return None
            try:
                ph.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                return None
            if ph.check_needs_rehash(row.password_hash):
                row.password_hash = ph.hash(password)
            return _user(row)

    def set_lock(self, user_id: int, failed: int, locked_until: dt.datetime | None) -> None:
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            if row is not None:
                row.failed_logins, row.locked_until = failed, locked_until

    def failed_logins(self, user_id: int) -> int:
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            return row.failed_logins if row else 0

    # -- login attempts ----------------------------------------------------
    def record_attempt(self, name: str, ip: str, ok: bool) -> None:
        with self.store.session() as s:
            s.add(LoginAttemptRow(name=name[:100], ip=ip[:64], at=now(), ok=ok))

    def failures_since(self, since: dt.datetime, *, name: str | None = None, ip: str | None = None) -> int:
        q = select(func.count(LoginAttemptRow.id)).where(
            LoginAttemptRow.at >= since, LoginAttemptRow.ok.is_(False)
        )
        if name is not None:
            q = q.where(LoginAttemptRow.name == name)
        if ip is not None:
            q = q.where(LoginAttemptRow.ip == ip)
        with self.store.session() as s:
            return int(s.scalar(q) or 0)

    # -- sessions ----------------------------------------------------------
    def create_session(self, user_id: int) -> tuple[str, str]:
        """A new login session: (cookie token, CSRF token). Only the token's digest is stored."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        t = now()
        with self.store.session() as s:
            s.add(
                SessionRow(
                    token_hash=digest(token), user_id=user_id, csrf=csrf, created_at=t, last_seen=t,
                    expires_at=t + dt.timedelta(hours=SESSION_HOURS),
                )
            )  # fmt: skip
        return token, csrf

    def session_user(self, token: str) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session; touches its idle timer. None when expired or unknown."""
        t = now()
        with self.store.session() as s:
            row = s.scalar(select(SessionRow).where(SessionRow.token_hash == digest(token)))
            if row is None:
                return None
            if row.expires_at <= t or row.last_seen + dt.timedelta(minutes=SESSION_IDLE_MINUTES) <= t:
                s.delete(row)
                return None
            user = s.get(UserRow, row.user_id)
            if user is None or not user.active:
                return None
            row.last_seen = t
            return _user(user), row.csrf

    def end_session(self, token: str) -> None:
        with self.store.session() as s:
            s.execute(delete(SessionRow).where(SessionRow.token_hash == digest(token)))

    # -- API tokens --------------------------------------------------------
    def create_token(self, user_id: int, label: str = "") -> str:
        """A new API token for the user; shown once, stored as its digest."""
        token = "gi_" + secrets.token_urlsafe(32)
        with self.store.session() as s:
            s.add(ApiTokenRow(token_hash=digest(token), user_id=user_id, label=label, created_at=now()))
        return token

    def tokens(self, user_id: int) -> list[ApiTokenRow]:
        """The user's API tokens (digests only), newest first."""
        with self.store.session() as s:
            q = select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.id.desc())
            return list(s.scalars(q))

    def revoke_token(self, user_id: int, token_id: int) -> ApiTokenRow | None:
        """Revoke one of the user's own API tokens; None when the user holds no such token."""
        with self.store.session() as s:
            row = s.get(ApiTokenRow, token_id)
            if row is None or row.user_id != user_id:
                return None
            row.revoked = True
            s.flush()
            s.expunge(row)
            return row

    def token_user(self, token: str) -> User | None:
        with self.store.session() as s:
            row = s.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(token)))
            if row is None or row.revoked:
                return None
            user = s.get(UserRow, row.user_id)
            if user is None or not user.active:
                return None
            row.last_used = now()
            return _user(user)

    # -- audit log ---------------------------------------------------------
    def audit(
        self,
        actor: str,
        action: str,
        obj: str = "",
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        ip: str = "",
        detail: str = "",
    ) -> None:
        """Append one entry to the audit log (who, when, what, before → after)."""
        with self.store.session() as s:
            s.add(
                AuditRow(at=now(), actor=actor, action=action, object=obj, before=before, after=after,
                         ip=ip[:64], detail=detail)
            )  # fmt: skip

    def audit_entries(
        self, *, actor: str | None = None, action: str | None = None, limit: int | None = 200
    ) -> list[AuditRow]:
        """Audit entries, newest first, optionally of one actor and/or one action."""
        q = select(AuditRow).order_by(AuditRow.id.desc())
        if actor:
            q = q.where(AuditRow.actor == actor)
        if action:
            q = q.where(AuditRow.action == action)
        if limit is not None:
            q = q.limit(limit)
        with self.store.session() as s:
            return list(s.scalars(q))
